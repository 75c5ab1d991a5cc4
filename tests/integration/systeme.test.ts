// /admin/systeme: the actions waiting for an automatic retry (in plain words), n8n's reachability as the instances
// saw it, and under "Détails techniques" the job queue and each instance's heartbeat with its open streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { retryPolicy } from '~/prospects/actions/run-action.server'
import { loader as notificationsLoader } from '~/routes/admin.notifications'
import { loader } from '~/routes/admin.systeme'
import { action as emailAction } from '~/routes/admin.prospects.$id.envoyer-email'
import { db } from '~/utils/db.server'
import { settledAction } from '../utils/actions-helpers'
import { fetchPage } from '../utils/app-handler'
import { createProspect } from '../utils/db-utils'
import { allowConsoleError, call, dataOf, get, post, statusOf } from '../utils/helpers'
import { useTestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const n8n = useTestN8n()
// A 20 s incident horizon: the action stays waiting for its retry while the page is read.
const saved = { ...retryPolicy }
beforeAll(() => Object.assign(retryPolicy, { horizonMs: 20_000 }))
afterAll(() => Object.assign(retryPolicy, saved))
type Status = Awaited<ReturnType<typeof loader>>['status']

describe('page Système', () => {
  it('réservée aux administrateurs', async () => {
    expect(statusOf(await call(loader, await get('/admin/systeme', 'formateur')))).toBe(403)
    expect((await call(loader, await get('/admin/systeme', 'anonyme')) as Response).headers.get('Location')).toMatch(/^\/login/)
  })

  it('montre l’action qui attend un nouvel essai, la file, n8n injoignable puis de retour, et cette instance', async () => {
    allowConsoleError(/\[journal\]/)
    const prospect = await createProspect()
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'retryAfter', status: 503, seconds: 5, times: 2 })
    await post(`/admin/prospects/${prospect.id}/envoyer-email`, { intent: 'relancer' }).then((r) => call(emailAction, r, { id: prospect.id }))
    let action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect.id } })
    for (let i = 0; i < 100 && !action.prochainEssai; i++) {
      await new Promise((r) => setTimeout(r, 50))
      action = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
    }

    const { status } = dataOf<{ status: Status }>(await call(loader, await get('/admin/systeme')))
    expect(status.reprises).toEqual([expect.objectContaining({ id: action.id, prochainEssai: action.prochainEssai })])
    expect(status.file).toMatchObject({ differes: 1, prochain: expect.any(Date) })
    expect(status.n8n).toMatchObject({ joignable: false, dernierEchec: expect.any(Date), derniereErreur: expect.stringMatching(/503/) })
    expect(status.instances).toEqual([expect.objectContaining({ active: true, pid: process.pid, flux: 0 })])

    // n8n answers again: the retry goes through by itself.
    expect(await settledAction(action.id)).toMatchObject({ statut: 'TERMINEE' })
    await post(`/admin/prospects/${prospect.id}/envoyer-email`, { intent: 'relancer' }).then((r) => call(emailAction, r, { id: prospect.id }))
    const after = dataOf<{ status: Status }>(await call(loader, await get('/admin/systeme'))).status
    expect(after.n8n.joignable).toBe(true)
    expect(after.instances[0].actionsTraitees).toBeGreaterThanOrEqual(2)
  })

  it('parle à une secrétaire hors des détails techniques ; les flux ne sont plus sur la page des notifications', async () => {
    const page = await fetchPage('/admin/systeme')
    expect(page.status).toBe(200)
    // The page's own technical block (the header's phone menu is a <details> too).
    const main = page.html.slice(page.html.indexOf('<main'))
    const [plain, technical] = main.split('<summary')
    expect(plain).toContain('Actions en attente d’un nouvel essai')
    expect(plain.slice(plain.indexOf('<h1')).replace(/<script[\s\S]*?<\/script>/g, '')).not.toMatch(/n8n|webhook|pg-boss|HTTP \d|JSON/i)
    expect(technical).toContain('Détails techniques')
    expect(technical).toMatch(/data-testid="instances"/)
    const notifications = dataOf<Record<string, unknown>>(await call(notificationsLoader, await get('/admin/notifications')))
    expect(notifications).not.toHaveProperty('flux')
  })
})
