// The actions' job engine (a real pg-boss on the test database) seen from the admin's side: n8n away for a while
// then back, the engine's own tables unreachable, and the panel while an action waits for its next attempt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { convertirEnCandidat } from '~/prospects/actions/convertir.server'
import { retryPolicy, takeSettled } from '~/prospects/actions/run-action.server'
import { loader as panelLoader } from '~/routes/admin.prospects.$id'
import { action as convertirAction } from '~/routes/admin.prospects.$id.convertir'
import { action as emailAction } from '~/routes/admin.prospects.$id.envoyer-email'
import { action as relancerAction } from '~/routes/admin.prospects.$id.relancer'
import { db } from '~/utils/db.server'
import { counts, openSession, settledAction, toastOf } from '../utils/actions-helpers'
import { fetchPage } from '../utils/app-handler'
import { adminUser, createProspect } from '../utils/db-utils'
import { allowConsoleError, call, dataOf, get, post, statusOf } from '../utils/helpers'
import { useTestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

// A longer incident horizon than the other files (20 s, first retry after 0.3 s): time to look at the panel.
const saved = { ...retryPolicy }
beforeAll(() => Object.assign(retryPolicy, { firstDelayMs: 300, horizonMs: 20_000 }))
afterAll(() => Object.assign(retryPolicy, saved))

const n8n = useTestN8n()

function relancer(prospectId: string) {
  return post(`/admin/prospects/${prospectId}/envoyer-email`, { intent: 'relancer' }).then((r) => call(emailAction, r, { id: prospectId }))
}

describe('moteur des actions', () => {
  it('n8n injoignable un moment puis de retour : l’action se termine toute seule, l’incident se résout', async () => {
    allowConsoleError(/\[journal\]/)
    const prospect = await createProspect()
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'down' })
    const res = await relancer(prospect.id)
    expect(await toastOf(res)).toMatchObject({ type: 'info', titre: 'Nouvel essai automatique prévu' })
    const waiting = await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect.id } })
    expect(waiting).toMatchObject({ statut: 'EN_COURS', prochainEssai: expect.any(Date) })

    // n8n comes back before the horizon: the next attempt (same idempotency key) goes through, nobody clicks.
    n8n.sim.clearFaults()
    const done = await settledAction(waiting.id)
    expect(done).toMatchObject({ statut: 'TERMINEE', prochainEssai: null })
    const keys = new Set(n8n.sim.requests.filter((r) => r.path === 'prospect/envoyer-email').map((r) => r.idempotencyKey))
    expect([...keys]).toEqual([waiting.id])
    expect(await db.historiqueEmail.count({ where: { actionId: waiting.id } })).toBe(1)
    // One entry for the incident, a warning, resolved by the engine; the admin is told the email went (live).
    expect(await db.journalErreur.findMany({ where: { actionId: waiting.id } })).toEqual([
      expect.objectContaining({ severite: 'WARNING', resolu: true, resoluPar: 'Reprise automatique' }),
    ])
    const notification = await db.notification.findFirstOrThrow({ where: { type: 'action_terminee', lienAction: `/admin/prospects/${prospect.id}` } })
    expect(notification.auteurId).toBeNull()
  })

  it('le panneau dit quand aura lieu le nouvel essai et se recharge seul sans JavaScript tant que l’action court', async () => {
    allowConsoleError(/\[journal\]/)
    const prospect = await createProspect()
    // Slow enough retries to look at the panel meanwhile.
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'retryAfter', status: 503, seconds: 5, times: 2 })
    await relancer(prospect.id)
    // (On a busy machine the first attempt may outlast the page's wait: then the retry is planned just after.)
    let action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect.id } })
    for (let i = 0; i < 100 && !action.prochainEssai; i++) {
      await new Promise((r) => setTimeout(r, 50))
      action = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
    }
    expect(action).toMatchObject({ statut: 'EN_COURS', prochainEssai: expect.any(Date) })
    type Entry = { kind: string; action?: { id: string; statut: string; prochainEssai: Date | null } }
    const panel = dataOf<{ timeline: Entry[] }>(await call(panelLoader, await get(`/admin/prospects/${prospect.id}`), { id: prospect.id }))
    const inTimeline = panel.timeline.find((e) => e.kind === 'action' && e.action?.id === action.id)?.action
    expect(inTimeline).toMatchObject({ statut: 'EN_COURS', prochainEssai: action.prochainEssai })

    const page = await fetchPage(`/admin/prospects/${prospect.id}`)
    expect(page.html).toMatch(/nouvel essai automatique à (<!-- -->)?\d{1,2} h \d{2}/)
    expect(page.html).toMatch(/<noscript><meta http-equiv="refresh" content="5"\/><\/noscript>/)
    // The history speaks to a secretary (the layout's other parts are not this test's).
    const history = page.html.match(/<section aria-labelledby="titre-chronologie"[\s\S]*?<\/section>/)![0]
    expect(history).toContain('Le service d’automatisation ne répond pas pour l’instant')
    expect(history).not.toMatch(/n8n|webhook|HTTP \d|JSON/i)

    expect(await settledAction(action.id)).toMatchObject({ statut: 'TERMINEE' })
    const after = await fetchPage(`/admin/prospects/${prospect.id}`)
    expect(after.html).not.toMatch(/http-equiv="refresh"/)
    expect(after.html).toContain('Terminée')
  })

  it('« Relancer cette action » dans le panneau : la même action (même clé) repart et se termine ; pas celle d’un autre prospect', async () => {
    allowConsoleError(/\[journal\]/)
    const prospect = await createProspect()
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'forbidden' })
    await relancer(prospect.id)
    const failed = await settledAction((await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect.id } })).id)
    expect(failed.statut).toBe('ECHEC')
    const page = await fetchPage(`/admin/prospects/${prospect.id}`)
    expect(page.html).toContain('Relancer cette action')

    const other = await createProspect()
    const foreign = await post(`/admin/prospects/${other.id}/relancer`, { actionId: failed.id }).then((r) => call(relancerAction, r, { id: other.id }))
    expect(statusOf(foreign)).toBe(404)

    n8n.sim.clearFaults()
    n8n.sim.requests.length = 0
    const res = await post(`/admin/prospects/${prospect.id}/relancer?q=x`, { actionId: failed.id }).then((r) => call(relancerAction, r, { id: prospect.id }))
    expect(res).toHaveRedirect(`/admin/prospects/${prospect.id}?q=x`)
    // (The end within the page's wait, or — on a busy machine — after it.)
    await expect(res).toSendToast({ titre: expect.stringMatching(/^(Email envoyé à |Action lancée)/) })
    expect(await settledAction(failed.id)).toMatchObject({ statut: 'TERMINEE' })
    expect(n8n.sim.requests.map((r) => r.idempotencyKey)).toEqual([failed.id])
    expect(await db.actionProspect.count({ where: { prospectId: prospect.id } })).toBe(1)
  })

  it('la page qui attend reçoit de son instance le résultat tel que la base le garde, sans le relire', async () => {
    const prospect = await createProspect()
    const session = await openSession('CAP_BIJOUTERIE')
    const result = await convertirEnCandidat(prospect.id, { formationId: 'CAP_BIJOUTERIE', sessionId: session.id }, await adminUser())
    expect(result.kind).toBe('termine')
    if (result.kind !== 'termine') return
    expect(result.action).toEqual(await db.actionProspect.findUniqueOrThrow({ where: { id: result.action.id } }))
    expect(result.message).toMatch(/^Candidature créée pour .+ : dossier [A-Z]{4}\d{8}/)
    // Taken once: a second look reads the database.
    expect(takeSettled(result.action.id)).toBeNull()
  })

  it('tables du moteur injoignables : 503 clair, rien n’est créé (ni action, ni candidat)', async () => {
    allowConsoleError(/file des actions injoignable|moteur de tâches/)
    const prospect = await createProspect()
    const session = await openSession('CAP_BIJOUTERIE')
    // Start the engine, then take its job table away.
    await relancer((await createProspect()).id)
    const before = await counts(prospect.id)
    await db.$executeRawUnsafe('ALTER TABLE pgboss.job RENAME TO job_indisponible')
    try {
      const res = await post(`/admin/prospects/${prospect.id}/convertir`, { formation: 'CAP_BIJOUTERIE', session: session.id }).then((r) =>
        call(convertirAction, r, { id: prospect.id }),
      )
      expect(statusOf(res)).toBe(503)
      expect(await (res as Response).text()).toBe('Les actions sont momentanément indisponibles : rien n’a été lancé. Réessayez dans quelques instants.')
      expect(await counts(prospect.id)).toEqual(before)
      expect((await db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).statutProspect).toBe('NOUVEAU')
    } finally {
      await db.$executeRawUnsafe('ALTER TABLE pgboss.job_indisponible RENAME TO job')
    }
    // Back: the same conversion goes through.
    const ok = await post(`/admin/prospects/${prospect.id}/convertir`, { formation: 'CAP_BIJOUTERIE', session: session.id }).then((r) => call(convertirAction, r, { id: prospect.id }))
    expect(statusOf(ok)).toBe(302)
    expect(await counts(prospect.id)).toMatchObject({ actions: 1, candidats: 1 })
  })
})
