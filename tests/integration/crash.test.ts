// Crash consistency: the server is killed (SIGKILL) while n8n works on a conversion. At the next start the job
// engine finds the lost job (expired) and runs it again with the same idempotency key: n8n answers from its memory,
// the action ends TERMINEE, never "interrompue"; the candidate created with the action is there once.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startN8nSimulator, type N8nSimulator } from '~/n8n/simulator.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { adminQuery, copyDir, mode, pgUrl, randomName, ROOT, TMP } from '../setup/database'

const apiKey = crypto.randomBytes(12).toString('hex')
const callbackSecret = crypto.randomBytes(12).toString('hex')
let sim: N8nSimulator
let databaseUrl: string
let dropDatabase: () => Promise<void>
// Every server this file starts, so a failing test never leaves one behind.
const children = new Set<ChildProcess>()

async function freePort() {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function startServer(port: number) {
  const child = spawn(process.execPath, ['server.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      SESSION_SECRET: 'crash-test-secret-crash-test',
      DATABASE_URL: databaseUrl,
      BUILD_DIR: process.env.BUILD_DIR ?? 'build',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: `http://127.0.0.1:${port}`,
      N8N_WEBHOOK_BASE_URL: sim.webhookBaseUrl,
      N8N_API_KEY: apiKey,
      N8N_CALLBACK_SECRET: callbackSecret,
      N8N_TIMEOUT_MS: '1500',
      N8N_RETRY_LIMIT: '1',
      N8N_RETRY_DELAY_MS: '100',
      N8N_RETRY_AFTER_MAX_MS: '200',
      JOBS_POLLING_MS: '500',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.add(child)
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`le serveur s’est arrêté : ${output}`)
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then((r) => r.ok, () => false)
    if (ok) return { child, output: () => output }
    await new Promise((r) => setTimeout(r, 200))
  }
  child.kill('SIGKILL')
  throw new Error(`le serveur ne répond pas : ${output}`)
}

function stop(child: ChildProcess, signal: NodeJS.Signals) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}

/** Reads the database once no server holds it (PGlite has one owner). */
async function query<T>(sql: string): Promise<T[]> {
  if (mode === 'postgres') {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      return (await client.query(sql)).rows as T[]
    } finally {
      await client.end()
    }
  }
  const db = new PGlite(databaseUrl.slice('pglite:'.length))
  try {
    return (await db.query<T>(sql)).rows
  } finally {
    await db.close()
  }
}

beforeAll(async () => {
  sim = await startN8nSimulator({ apiKey, callbackSecret })
  const template = process.env.TEST_TEMPLATE!
  if (mode === 'pglite') {
    const dir = path.join(TMP, randomName('crash'))
    copyDir(template, dir)
    databaseUrl = `pglite:${dir}`
    dropDatabase = async () => fs.rmSync(dir, { recursive: true, force: true })
  } else {
    const name = randomName('crash_bo')
    await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
    databaseUrl = pgUrl(name)
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {})
  }
})
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  await sim?.stop()
  await dropDatabase?.()
})

function cookiesOf(response: Response) {
  return response.headers.getSetCookie().map((c) => c.split(';')[0])
}

describe('arrêt brutal pendant une action', () => {
  it('reprend l’action au démarrage suivant avec la même clé : TERMINEE, un seul effet chez n8n', { timeout: 120_000 }, async () => {
    // The servers here run on their own copy of the seeded template (no factory reaches it): a seeded prospect.
    const prospect = 'PROS_000008'
    // n8n takes 3 s to create the Drive folder: the server is killed meanwhile.
    sim.setFault('CONVERTIR_CANDIDAT', { kind: 'slow', delayMs: 3_000 })
    const port = await freePort()
    const first = await startServer(port)
    const base = `http://127.0.0.1:${port}`

    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: DEMO_USERS.admin.email, motDePasse: DEMO_USERS.admin.password }),
    })
    const session = cookiesOf(login)
    const modal = await fetch(`${base}/admin/prospects/${prospect}/convertir`, { headers: { Cookie: session.join('; ') } })
    const html = await modal.text()
    const cookie = [...session, ...cookiesOf(modal)].join('; ')
    const csrf = html.match(/name="csrf" value="([^"]+)"/)![1]
    // Without JavaScript the session select lists every open session grouped by formation: take the first one.
    const formationSelect = html.match(/<select[^>]*name="formation"[\s\S]*?<\/select>/)![0]
    const formations = new Map([...formationSelect.matchAll(/<option[^>]*value="([^"]+)"[^>]*>([^<]+)</g)].map((m) => [m[2].trim(), m[1]]))
    const sessionSelect = html.match(/<select[^>]*name="session"[\s\S]*?<\/select>/)![0]
    const group = sessionSelect.match(/<optgroup label="([^"]+)"[^>]*>\s*<option[^>]*value="([^"]+)"/)!
    const formation = formations.get(group[1])!
    const sessionId = group[2]
    expect(formation).toBeTruthy()

    // The server is killed while n8n works on the first call.
    const convert = () => sim.requests.filter((r) => r.path.includes('convertir'))
    const pending = fetch(`${base}/admin/prospects/${prospect}/convertir`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, formation, session: sessionId }),
    }).then((r) => r, (error: Error) => error)
    for (let i = 0; i < 100 && convert().length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(convert()).toHaveLength(1)
    await stop(first.child, 'SIGKILL')
    await pending

    // n8n finishes its work (and remembers it under the key) while the app is down; then the app comes back.
    await new Promise((r) => setTimeout(r, 3_000))
    sim.clearFaults()
    const second = await startServer(port)
    for (let i = 0; i < 600 && !(convert().length >= 2 && convert()[1].status === 200); i++) await new Promise((r) => setTimeout(r, 100))
    expect(convert()).toHaveLength(2)
    // Let the app apply the answer, then read the database once it lets go of it.
    await new Promise((r) => setTimeout(r, 1_500))
    await stop(second.child, 'SIGTERM')

    const actions = await query<{ id: string; statut: string; erreur: string | null; tentatives: number }>(
      `SELECT id, statut::text, erreur, tentatives FROM actions_prospect WHERE prospect_id = '${prospect}'`,
    )
    expect(actions).toHaveLength(1)
    expect(actions[0]).toMatchObject({ statut: 'TERMINEE', erreur: null })
    // Both calls carried the action's id as idempotency key: one Drive folder, the one n8n made the first time.
    expect(convert().map((r) => r.idempotencyKey)).toEqual([actions[0].id, actions[0].id])
    const candidats = await query<{ n: number; drive_folder_id: string | null }>(
      `SELECT count(*) OVER ()::int AS n, drive_folder_id FROM candidats WHERE prospect_id = '${prospect}'`,
    )
    expect(candidats).toHaveLength(1)
    expect(candidats[0].drive_folder_id).toMatch(/^sim_/)
    expect(await query(`SELECT id FROM journal_erreurs WHERE action_id = '${actions[0].id}' AND NOT resolu`)).toHaveLength(0)
  })
})
