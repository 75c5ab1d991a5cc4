// The requests n8n accepts: the shipped workflows' own "Valider la demande" code (run here in a sandbox) and the
// contract's request schemas, which the simulator answers with, must refuse exactly the same payloads, with the
// same reasons. So a payload the real workflows would refuse with 400 is refused by the simulator too.
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestRefusal, WEBHOOKS, type ActionType, type PayloadFor } from '~/n8n/contract'
import { startN8nSimulator, type N8nSimulator } from '~/n8n/simulator.server'
import { ROOT } from '../setup/database'

const FILES: Record<ActionType, string> = {
  CONVERTIR_CANDIDAT: 'convertir-candidat.json',
  ENVOYER_DOSSIER: 'envoyer-dossier.json',
  GENERER_DEVIS: 'generer-devis.json',
  ENVOYER_EMAIL: 'envoyer-email.json',
}

function workflowCheck(type: ActionType): (body: unknown) => string | null {
  const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'n8n/workflows', FILES[type]), 'utf8')) as { nodes: { name: string; parameters: { jsCode?: string } }[] }
  const code = workflow.nodes.find((n) => n.name === 'Valider la demande')?.parameters.jsCode
  if (!code) throw new Error(`${FILES[type]} : nœud « Valider la demande » introuvable`)
  const script = new vm.Script(`(function () {\n${code}\n})()`)
  return (body) => {
    const sandbox = { $: () => ({ first: () => ({ json: { body } }) }), $getWorkflowStaticData: () => ({}) }
    const [item] = script.runInNewContext(sandbox) as { json: { valide: boolean; erreur: string | null } }[]
    return item.json.valide ? null : item.json.erreur
  }
}

const common = {
  idempotencyKey: '6f1c2d3e-0000-4000-8000-000000000001',
  actionId: '6f1c2d3e-0000-4000-8000-000000000001',
  callbackUrl: 'http://127.0.0.1:3000/api/n8n/actions/6f1c2d3e-0000-4000-8000-000000000001',
  demandePar: 'Claire Martin',
  prospect: { id: 'PROS_000001', prenom: 'Marie', nom: 'Dumitru', email: 'marie@exemple.fr', telephone: null, ville: 'Lyon' },
}
const valid: { [T in ActionType]: PayloadFor[T] } = {
  CONVERTIR_CANDIDAT: {
    ...common,
    candidat: { numeroDossier: 'DUMI15092024', dateConversion: '2024-09-15T10:00:00.000Z' },
    formation: { id: 'SERTISSAGE', nom: 'Sertissage' },
    session: { id: 's1', libelle: 'Session de janvier', dateDebut: '2027-01-04', dateFin: '2027-06-30' },
    dossierDrive: { nom: '[DUMI15092024] Marie Dumitru', sousDossiers: ['01 - Documents administratifs', '02 - Financement'] },
    documentsRequis: [{ libelle: 'Pièce d’identité', obligatoire: true }],
  },
  ENVOYER_DOSSIER: { ...common, destinataire: 'marie@exemple.fr', formation: { id: 'SERTISSAGE', nom: 'Sertissage' } },
  GENERER_DEVIS: {
    ...common,
    formation: { id: 'SERTISSAGE', nom: 'Sertissage', prixEuros: 4200, dureeHeures: 350 },
    modeFinancement: 'CPF',
    devis: { nomFichier: 'Devis DUMITRU Marie — Sertissage.pdf' },
  },
  ENVOYER_EMAIL: { ...common, destinataire: 'marie@exemple.fr', typeEmail: 'relance', messageAssistant: null, formation: null },
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value))

/** Every leaf and object of the payload, replaced by hostile values one at a time, plus a few whole-body cases. */
function variants(type: ActionType): { name: string; body: unknown }[] {
  const out: { name: string; body: unknown }[] = [
    { name: 'valide', body: valid[type] },
    { name: 'corps null', body: null },
    { name: 'corps tableau', body: [] },
    { name: 'corps vide', body: {} },
  ]
  const replacements: [string, Json | undefined][] = [
    ['absent', undefined],
    ['null', null],
    ['vide', ''],
    ['espaces', '   '],
    ['nombre', 42],
    ['négatif', -1],
    ['zéro', 0],
    ['texte', 'abc'],
    ['objet vide', {}],
    ['liste vide', []],
    ['liste avec un vide', ['']],
    ['liste d’objets vides', [{}]],
  ]
  const walk = (value: Json, at: string[]) => {
    if (at.length) {
      for (const [label, replacement] of replacements) {
        const body = clone(valid[type]) as unknown as Record<string, Json>
        let parent: Record<string, Json> = body
        for (const key of at.slice(0, -1)) parent = parent[key] as Record<string, Json>
        if (replacement === undefined) delete parent[at[at.length - 1]]
        else parent[at[at.length - 1]] = replacement
        out.push({ name: `${at.join('.')} ${label}`, body })
      }
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, [...at, k])
  }
  walk(valid[type] as unknown as Json, [])
  const special: Partial<Record<ActionType, [string, (b: Record<string, unknown>) => void][]>> = {
    ENVOYER_DOSSIER: [['destinataire sans domaine', (b) => (b.destinataire = 'marie@exemple')]],
    ENVOYER_EMAIL: [
      ['typeEmail inconnu', (b) => (b.typeEmail = 'spam')],
      ['messageAssistant de 5001 caractères', (b) => (b.messageAssistant = 'x'.repeat(5001))],
      ['messageAssistant de 5000 caractères', (b) => (b.messageAssistant = 'x'.repeat(5000))],
    ],
  }
  out.push({ name: 'callbackUrl ftp', body: { ...clone(valid[type]), callbackUrl: 'ftp://exemple.fr/rappel' } })
  for (const [name, change] of special[type] ?? []) {
    const body = clone(valid[type]) as unknown as Record<string, unknown>
    change(body)
    out.push({ name, body })
  }
  return out
}

const reasons = (erreur: string | null) => (erreur === null ? null : new Set(erreur.replace(/^Demande invalide : /, '').split(' ; ')))

describe.each(Object.keys(WEBHOOKS) as ActionType[])('%s', (type) => {
  const check = workflowCheck(type)
  it('le schéma du contrat refuse exactement ce que refuse le workflow livré, pour les mêmes raisons', () => {
    const cases = variants(type)
    expect(cases.length).toBeGreaterThan(50)
    const disagreements = cases
      .map(({ name, body }) => ({ name, workflow: check(body), contrat: requestRefusal(type, body) }))
      .filter((c) => JSON.stringify([...(reasons(c.workflow) ?? [])].sort()) !== JSON.stringify([...(reasons(c.contrat) ?? [])].sort()))
    expect(disagreements).toEqual([])
    expect(check(valid[type])).toBeNull()
    expect(cases.filter((c) => check(c.body) !== null).length).toBeGreaterThan(20)
  })
})

describe('le simulateur applique les mêmes règles', () => {
  let sim: N8nSimulator
  beforeAll(async () => {
    sim = await startN8nSimulator({ apiKey: 'cle', callbackSecret: 'secret', callbackAfterSync: false, modes: { GENERER_DEVIS: 'sync' } })
  })
  afterAll(() => sim.stop())

  const post = (type: ActionType, body: unknown) =>
    fetch(`${sim.webhookBaseUrl}/${WEBHOOKS[type]}`, { method: 'POST', headers: { 'X-N8N-API-KEY': 'cle', 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

  it.each(Object.keys(WEBHOOKS) as ActionType[])('%s : 400 « Demande invalide » comme le workflow, 200 pour une demande valide', async (type) => {
    const bad = { ...clone(valid[type]), prospect: { ...common.prospect, nom: ' ' } }
    const refused = await post(type, bad)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({ statut: 'ECHEC', erreur: workflowCheck(type)(bad) })
    const accepted = await post(type, valid[type])
    expect(accepted.status).toBe(200)
    expect(await accepted.json()).toMatchObject({ statut: 'TERMINEE' })
  })
})
