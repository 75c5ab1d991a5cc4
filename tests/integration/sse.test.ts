// The notification stream read over real HTTP: audience isolation, heartbeat, replay from ?depuis= or Last-Event-ID,
// counts, action events, cleanup of departed clients, streams per session. Runs on PGlite and on PostgreSQL
// (TEST_DB=postgres). The stream is remix-utils' eventStream: no `id:` field, every payload carries `dernierId`.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

vi.hoisted(() => {
  // A fast heartbeat, read by env.server when the app modules load below.
  process.env.SSE_HEARTBEAT_MS = '200'
})

import { stopBus } from '~/notifications/bus.server'
import { MAX_STREAMS_PER_SESSION, streamStats } from '~/notifications/hub.server'
import { notify, publishActionStatus } from '~/notifications/notify.server'
import { action as notificationsAction } from '~/routes/admin.notifications'
import { loader as streamLoader } from '~/routes/resources.notifications'
import { loader as statsLoader } from '~/routes/resources.notifications.stats'
import { db } from '~/utils/db.server'
import { call, post, sessionFor, statusOf, type Who } from '../utils/helpers'
import { openStream, payload, serveLoaders, waitFor, type SseMessage, type SseStream } from '../utils/sse-client'

let server: Awaited<ReturnType<typeof serveLoaders>>
const open: SseStream[] = []

beforeAll(async () => {
  server = await serveLoaders({ '/resources/notifications': streamLoader, '/resources/notifications/stats': statsLoader })
})

// A failed test must not leave its streams open for the next one (the client counts would be off).
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})

afterAll(async () => {
  await server.close()
  await stopBus()
})

async function connect(who: Who, options: { query?: string; lastEventId?: number | string } = {}) {
  const { cookie } = await sessionFor(who)
  const headers: Record<string, string> = { Cookie: cookie }
  if (options.lastEventId !== undefined) headers['Last-Event-ID'] = String(options.lastEventId)
  const stream = await openStream(server.url, `/resources/notifications${options.query ?? ''}`, headers)
  open.push(stream)
  return stream
}

/** Connects and waits for the stream to be live (its first count comes once the replay is done). */
async function connectReady(who: Who, options: Parameters<typeof connect>[1] = {}) {
  const stream = await connect(who, options)
  expect(stream.status).toBe(200)
  await stream.next((m) => m.event === 'count')
  return stream
}

/** The stream position an event carries in its data. */
const position = (m: SseMessage) => payload<{ dernierId: number }>(m).dernierId
const isNotification = (id: number) => (m: SseMessage) => m.event === 'notification' && payload<{ id: number }>(m).id === id
const notificationIds = (s: SseStream) => s.messages.filter((m) => m.event === 'notification').map((m) => payload<{ id: number }>(m).id)

async function make(audience: 'ADMIN' | 'FORMATEUR' | 'ELEVE' | 'TOUS', titre = `Test ${audience}`, extra: { priorite?: 'HAUTE' } = {}) {
  const n = await notify({ categorie: 'test', type: 'essai', titre, message: `Message pour ${audience}`, audience, lienAction: '/admin/prospects', ...extra })
  if (!n) throw new Error('notification non créée')
  return n
}

describe('flux des notifications (GET /resources/notifications)', () => {
  it('refuse un visiteur anonyme (401) et une position invalide (400)', async () => {
    const anonymous = await openStream(server.url, '/resources/notifications')
    expect(anonymous.status).toBe(401)
    expect(await anonymous.text()).toMatch(/Authentification requise/)
    const invalid = await connect('admin', { lastEventId: 'abc' })
    expect(invalid.status).toBe(400)
    expect(await invalid.text()).toMatch(/Position invalide/)
    const negative = await connect('admin', { query: '?lastEventId=-4' })
    expect(negative.status).toBe(400)
    expect((await connect('admin', { query: '?depuis=1.5' })).status).toBe(400)
  })

  it('refuse une position au-delà des identifiants possibles (2147483648) avant d’ouvrir le flux', async () => {
    for (const options of [{ lastEventId: 2_147_483_648 }, { query: '?lastEventId=2147483648' }, { query: '?depuis=2147483648' }]) {
      const s = await connect('admin', options)
      expect(s.status, JSON.stringify(options)).toBe(400)
      expect(await s.text()).toMatch(/Position invalide/)
    }
    expect(streamStats().clients.total).toBe(0)
  })

  it('ouvre un flux text/event-stream non compressible ; chaque événement porte sa position dans ses données', async () => {
    const s = await connect('admin')
    expect(s.status).toBe(200)
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/)
    expect(s.headers['cache-control']).toMatch(/no-transform/)
    const count = await s.next((m) => m.event === 'count')
    // eventStream writes `event:` and `data:` only.
    expect(s.messages.every((m) => m.id === null && m.retry === null)).toBe(true)
    const events = s.messages.filter((m) => m.event)
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((m) => Number.isSafeInteger(position(m)))).toBe(true)
    const latest = await db.notification.aggregate({ _max: { id: true } })
    expect(position(count)).toBe(latest._max.id)
    // Seed: the TOUS welcome and an ADMIN error are unread for the admin.
    const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: 'admin@ecole-bijouterie.fr' } })
    const expected = await db.notification.count({
      where: { audience: { in: ['ADMIN', 'TOUS'] }, id: { gt: admin.derniereNotificationLue }, lectures: { none: { utilisateurId: admin.id } } },
    })
    expect(payload(count)).toEqual({ nonLues: expected, dernierId: latest._max.id })
    s.close()
  })

  it('ramène une position venue du futur (base réinitialisée) au dernier identifiant connu', async () => {
    const s = await connect('admin', { query: '?depuis=99999999' })
    const count = await s.next((m) => m.event === 'count')
    const latest = await db.notification.aggregate({ _max: { id: true } })
    expect(position(count)).toBe(latest._max.id)
    const n = await make('ADMIN', 'Après la réinitialisation')
    const ping = s.messages.find((m) => m.event === 'ping')!
    expect(position(ping)).toBeLessThan(n.id)
    await s.next(isNotification(n.id))
  })

  it('ne livre à chacun que les notifications de son rôle ou pour TOUS', async () => {
    const admin = await connectReady('admin')
    const admin2 = await connectReady('admin2')
    const formateur = await connectReady('formateur')
    const eleve = await connectReady('eleve')
    const pourAdmins = await make('ADMIN')
    const pourFormateurs = await make('FORMATEUR')
    const pourEleves = await make('ELEVE')
    const pourTous = await make('TOUS')
    for (const s of [admin, admin2, formateur, eleve]) await s.next(isNotification(pourTous.id))
    expect(notificationIds(admin)).toEqual([pourAdmins.id, pourTous.id])
    expect(notificationIds(admin2)).toEqual([pourAdmins.id, pourTous.id])
    expect(notificationIds(formateur)).toEqual([pourFormateurs.id, pourTous.id])
    expect(notificationIds(eleve)).toEqual([pourEleves.id, pourTous.id])
    const received = payload(admin.messages.find(isNotification(pourAdmins.id))!)
    expect(received).toMatchObject({ id: pourAdmins.id, categorie: 'test', type: 'essai', priorite: 'NORMALE', titre: 'Test ADMIN', lienAction: '/admin/prospects' })
    expect(received.rejeu).toBeUndefined()
    expect(received.dernierId).toBe(pourAdmins.id)
    for (const s of [admin, admin2, formateur, eleve]) s.close()
  })

  it('envoie un battement de cœur régulier (SSE_HEARTBEAT_MS)', async () => {
    const s = await connectReady('formateur')
    const mark = s.messages.length
    await s.next((m) => m.event === 'ping', { from: mark })
    const first = s.messages.length
    await s.next((m) => m.event === 'ping', { from: first })
    const second = s.messages.length
    await s.next((m) => m.event === 'ping', { from: second })
    const pings = s.messages.slice(mark).filter((m) => m.event === 'ping')
    expect(pings.length).toBeGreaterThanOrEqual(3)
    expect(payload(pings[0])).toMatchObject({ intervalle: 200 })
    const gaps = pings.slice(1).map((p, i) => p.at - pings[i].at)
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(120)
      expect(gap).toBeLessThan(1_000)
    }
    expect(pings.every((p) => Number.isSafeInteger(position(p)))).toBe(true)
    s.close()
  })

  it('rejoue après reconnexion ce qui a été manqué (?depuis= ou Last-Event-ID), sans les notifications des autres rôles', async () => {
    const first = await connectReady('admin')
    const before = await make('ADMIN', 'Avant la coupure')
    const got = await first.next(isNotification(before.id))
    expect(position(got)).toBe(before.id)
    first.close()
    await waitFor(() => streamStats().clients.ADMIN === 0, { what: 'la déconnexion du premier flux' })

    const missed = await make('ADMIN', 'Pendant la coupure', { priorite: 'HAUTE' })
    const otherRole = await make('FORMATEUR', 'Pour les formateurs')
    const missedTous = await make('TOUS', 'Pour tous pendant la coupure')

    // The hook sends the last position it saw as ?depuis=; a client's Last-Event-ID header would win over it.
    const again = await connect('admin', { query: `?depuis=${position(got)}` })
    expect(again.status).toBe(200)
    const count = await again.next((m) => m.event === 'count')
    const replayed = again.messages.filter((m) => m.event === 'notification').map((m) => payload<{ id: number; rejeu?: boolean; priorite: string }>(m))
    expect(replayed.map((n) => n.id)).toEqual([missed.id, missedTous.id])
    expect(replayed.every((n) => n.rejeu === true)).toBe(true)
    expect(replayed[0].priorite).toBe('HAUTE')
    expect(replayed.map((n) => n.id)).not.toContain(otherRole.id)
    // The count comes after the replay and carries the newest id.
    expect(again.messages.indexOf(count)).toBeGreaterThan(again.messages.findIndex(isNotification(missedTous.id)))
    expect(position(count)).toBe(missedTous.id)

    // Then the stream is live again.
    const live = await make('ADMIN', 'Après la reconnexion')
    const liveMessage = payload<{ rejeu?: boolean }>(await again.next(isNotification(live.id)))
    expect(liveMessage.rejeu).toBeUndefined()
    again.close()

    // A Last-Event-ID header (a client that sends one) wins over the query parameters.
    const header = await connect('admin', { lastEventId: missed.id, query: '?depuis=0' })
    await header.next((m) => m.event === 'count')
    expect(notificationIds(header)).toEqual([missedTous.id, live.id])
    header.close()
  })

  it('tient le compteur de non-lues à jour : nouvelle notification, lecture, tout marquer comme lu', async () => {
    const s = await connectReady('admin')
    const formateur = await connectReady('formateur')
    // Counts are sent 50 ms after a notification: let those of earlier tests land before reading the baseline.
    await new Promise((r) => setTimeout(r, 300))
    const start = payload<{ nonLues: number }>(s.messages.findLast((m) => m.event === 'count')!).nonLues
    const formateurStart = payload<{ nonLues: number }>(formateur.messages.findLast((m) => m.event === 'count')!).nonLues

    let mark = s.messages.length
    const n = await make('ADMIN', 'À lire')
    const count = (value: number) => (m: SseMessage) => m.event === 'count' && payload<{ nonLues: number }>(m).nonLues === value
    expect(payload(await s.next(count(start + 1), { from: mark }))).toMatchObject({ nonLues: start + 1 })

    mark = s.messages.length
    const read = await call(notificationsAction, await post('/admin/notifications', { intent: 'lire', id: String(n.id) }))
    expect(statusOf(read)).toBe(302)
    expect(payload(await s.next(count(start), { from: mark }))).toMatchObject({ nonLues: start })

    mark = s.messages.length
    const all = await call(notificationsAction, await post('/admin/notifications', { intent: 'tout-lire' }))
    expect(statusOf(all)).toBe(302)
    expect(payload(await s.next(count(0), { from: mark }))).toMatchObject({ nonLues: 0 })

    // Another user's reading changes nothing for the trainer.
    expect(formateur.messages.filter((m) => m.event === 'count').map((m) => payload<{ nonLues: number }>(m).nonLues)).toEqual([formateurStart])
    s.close()
    formateur.close()
  })

  it('envoie les changements de statut des actions aux administrateurs seulement', async () => {
    const admin = await connectReady('admin')
    const formateur = await connectReady('formateur')
    publishActionStatus('act_test_1', 'PROS_000001', 'TERMINEE')
    const event = await admin.next((m) => m.event === 'action')
    expect(payload(event)).toEqual({ actionId: 'act_test_1', prospectId: 'PROS_000001', statut: 'TERMINEE', dernierId: expect.any(Number) })
    // A later TOUS notification reaches the trainer: by then the action event would have too.
    const tous = await make('TOUS')
    await formateur.next(isNotification(tous.id))
    expect(formateur.messages.some((m) => m.event === 'action')).toBe(false)
    admin.close()
    formateur.close()
  })

  it('retire les clients partis : le nombre de clients revient à 0', async () => {
    await waitFor(() => streamStats().clients.total === 0, { what: 'aucun client au départ' })
    const streams = [await connectReady('admin'), await connectReady('admin'), await connectReady('formateur')]
    expect(streamStats().clients).toEqual({ total: 3, ADMIN: 2, FORMATEUR: 1, ELEVE: 0 })
    expect(streamStats().utilisateursConnectes).toBe(2)

    // The stats route (admins only) says the same over HTTP.
    const { cookie } = await sessionFor('admin')
    const res = await fetch(`${server.url}/resources/notifications/stats`, { headers: { Cookie: cookie } })
    expect(res.status).toBe(200)
    const stats = (await res.json()) as { clients: Record<string, number>; evenementsEnvoyes: number; dureeSecondes: number; transport: string }
    expect(stats.clients.total).toBe(3)
    expect(stats.evenementsEnvoyes).toBeGreaterThan(0)
    expect(stats.transport).toBe(process.env.TEST_DB === 'postgres' ? 'postgres' : 'memoire')

    for (const s of streams) s.close()
    await waitFor(() => streamStats().clients.total === 0, { what: 'le départ des trois clients' })
    expect(streamStats().utilisateursConnectes).toBe(0)
    // Nothing is written to departed clients: a notification now reaches nobody and throws nothing.
    const sentBefore = streamStats().evenementsEnvoyes
    await make('TOUS')
    await new Promise((r) => setTimeout(r, 100))
    expect(streamStats().evenementsEnvoyes).toBe(sentBefore)
  })

  it(`garde au plus ${MAX_STREAMS_PER_SESSION} flux ouverts par session : le plus ancien est fermé et prié de ne pas revenir`, async () => {
    await waitFor(() => streamStats().clients.total === 0, { what: 'aucun client au départ' })
    const { cookie } = await sessionFor('admin')
    const streams: SseStream[] = []
    for (let i = 0; i < MAX_STREAMS_PER_SESSION + 1; i++) {
      const s = await openStream(server.url, '/resources/notifications', { Cookie: cookie })
      open.push(s)
      expect(s.status).toBe(200)
      await s.next((m) => m.event === 'count')
      streams.push(s)
    }
    const fin = await streams[0].next((m) => m.event === 'fin')
    expect(payload(fin)).toMatchObject({ raison: 'trop-de-flux' })
    await streams[0].ended
    expect(streamStats().clients.total).toBe(MAX_STREAMS_PER_SESSION)
    // The others stay live; another session of the same user is not affected.
    const other = await connectReady('admin')
    expect(streamStats().clients.total).toBe(MAX_STREAMS_PER_SESSION + 1)
    const n = await make('ADMIN', 'Pour les flux restants')
    for (const s of [...streams.slice(1), other]) await s.next(isNotification(n.id))
    expect(streams.slice(1).some((s) => s.messages.some((m) => m.event === 'fin'))).toBe(false)
  })

  it('réserve les statistiques aux administrateurs', async () => {
    expect(statusOf(await call(statsLoader, new Request('http://localhost/resources/notifications/stats')))).toBe(401)
    const { cookie } = await sessionFor('formateur')
    const forbidden = await call(statsLoader, new Request('http://localhost/resources/notifications/stats', { headers: { Cookie: cookie } }))
    expect(statusOf(forbidden)).toBe(403)
  })
})
