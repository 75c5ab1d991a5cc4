// Two real app processes (node server.js) on one PostgreSQL database: each delivers to its own clients what was
// notified anywhere, through LISTEN/NOTIFY; a dropped listener reconnects and catches up. PostgreSQL only.
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { LISTENER_APPLICATION_NAME } from '~/notifications/bus.server'
import { notify, publishActionStatus } from '~/notifications/notify.server'
import { db } from '~/utils/db.server'
import { sessionFor } from '../utils/helpers'
import { openStream, payload, waitFor, type SseMessage, type SseStream } from '../utils/sse-client'
import { ensureBuild, startInstance, stopInstance, type Instance } from '../utils/sse-server'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const onPostgres = process.env.TEST_DB === 'postgres'
const BUILD_DIR = 'tests/.tmp/build-sse'
const start = () => startInstance({ buildDir: BUILD_DIR, env: { SSE_HEARTBEAT_MS: '1000' } })

let a: Instance
let b: Instance
let cookie: string
const open: SseStream[] = []

async function connect(instance: Instance) {
  const stream = await openStream(instance.url, '/resources/notifications', { Cookie: cookie })
  open.push(stream)
  expect(stream.status).toBe(200)
  await stream.next((m) => m.event === 'count', { timeoutMs: 10_000 })
  return stream
}

async function stats(instance: Instance) {
  const res = await fetch(`${instance.url}/resources/notifications/stats`, { headers: { Cookie: cookie } })
  expect(res.status).toBe(200)
  return (await res.json()) as { clients: { total: number; ADMIN: number }; transport: string; ecoutePostgres: boolean; reconnexionsEcoute: number }
}

const isNotification = (id: number) => (m: SseMessage) => m.event === 'notification' && payload<{ id: number }>(m).id === id

describe.skipIf(!onPostgres)('deux instances sur une même base PostgreSQL', () => {
  beforeAll(async () => {
    ensureBuild(BUILD_DIR)
    ;[a, b] = await Promise.all([start(), start()])
    ;({ cookie } = await sessionFor('admin'))
    // Both listeners are up before anything is notified.
    await waitFor(async () => (await stats(a)).ecoutePostgres && (await stats(b)).ecoutePostgres, { timeoutMs: 10_000, what: 'l’écoute PostgreSQL des deux instances' })
  }, 180_000)

  afterEach(() => {
    for (const s of open.splice(0)) s.close()
  })

  afterAll(async () => {
    await Promise.all([a, b].map(stopInstance))
  })

  it('livre sur les deux instances une notification faite ailleurs, et les changements de statut d’action', async () => {
    const onA = await connect(a)
    const onB = await connect(b)
    expect((await stats(a)).transport).toBe('postgres')

    const n = await notify({ categorie: 'test', type: 'essai', titre: 'Vue par les deux instances', message: 'LISTEN/NOTIFY', audience: 'ADMIN' })
    for (const s of [onA, onB]) {
      const got = payload<{ titre: string; id: number }>(await s.next(isNotification(n!.id)))
      expect(got.titre).toBe('Vue par les deux instances')
    }
    // Each instance also recomputes the bell's count for its own clients.
    const row = await db.notification.findUniqueOrThrow({ where: { id: n!.id } })
    expect(row.audience).toBe('ADMIN')
    for (const s of [onA, onB]) await s.next((m) => m.event === 'count' && payload<{ dernierId: number }>(m).dernierId === n!.id)

    publishActionStatus('act_pg_1', 'PROS_000007', 'TERMINEE')
    for (const s of [onA, onB]) {
      expect(payload(await s.next((m) => m.event === 'action'))).toMatchObject({ actionId: 'act_pg_1', prospectId: 'PROS_000007', statut: 'TERMINEE' })
    }
  })

  it('livre sur les deux instances la notification d’une action lancée sur l’une d’elles (Générer devis)', async () => {
    const onA = await connect(a)
    const onB = await connect(b)
    const { cookie: formCookie, csrfToken } = await sessionFor('admin')
    const response = await fetch(`${a.url}/admin/prospects/PROS_000005/generer-devis`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: formCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrfToken }),
    })
    expect(response.status).toBe(302)
    for (const s of [onA, onB]) {
      const action = await s.next((m) => m.event === 'action' && payload<{ prospectId: string }>(m).prospectId === 'PROS_000005', { timeoutMs: 10_000 })
      expect(payload<{ actionId: string }>(action).actionId).toMatch(/^[0-9a-f-]{36}$/)
      const n = await s.next((m) => m.event === 'notification' && payload<{ lienAction: string | null }>(m).lienAction === '/admin/prospects/PROS_000005', { timeoutMs: 10_000 })
      expect(payload<{ titre: string }>(n).titre).toMatch(/devis/i)
    }
    const stored = await db.notification.findFirstOrThrow({ where: { lienAction: '/admin/prospects/PROS_000005' }, orderBy: { id: 'desc' } })
    expect(onB.messages.some((m) => m.event === 'notification' && payload<{ id: number }>(m).id === stored.id)).toBe(true)
  })

  it('reprend l’écoute après une coupure et rattrape ce qui a été notifié pendant', async () => {
    const onA = await connect(a)
    const onB = await connect(b)
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    try {
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
        [LISTENER_APPLICATION_NAME],
      )
      expect(killed.rowCount).toBe(2)
    } finally {
      await admin.end()
    }
    // Notified while both listeners are down: only the catch-up from the table can deliver it.
    const n = await notify({ categorie: 'test', type: 'essai', titre: 'Pendant la coupure', message: 'rattrapage', audience: 'TOUS' })
    for (const s of [onA, onB]) await s.next(isNotification(n!.id), { timeoutMs: 10_000 })
    for (const instance of [a, b]) {
      const s = await stats(instance)
      expect(s.ecoutePostgres).toBe(true)
      expect(s.reconnexionsEcoute).toBeGreaterThanOrEqual(1)
    }
    expect(a.output.join('')).toMatch(/écoute PostgreSQL interrompue/)
  })

  it('oublie les clients déconnectés sur chaque instance', async () => {
    const streams = [await connect(a), await connect(a), await connect(b)]
    expect((await stats(a)).clients.total).toBe(2)
    expect((await stats(b)).clients.total).toBe(1)
    for (const s of streams) s.close()
    await waitFor(async () => (await stats(a)).clients.total === 0 && (await stats(b)).clients.total === 0, { what: 'le départ des clients' })
  })
})
