// POST /api/n8n/actions/:actionId (n8n's callback), and recovery of actions that never finished.
import crypto from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { retryAction } from '~/prospects/actions/replay.server'
import { action as callbackAction, loader as callbackLoader } from '~/routes/api.n8n.actions.$actionId'
import { action as devisAction } from '~/routes/admin.prospects.$id.generer-devis'
import { action as emailAction } from '~/routes/admin.prospects.$id.envoyer-email'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { attemptedAction, settledAction } from '../utils/actions-helpers'
import { allowConsoleError, BASE, call, post } from '../utils/helpers'
import { useTestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const n8n = useTestN8n()
// Actions left waiting for a lost callback by one test are failed by the engine's check a few seconds later,
// during another test: that journal line is expected anywhere in this file.
beforeEach(() => allowConsoleError(/aucun rappel de n8n/))

const id = (n: number) => `PROS_${String(n).padStart(6, '0')}`

/** A GENERER_DEVIS action left EN_ATTENTE (n8n answered 202 and its callback is lost). */
async function waitingAction(n: number) {
  n8n.sim.setFault('GENERER_DEVIS', { kind: 'callbackLost' })
  await post(`/admin/prospects/${id(n)}/generer-devis`, {}).then((r) => call(devisAction, r, { id: id(n) }))
  const action = await attemptedAction((await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(n) }, orderBy: { dateCreation: 'desc' } })).id)
  expect(action.statut).toBe('EN_ATTENTE')
  return action
}

type Init = { secret?: string | null; body?: BodyInit; headers?: Record<string, string> }
async function callback(actionId: string, json: unknown, init: Init = {}) {
  const headers = new Headers({ 'Content-Type': 'application/json', ...init.headers })
  const secret = init.secret === undefined ? n8n.callbackSecret : init.secret
  if (secret !== null) headers.set('X-Callback-Secret', secret)
  const request = new Request(`${BASE}/api/n8n/actions/${actionId}`, {
    method: 'POST',
    headers,
    body: init.body ?? JSON.stringify(json),
    duplex: 'half',
  } as RequestInit)
  const res = (await call(callbackAction, request, { actionId })) as Response
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const devisUrl = 'https://drive.google.com/file/d/abc123/view'

describe('rappel n8n : authentification et validation', () => {
  it('secret absent ou faux → 401, sans rien changer', async () => {
    const action = await waitingAction(1)
    for (const secret of [null, '', 'faux', `${n8n.callbackSecret}x`, n8n.callbackSecret.slice(0, -1)]) {
      const res = await callback(action.id, { statut: 'TERMINEE', resultat: { devisUrl } }, { secret })
      expect(res.status).toBe(401)
      expect(res.body.erreur).toMatch(/Secret de rappel manquant ou invalide/)
    }
    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('EN_ATTENTE')
  })

  it('corps invalide → 400 avec les raisons', async () => {
    const action = await waitingAction(2)
    const cases: [unknown, RegExp, string?][] = [
      [null, /corps : JSON attendu/, 'pas du json'],
      [{ statut: 'FINI' }, /statut : statut doit valoir "TERMINEE" ou "ECHEC"/],
      [{ statut: 'TERMINEE' }, /resultat : resultat est obligatoire/],
      [{ statut: 'TERMINEE', resultat: { devisUrl: 'javascript:alert(1)' } }, /resultat\.devisUrl : URL/],
      [{ statut: 'TERMINEE', resultat: { autre: 1 } }, /resultat\.devisUrl/],
      [{ statut: 'ECHEC', erreur: 'x'.repeat(3000) }, /erreur/],
      [[1, 2], /corps/],
    ]
    for (const [json, reason, raw] of cases) {
      const res = await callback(action.id, json, raw ? { body: raw } : {})
      expect(res.status).toBe(400)
      expect((res.body.raisons as string[]).join(' | ')).toMatch(reason)
    }
    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('EN_ATTENTE')
  })

  it('action inconnue → 404', async () => {
    for (const actionId of [crypto.randomUUID(), 'pas-un-uuid', "1' OR 1=1"]) {
      const res = await callback(actionId, { statut: 'TERMINEE', resultat: { devisUrl } })
      expect(res.status).toBe(404)
      expect(res.body.erreur).toMatch(/Action inconnue/)
    }
  })

  it('corps de plus de 64 Ko → 413, qu’il soit annoncé ou non par Content-Length', async () => {
    const action = await waitingAction(3)
    const big = JSON.stringify({ statut: 'ECHEC', erreur: 'x', bourrage: 'y'.repeat(70_000) })
    // Announced.
    expect((await callback(action.id, null, { body: big, headers: { 'Content-Length': String(big.length) } })).status).toBe(413)
    // Streamed without a length (chunked).
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(8_000)))
        controller.close()
      },
    })
    expect((await callback(action.id, null, { body: stream })).status).toBe(413)
    // A lying Content-Length.
    expect((await callback(action.id, null, { body: big, headers: { 'Content-Length': '10' } })).status).toBe(413)
    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('EN_ATTENTE')
  })

  it('GET → 405', async () => {
    const res = (await callbackLoader()) as Response
    expect(res.status).toBe(405)
  })
})

describe('rappel n8n : effets et idempotence', () => {
  it('TERMINEE applique le résultat une seule fois ; un rappel ECHEC ensuite → 409', async () => {
    const action = await waitingAction(4)
    // This action's notifications only: the engine settles other tests' actions meanwhile.
    const mine = () => db.notification.count({ where: { type: 'action_terminee', lienAction: `/admin/prospects/${id(4)}` } })
    const notifications = await mine()
    const first = await callback(action.id, { statut: 'TERMINEE', resultat: { devisUrl } })
    expect(first).toEqual({ status: 200, body: { statut: 'TERMINEE' } })
    expect((await db.prospect.findUniqueOrThrow({ where: { id: id(4) } })).devisUrl).toBe(devisUrl)
    expect(await mine()).toBe(notifications + 1)

    const again = await callback(action.id, { statut: 'TERMINEE', resultat: { devisUrl: 'https://drive.google.com/file/d/autre/view' } })
    expect(again).toEqual({ status: 200, body: { statut: 'TERMINEE', doublon: true } })
    expect((await db.prospect.findUniqueOrThrow({ where: { id: id(4) } })).devisUrl).toBe(devisUrl)
    expect(await mine()).toBe(notifications + 1)

    const contradiction = await callback(action.id, { statut: 'ECHEC', erreur: 'trop tard' })
    expect(contradiction.status).toBe(409)
    expect(contradiction.body.erreur).toMatch(/déjà terminée/)
    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('TERMINEE')
  })

  it('ECHEC : action en échec, journal (n8n_callback) et notification ; doublon 200 ; TERMINEE ensuite → 409', async () => {
    allowConsoleError(/\[journal\]/)
    const action = await waitingAction(6)
    // The notification speaks plainly (its title names the prospect), the technical message stays in the journal.
    const mine = () => db.notification.count({ where: { categorie: 'journal', lienAction: { startsWith: '/admin/logs/' }, titre: { contains: 'devis' } } })
    const notifications = await mine()
    const res = await callback(action.id, { statut: 'ECHEC', erreur: 'Quota Google Drive dépassé' })
    expect(res).toEqual({ status: 200, body: { statut: 'ECHEC' } })
    const failed = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
    expect(failed).toMatchObject({ statut: 'ECHEC', erreur: 'n8n signale un échec : Quota Google Drive dépassé' })
    const journal = await db.journalErreur.findMany({ where: { actionId: action.id } })
    expect(journal).toHaveLength(1)
    expect(journal[0]).toMatchObject({ nomWorkflow: 'prospect_generer_devis', nomNoeud: 'n8n_callback', severite: 'ERREUR' })
    expect(await mine()).toBe(notifications + 1)

    expect(await callback(action.id, { statut: 'ECHEC', erreur: 'encore' })).toEqual({ status: 200, body: { statut: 'ECHEC', doublon: true } })
    expect(await db.journalErreur.count({ where: { actionId: action.id } })).toBe(1)
    expect((await callback(action.id, { statut: 'TERMINEE', resultat: { devisUrl } })).status).toBe(409)
    expect((await db.prospect.findUniqueOrThrow({ where: { id: id(6) } })).devisUrl).not.toBe(devisUrl)
  })

  it('par HTTP : un rappel envoyé deux fois ne crée qu’un email', async () => {
    n8n.sim.setMode('ENVOYER_EMAIL', 'async')
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'callbackDuplicated' })
    try {
      const emails = await db.historiqueEmail.count({ where: { prospectId: id(7) } })
      await post(`/admin/prospects/${id(7)}/envoyer-email`, { intent: 'envoyer', type: 'information', sujet: 'Informations sur la formation', corps: 'Bonjour,\n\nVoici le programme.' }).then((r) => call(emailAction, r, { id: id(7) }))
      await n8n.idle()
      const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(7) } })
      expect(action.statut).toBe('TERMINEE')
      expect(await db.historiqueEmail.count({ where: { prospectId: id(7) } })).toBe(emails + 1)
      expect(n8n.sim.requests).toHaveLength(1)
    } finally {
      n8n.sim.setMode('ENVOYER_EMAIL', 'sync')
    }
  })

  it('par HTTP : un rappel ECHEC du workflow met l’action en échec ; retryAction la relance avec succès', async () => {
    allowConsoleError(/\[journal\]/)
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'callbackEchec', erreur: 'Modèle de devis introuvable' })
    await post(`/admin/prospects/${id(8)}/generer-devis`, {}).then((r) => call(devisAction, r, { id: id(8) }))
    await n8n.idle()
    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(8) } })
    expect(action).toMatchObject({ statut: 'ECHEC', erreur: 'n8n signale un échec : Modèle de devis introuvable' })

    n8n.sim.clearFaults()
    const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } })
    const outcome = await retryAction(action.id, admin)
    // 202 again; the simulator's callback may already have landed when retryAction returns.
    expect(outcome).toMatchObject({ kind: expect.stringMatching(/^(en_cours|termine)$/), action: { id: action.id, statut: expect.stringMatching(/^(EN_ATTENTE|TERMINEE)$/) } })
    await n8n.idle()
    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('TERMINEE')
    expect((await db.prospect.findUniqueOrThrow({ where: { id: id(8) } })).devisUrl).toMatch(/^https:\/\/drive\.google\.com\/file\/d\//)
    expect(await db.journalErreur.findFirstOrThrow({ where: { actionId: action.id } })).toMatchObject({ resolu: true, resoluPar: admin.nom })
  })
})

describe('relance et journal', () => {
  it('relance acceptée (202) puis rappel ECHEC : les entrées du journal restent ouvertes', async () => {
    allowConsoleError(/\[journal\]/)
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'forbidden' })
    await post(`/admin/prospects/${id(15)}/generer-devis`, {}).then((r) => call(devisAction, r, { id: id(15) }))
    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(15) } })
    expect(action.statut).toBe('ECHEC')

    n8n.sim.setFault('GENERER_DEVIS', { kind: 'callbackEchec', erreur: 'Quota Google Drive dépassé' })
    const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } })
    expect((await retryAction(action.id, admin)).kind).toMatch(/^(en_cours|echec)$/)
    await n8n.idle()
    expect(await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).toMatchObject({ statut: 'ECHEC', erreur: expect.stringMatching(/Quota Google Drive/) })
    const entries = await db.journalErreur.findMany({ where: { actionId: action.id } })
    expect(entries).toHaveLength(2)
    expect(entries.every((e) => !e.resolu && e.resoluPar === null)).toBe(true)
  })
})

describe('rappel qui ne vient pas', () => {
  it('202 sans rappel : au bout de l’attente du rappel, le moteur met l’action en échec, journal et notification', async () => {
    allowConsoleError(/\[journal\]/)
    const action = await waitingAction(9)
    const failed = await settledAction(action.id)
    expect(failed).toMatchObject({ statut: 'ECHEC', erreur: 'interrompue : aucun rappel de n8n après 3 s' })
    const entry = await db.journalErreur.findFirstOrThrow({ where: { actionId: action.id } })
    expect(entry).toMatchObject({ nomNoeud: 'n8n_callback', resolu: false })
    expect(await db.notification.count({ where: { categorie: 'journal', lienAction: `/admin/logs/${entry.id}` } })).toBe(1)
    // A late callback cannot contradict it; the action can be replayed (same key: n8n answers from its memory).
    expect((await callback(action.id, { statut: 'TERMINEE', resultat: { devisUrl } })).status).toBe(409)
    n8n.sim.clearFaults()
    const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } })
    expect((await retryAction(action.id, admin)).kind).toMatch(/^(en_cours|termine)$/)
    expect(await settledAction(action.id)).toMatchObject({ statut: 'TERMINEE' })
  })
})
