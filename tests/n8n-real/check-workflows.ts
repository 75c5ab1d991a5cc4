// Static checks of the shipped workflows against the node descriptions of the installed n8n (its
// n8n-nodes-base/dist/types/nodes.json): every node type and version exists, every parameter and option name is
// one the node knows (a typo would be silently ignored by n8n), credentials match credentials.example.json, and
// the connections join existing nodes (an error output only where the node has one).
import fs from 'node:fs'
import path from 'node:path'
import type { N8nWorkflow } from './doubles'

type Property = { name: string; type: string; options?: (Property & { values?: Property[] })[] }
type NodeDescription = { name: string; version: number | number[]; properties: Property[]; credentials?: { name: string }[] }
export type Credential = { id: string; name: string; type: string; data: Record<string, string> }

export function loadNodeDescriptions(n8nDir: string): NodeDescription[] {
  return JSON.parse(fs.readFileSync(path.join(n8nDir, 'node_modules', 'n8n-nodes-base', 'dist', 'types', 'nodes.json'), 'utf8'))
}

function describe(descriptions: NodeDescription[], type: string, version: number) {
  const name = type.replace(/^n8n-nodes-base\./, '')
  return descriptions.find((d) => d.name === name && (Array.isArray(d.version) ? d.version : [d.version]).includes(version))
}

/** Unknown keys inside a collection or fixedCollection value, at any depth. */
function unknownKeys(value: unknown, property: Property, where: string): string[] {
  if (!value || typeof value !== 'object' || !property.options) return []
  if (property.type === 'collection') {
    return Object.entries(value).flatMap(([key, inner]) => {
      const option = (property.options as Property[]).find((o) => o.name === key)
      return option ? unknownKeys(inner, option, `${where}.${key}`) : [`${where}.${key} : option inconnue`]
    })
  }
  if (property.type !== 'fixedCollection') return []
  return Object.entries(value).flatMap(([key, inner]) => {
    const group = property.options!.find((o) => o.name === key)
    if (!group?.values) return [`${where}.${key} : option inconnue`]
    const entries = (Array.isArray(inner) ? inner : [inner]) as Record<string, unknown>[]
    return entries.flatMap((entry) =>
      Object.entries(entry ?? {}).flatMap(([field, fieldValue]) => {
        const fieldProperty = group.values!.find((v) => v.name === field)
        return fieldProperty ? unknownKeys(fieldValue, fieldProperty, `${where}.${key}.${field}`) : [`${where}.${key}.${field} : champ inconnu`]
      }),
    )
  })
}

export function checkWorkflow(workflow: N8nWorkflow, descriptions: NodeDescription[], credentials: Credential[]): string[] {
  const problems: string[] = []
  const names = new Set(workflow.nodes.map((n) => n.name))
  if (names.size !== workflow.nodes.length) problems.push('deux nœuds portent le même nom')
  for (const node of workflow.nodes) {
    const description = describe(descriptions, node.type, node.typeVersion)
    if (!description) {
      problems.push(`« ${node.name} » : ${node.type} v${node.typeVersion} inconnu de cette version de n8n`)
      continue
    }
    const properties = description.properties.filter((p) => p.type !== 'notice')
    for (const [key, value] of Object.entries(node.parameters)) {
      const candidates = properties.filter((p) => p.name === key)
      if (!candidates.length) {
        problems.push(`« ${node.name} » : paramètre inconnu ${key}`)
        continue
      }
      // Several properties can share a name (shown for different operations): accept if one of them fits.
      const fits = candidates.map((p) => unknownKeys(value, p, `« ${node.name} » : ${key}`))
      if (fits.every((f) => f.length)) problems.push(...fits.reduce((a, b) => (b.length < a.length ? b : a)))
    }
    for (const [type, ref] of Object.entries(node.credentials ?? {})) {
      // The HTTP Request node takes any credential type, named in nodeCredentialType or genericAuthType.
      const httpType = node.type.endsWith('.httpRequest') && [node.parameters.nodeCredentialType, node.parameters.genericAuthType].includes(type)
      if (!description.credentials?.some((c) => c.name === type) && !httpType) {
        problems.push(`« ${node.name} » : identifiant de type ${type} non accepté par ce nœud`)
      }
      const example = credentials.find((c) => c.id === ref.id)
      if (!example) problems.push(`« ${node.name} » : identifiant ${ref.id} absent de credentials.example.json`)
      else if (example.type !== type || example.name !== ref.name) problems.push(`« ${node.name} » : identifiant ${ref.id} différent dans credentials.example.json`)
    }
  }
  for (const [from, outputs] of Object.entries(workflow.connections as Record<string, { main: { node: string }[][] }>)) {
    const source = workflow.nodes.find((n) => n.name === from)
    if (!source) problems.push(`connexion depuis un nœud inconnu « ${from} »`)
    outputs.main.forEach((targets, index) => {
      for (const target of targets) if (!names.has(target.node)) problems.push(`connexion vers un nœud inconnu « ${target.node} »`)
      if (index > 0 && targets.length && source && !['n8n-nodes-base.if', 'n8n-nodes-base.switch'].includes(source.type) && source.onError !== 'continueErrorOutput') {
        problems.push(`« ${from} » : sortie d’erreur branchée sans onError = continueErrorOutput`)
      }
    })
  }
  return problems
}
