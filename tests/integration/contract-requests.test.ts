// The requests n8n accepts: the shipped workflows' own "Valider la demande" code (run here in a sandbox) and the
// contract's request schemas, which the simulator answers with, must refuse exactly the same payloads, with the
// same reasons. So a payload the real workflows would refuse with 400 is refused by the simulator too. The draft
// webhook (prospect/rediger-email) also writes in the simulator exactly as the shipped workflow's templates do.
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REDIGER_EMAIL_WEBHOOK, redactionSchema, requestRefusal, TYPES_EMAIL, WEBHOOKS, type PayloadFor, type RedigerEmailPayload, type WebhookName } from '~/n8n/contract'
import { simulateRedaction, startN8nSimulator, type N8nSimulator } from '~/n8n/simulator.server'
import { ROOT } from '../setup/database'

const FILES: Record<WebhookName, string> = {
  CONVERTIR_CANDIDAT: 'convertir-candidat.json',
  ENVOYER_DOSSIER: 'envoyer-dossier.json',
  GENERER_DEVIS: 'generer-devis.json',
  ENVOYER_EMAIL: 'envoyer-email.json',
  REDIGER_EMAIL: 'rediger-email.json',
}
const PATHS: Record<WebhookName, string> = { ...WEBHOOKS, REDIGER_EMAIL: REDIGER_EMAIL_WEBHOOK }
const TYPES = Object.keys(FILES) as WebhookName[]

type Workflow = { nodes: { name: string; type: string; disabled?: boolean; parameters: { jsCode?: string; path?: string; [k: string]: unknown } }[]; connections: Record<string, { main: { node: string }[][] }> }
const workflowOf = (type: WebhookName) => JSON.parse(fs.readFileSync(path.join(ROOT, 'n8n/workflows', FILES[type]), 'utf8')) as Workflow

function nodeCode(type: WebhookName, name: string) {
  const code = workflowOf(type).nodes.find((n) => n.name === name)?.parameters.jsCode
  if (!code) throw new Error(`${FILES[type]} : nœud « ${name} » introuvable`)
  return new vm.Script(`(function () {\n${code}\n})()`)
}

function workflowCheck(type: WebhookName): (body: unknown) => string | null {
  const script = nodeCode(type, 'Valider la demande')
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
const redaction: RedigerEmailPayload = {
  idempotencyKey: '6f1c2d3e-0000-4000-8000-000000000002',
  demandePar: 'Claire Martin',
  prospect: common.prospect,
  typeEmail: 'relance',
  consignes: 'Parler de la journée portes ouvertes',
  formation: { id: 'SERTISSAGE', nom: 'Sertissage' },
  historique: [{ date: '2026-11-02T09:00:00.000Z', direction: 'ENTRANT', sujet: 'Question sur le CPF', corps: 'Bonjour, peut-on financer par le CPF ?' }],
}
const valid: { [T in WebhookName]: T extends keyof PayloadFor ? PayloadFor[T] : RedigerEmailPayload } = {
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
  ENVOYER_EMAIL: { ...common, destinataire: 'marie@exemple.fr', typeEmail: 'relance', sujet: 'Votre projet de formation', corps: 'Bonjour Marie,\n\nOù en est votre projet ?', formation: null },
  REDIGER_EMAIL: redaction,
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
const clone = <T,>(value: T): T => JSON.parse(JSON.stringify(value))

/** Every leaf and object of the payload, replaced by hostile values one at a time, plus a few whole-body cases. */
function variants(type: WebhookName): { name: string; body: unknown }[] {
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
  const special: Partial<Record<WebhookName, [string, (b: Record<string, unknown>) => void][]>> = {
    ENVOYER_DOSSIER: [['destinataire sans domaine', (b) => (b.destinataire = 'marie@exemple')]],
    ENVOYER_EMAIL: [
      ['typeEmail inconnu', (b) => (b.typeEmail = 'spam')],
      ['sujet de 201 caractères', (b) => (b.sujet = 'x'.repeat(201))],
      ['sujet de 200 caractères', (b) => (b.sujet = 'x'.repeat(200))],
      ['corps de 10001 caractères', (b) => (b.corps = 'x'.repeat(10_001))],
      ['corps de 10000 caractères', (b) => (b.corps = 'x'.repeat(10_000))],
    ],
    REDIGER_EMAIL: [
      ['typeEmail inconnu', (b) => (b.typeEmail = 'spam')],
      ['consignes de 5001 caractères', (b) => (b.consignes = 'x'.repeat(5001))],
      ['consignes de 5000 caractères', (b) => (b.consignes = 'x'.repeat(5000))],
      ['historique avec un élément sans sujet', (b) => (b.historique = [{ date: '2026-11-02', direction: 'ENTRANT' }])],
      ['historique avec un élément null', (b) => (b.historique = [null])],
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

describe.each(TYPES)('%s', (type) => {
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

  const post = (type: WebhookName, body: unknown) =>
    fetch(`${sim.webhookBaseUrl}/${PATHS[type]}`, { method: 'POST', headers: { 'X-N8N-API-KEY': 'cle', 'Content-Type': 'application/json' }, body: JSON.stringify(body) })

  it.each(TYPES)('%s : 400 « Demande invalide » comme le workflow, 200 pour une demande valide', async (type) => {
    const bad = { ...clone(valid[type]), prospect: { ...common.prospect, nom: ' ' } }
    const refused = await post(type, bad)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({ statut: 'ECHEC', erreur: workflowCheck(type)(bad) })
    const accepted = await post(type, valid[type])
    expect(accepted.status).toBe(200)
    if (type === 'REDIGER_EMAIL') expect(redactionSchema.parse(await accepted.json())).toEqual(simulateRedaction(redaction))
    else expect(await accepted.json()).toMatchObject({ statut: 'TERMINEE' })
  })

  it('ENVOYER_EMAIL : renvoie le sujet et le texte reçus, sans rien réécrire', async () => {
    const res = await post('ENVOYER_EMAIL', { ...valid.ENVOYER_EMAIL, idempotencyKey: 'cle-echo' })
    expect((await res.json()).resultat).toMatchObject({ sujet: valid.ENVOYER_EMAIL.sujet, corps: valid.ENVOYER_EMAIL.corps })
  })
})

describe('rediger-email.json : le brouillon du workflow livré', () => {
  const parametres = Object.fromEntries(
    (workflowOf('REDIGER_EMAIL').nodes.find((n) => n.name === 'Paramètres')!.parameters as { assignments: { assignments: { name: string; value: string }[] } }).assignments.assignments.map((a) => [a.name, a.value]),
  )
  const rediger = (demande: RedigerEmailPayload) => {
    const sandbox = { $json: { demande }, $: (name: string) => ({ first: () => ({ json: name === 'Paramètres' ? parametres : {} }) }) }
    const [item] = nodeCode('REDIGER_EMAIL', 'Rédiger depuis les modèles').runInNewContext(sandbox) as { json: { sujet: string; corps: string } }[]
    return { sujet: item.json.sujet, corps: item.json.corps }
  }
  const choisir = (entree: unknown, modele: { sujet: string; corps: string }) => {
    const sandbox = { $json: entree, $: () => ({ first: () => ({ json: modele }) }) }
    return (nodeCode('REDIGER_EMAIL', 'Choisir le brouillon').runInNewContext(sandbox) as { json: unknown }[])[0].json
  }

  it.each(TYPES_EMAIL)('%s : le simulateur écrit exactement ce qu’écrivent les modèles du workflow (avec et sans historique ni formation)', (typeEmail) => {
    for (const demande of [{ ...redaction, typeEmail }, { ...redaction, typeEmail, historique: [], formation: null, consignes: null }]) {
      const attendu = rediger(demande)
      expect(simulateRedaction(demande, { ecoleNom: parametres.ecoleNom, signature: parametres.signature })).toEqual(attendu)
      expect(redactionSchema.safeParse(attendu).success).toBe(true)
    }
    expect(rediger({ ...redaction, typeEmail }).corps).toMatch(/^Bonjour Marie,\n\nMerci pour votre message « Question sur le CPF »/)
    // The admin's instructions are for the assistant, never pasted into the email.
    expect(rediger({ ...redaction, typeEmail }).corps).not.toMatch(/portes ouvertes/)
  })

  it('l’assistant IA est livré désactivé, ne bloque pas en cas d’erreur, et son brouillon n’est gardé que s’il est utilisable', () => {
    const workflow = workflowOf('REDIGER_EMAIL')
    const ia = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.httpRequest')!
    expect(ia).toMatchObject({ name: 'Réécrire avec l’assistant IA', disabled: true, onError: 'continueRegularOutput' })
    expect(workflow.connections['Rédiger depuis les modèles'].main[0][0].node).toBe(ia.name)
    expect(workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')!.parameters.path).toBe(REDIGER_EMAIL_WEBHOOK)
    const modele = { sujet: 'Sujet du modèle', corps: 'Corps du modèle' }
    const ia_ = (content: string) => ({ choices: [{ message: { content } }] })
    // Disabled: n8n passes the template's item through.
    expect(choisir({ ...modele, demande: redaction }, modele)).toEqual(modele)
    expect(choisir(ia_('{"sujet": " Journée  portes ouvertes ", "corps": "Bonjour Marie, …"}'), modele)).toEqual({ sujet: 'Journée portes ouvertes', corps: 'Bonjour Marie, …' })
    expect(choisir(ia_('```json\n{"sujet": "S", "corps": "C"}\n```'), modele)).toEqual({ sujet: 'S', corps: 'C' })
    for (const bad of ['pas du JSON', '{"sujet": ""}', JSON.stringify({ sujet: 'x'.repeat(201), corps: 'c' })]) expect(choisir(ia_(bad), modele)).toEqual(modele)
    expect(choisir({ error: { message: 'timeout' } }, modele)).toEqual(modele)
  })
})
