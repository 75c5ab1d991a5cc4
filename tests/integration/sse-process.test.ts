// The notification stream of the real server (node server.js, production build) under constant garbage
// collection: a departed client must still be forgotten. Remix hands loaders clones of the request whose signal can
// stop following the original after a GC (nodejs/node#55428); server.js passes `clientGone` for that reason.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openStream, waitFor, type SseStream } from '../utils/sse-client'
import { ensureBuild, loginOver, startInstance, stopInstance, type Instance } from '../utils/sse-server'
import { randomName, TMP } from '../setup/database'

const BUILD_DIR = 'tests/.tmp/build-sse-gc'
let instance: Instance | undefined
let ownDir: string | null = null
let cookie: string
const open: SseStream[] = []

async function clients() {
  const res = await fetch(`${instance!.url}/resources/notifications/stats`, { headers: { Cookie: cookie } })
  expect(res.status).toBe(200)
  return ((await res.json()) as { clients: { total: number } }).clients.total
}

describe('flux des notifications du serveur de production', () => {
  beforeAll(async () => {
    ensureBuild(BUILD_DIR)
    // PGlite belongs to one process: the server gets its own copy of the template; PostgreSQL is shared.
    let databaseUrl = process.env.DATABASE_URL!
    if (process.env.TEST_DB !== 'postgres') {
      ownDir = path.join(TMP, randomName('db_gc'))
      fs.cpSync(process.env.TEST_TEMPLATE!, ownDir, { recursive: true })
      databaseUrl = `pglite:${ownDir}`
    }
    instance = await startInstance({
      buildDir: BUILD_DIR,
      env: { DATABASE_URL: databaseUrl, SSE_HEARTBEAT_MS: '1000', LOGIN_MAX_ATTEMPTS: '50' },
      nodeArgs: ['--expose-gc', '--import', './tests/utils/gc-pressure.mjs'],
    })
    cookie = await loginOver(instance, 'admin')
  }, 180_000)

  afterEach(() => {
    for (const s of open.splice(0)) s.close()
  })

  afterAll(async () => {
    await stopInstance(instance)
    if (ownDir) fs.rmSync(ownDir, { recursive: true, force: true })
  })

  it('oublie les clients partis, même après des passages du ramasse-miettes', async () => {
    for (let i = 0; i < 5; i++) {
      const s = await openStream(instance!.url, '/resources/notifications', { Cookie: cookie })
      open.push(s)
      expect(s.status).toBe(200)
      await s.next((m) => m.event === 'count')
    }
    expect(await clients()).toBe(5)
    // Several full collections while the streams are open.
    await new Promise((r) => setTimeout(r, 500))
    await open[0].next((m) => m.event === 'ping', { timeoutMs: 3_000 })
    for (const s of open) s.close()
    await waitFor(async () => (await clients()) === 0, { timeoutMs: 5_000, what: 'le départ des cinq clients' })
  })

  it('répond 401 sans session, sans ouvrir de flux', async () => {
    const anonymous = await openStream(instance!.url, '/resources/notifications')
    expect(anonymous.status).toBe(401)
    expect(await clients()).toBe(0)
  })
})
