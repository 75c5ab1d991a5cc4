// Fault matrix: each of the four actions against each n8n fault, through the real route actions, the real job
// engine (pg-boss), the real client and the simulator over HTTP. For every cell: the action's final status, its
// journal rows, the ADMIN notification, the admin's message, and that the domain data agrees with what really
// happened. Passing failures are retried by the engine within its horizon (600 ms in tests) before they fail.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ActionType } from '~/n8n/contract'
import type { SimulatorFault } from '~/n8n/simulator.server'
import { action as convertirAction } from '~/routes/admin.prospects.$id.convertir'
import { action as dossierAction } from '~/routes/admin.prospects.$id.envoyer-dossier'
import { action as emailAction } from '~/routes/admin.prospects.$id.envoyer-email'
import { action as devisAction } from '~/routes/admin.prospects.$id.generer-devis'
import { db } from '~/utils/db.server'
import { openSession, settledAction, toastOf } from '../utils/actions-helpers'
import { allowConsoleError, call, post } from '../utils/helpers'
import { startTestN8n, type TestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

let n8n: TestN8n
beforeAll(async () => {
  n8n = await startTestN8n()
})
afterEach(async () => {
  await n8n.idle()
  n8n.sim.clearFaults()
})
afterAll(() => n8n.stop())

type Outcome = { statut: 'TERMINEE' | 'ECHEC'; message?: RegExp; lostCallback?: boolean; retried?: boolean }
const faults: { name: string; fault: SimulatorFault; outcome: Outcome }[] = [
  { name: 'n8n éteint', fault: { kind: 'down' }, outcome: { statut: 'ECHEC', message: /n8n injoignable/, retried: true } },
  { name: '5xx deux fois puis OK', fault: { kind: 'http5xx', status: 502, times: 2 }, outcome: { statut: 'TERMINEE' } },
  { name: 'Retry-After puis OK', fault: { kind: 'retryAfter', status: 503, seconds: 1, times: 1 }, outcome: { statut: 'TERMINEE' } },
  { name: 'lent mais dans le délai', fault: { kind: 'slow', delayMs: 150 }, outcome: { statut: 'TERMINEE' } },
  { name: 'ne répond jamais', fault: { kind: 'hang' }, outcome: { statut: 'ECHEC', message: /délai dépassé/, retried: true } },
  { name: 'workflow non enregistré (404)', fault: { kind: 'notRegistered' }, outcome: { statut: 'ECHEC', message: /workflow inactif ou URL inconnue \(404\)/ } },
  { name: 'secret refusé (403)', fault: { kind: 'forbidden' }, outcome: { statut: 'ECHEC', message: /secret n8n refusé \(403\)/ } },
  { name: '200 vide', fault: { kind: 'emptyOk' }, outcome: { statut: 'ECHEC', message: /réponse n8n invalide/ } },
  { name: 'JSON invalide', fault: { kind: 'invalidJson' }, outcome: { statut: 'ECHEC', message: /réponse n8n invalide/ } },
  { name: 'rappel perdu', fault: { kind: 'callbackLost' }, outcome: { statut: 'ECHEC', lostCallback: true } },
  { name: 'rappel en double', fault: { kind: 'callbackDuplicated' }, outcome: { statut: 'TERMINEE' } },
]

// Prospects 60… that are not candidates (every 6th seeded prospect, n ≡ 5 mod 6, already is).
const free = Array.from({ length: 90 }, (_, i) => 60 + i).filter((n) => n % 6 !== 5)
let next = 0
const pid = () => `PROS_${String(free[next++]).padStart(6, '0')}`

async function launch(type: ActionType, prospectId: string) {
  if (type === 'CONVERTIR_CANDIDAT') {
    const p = await db.prospect.findUniqueOrThrow({ where: { id: prospectId } })
    const session = await openSession(p.formationSouhaiteeId!)
    return call(convertirAction, await post(`/admin/prospects/${prospectId}/convertir`, { formation: p.formationSouhaiteeId!, session: session.id }), { id: prospectId })
  }
  if (type === 'ENVOYER_DOSSIER') {
    return call(dossierAction, await post(`/admin/prospects/${prospectId}/envoyer-dossier`, { email: 'prospect@exemple.fr' }), { id: prospectId })
  }
  if (type === 'GENERER_DEVIS') return call(devisAction, await post(`/admin/prospects/${prospectId}/generer-devis`, {}), { id: prospectId })
  return call(emailAction, await post(`/admin/prospects/${prospectId}/envoyer-email`, { intent: 'relancer' }), { id: prospectId })
}

/** What the domain must show, given whether the action really succeeded. */
async function assertConsistent(type: ActionType, prospectId: string, actionId: string, succeeded: boolean, statutAvant: string) {
  const p = await db.prospect.findUniqueOrThrow({ where: { id: prospectId }, include: { candidat: true } })
  const emails = await db.historiqueEmail.count({ where: { actionId } })
  if (type === 'CONVERTIR_CANDIDAT') {
    // Committed before the call: the candidate stays even when n8n fails, always with its action.
    expect(p.candidat).not.toBeNull()
    expect(p.statutProspect).toBe('CANDIDAT')
    expect(Boolean(p.candidat!.driveFolderUrl)).toBe(succeeded)
  } else {
    expect(p.candidat).toBeNull()
  }
  if (type === 'ENVOYER_DOSSIER') expect(p.statutProspect).toBe(succeeded ? 'EN_ATTENTE_DOSSIER' : statutAvant)
  if (type === 'GENERER_DEVIS') expect(Boolean(p.devisUrl)).toBe(succeeded)
  // An email (the message, or the application file's) is in the history only if it was sent, and only once.
  expect(emails).toBe((type === 'ENVOYER_EMAIL' || type === 'ENVOYER_DOSSIER') && succeeded ? 1 : 0)
}

const types: ActionType[] = ['CONVERTIR_CANDIDAT', 'ENVOYER_DOSSIER', 'GENERER_DEVIS', 'ENVOYER_EMAIL']

describe.each(types)('%s', (type) => {
  it.each(faults)('$name', async ({ fault, outcome }) => {
    allowConsoleError(/\[journal\]|\[n8n\]|\[actions\]/)
    const prospectId = pid()
    const statutAvant = (await db.prospect.findUniqueOrThrow({ where: { id: prospectId } })).statutProspect
    n8n.sim.setFault(type, fault)
    const response = await launch(type, prospectId)
    const launched = await db.actionProspect.findFirstOrThrow({ where: { prospectId, type }, orderBy: { dateCreation: 'desc' } })
    const toast = await toastOf(response)
    const action = await settledAction(launched.id)
    await n8n.idle()

    if (outcome.lostCallback) {
      // Answered 202 (the page said so), then nothing: the engine's delayed check gives up on the callback.
      expect(toast?.type).toBe('info')
      expect(action.erreur).toMatch(/aucun rappel/)
    } else if (outcome.retried) {
      // The page said when the next attempt was, or — n8n hanging about as long as the page waits (two tries of
      // 1 s against 2 s) — that the action was launched; the engine kept trying until its horizon.
      expect(toast?.type).toBe('info')
      expect(toast?.titre).toMatch(fault.kind === 'hang' ? /^(Action lancée : vous serez prévenu\(e\) dès qu’elle est terminée|Nouvel essai automatique prévu)$/ : /^Nouvel essai automatique prévu$/)
      expect(action.tentatives).toBeGreaterThanOrEqual(4)
      expect(action.erreur).toMatch(outcome.message!)
    } else if (outcome.statut === 'ECHEC') {
      expect(toast).toMatchObject({ type: 'erreur' })
      expect(toast!.description).toMatch(outcome.message!)
      expect(toast!.description).toMatch(/enregistrée dans le journal/)
    } else {
      // 'info' when n8n answered 202 and the result came by callback.
      expect(['succes', 'info']).toContain(toast?.type)
    }
    expect(action.statut).toBe(outcome.statut)

    const journal = await db.journalErreur.findMany({ where: { actionId: action.id } })
    if (outcome.statut === 'ECHEC') {
      expect(journal).toHaveLength(1)
      expect(journal[0]).toMatchObject({ prospectId, resolu: false })
      expect(journal[0].donneesEntree).toMatchObject({ actionId: action.id, prospectId })
      if (outcome.message) expect(journal[0].messageErreur).toMatch(outcome.message)
      const notification = await db.notification.findFirst({ where: { audience: 'ADMIN', lienAction: `/admin/logs/${journal[0].id}` } })
      expect(notification).not.toBeNull()
      // Made by the admin's own request (they get the flash message, not a second live toast) — except when the
      // engine settles it after the page stopped waiting: then the admin gets it live too.
      const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: 'admin@ecole-bijouterie.fr' } })
      expect(notification!.auteurId).toBe(outcome.lostCallback || outcome.retried ? null : admin.id)
    } else {
      // A passing failure before the success leaves its incident entry, resolved by the success.
      expect(journal.filter((j) => !j.resolu)).toHaveLength(0)
      expect(action.tentatives).toBeGreaterThanOrEqual(1)
    }
    await assertConsistent(type, prospectId, action.id, outcome.statut === 'TERMINEE', statutAvant)
  })
})
