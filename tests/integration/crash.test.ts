// Crash consistency: the server is killed (SIGKILL) while n8n hangs on a conversion. At the next start the action
// left EN_COURS past the retry budget becomes ECHEC "interrompue" with a journal row; nothing stays in limbo,
// nothing runs twice, and the candidate created before the call keeps its action.
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
  it('reprend l’action interrompue au démarrage suivant, sans rien refaire', { timeout: 90_000 }, async () => {
    const prospect = 'PROS_000008'
    sim.setFault('CONVERTIR_CANDIDAT', { kind: 'hang' })
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

    const pending = fetch(`${base}/admin/prospects/${prospect}/convertir`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, formation, session: sessionId }),
    }).then((r) => r, (error: Error) => error)
    const early = await Promise.race([pending, new Promise((r) => setTimeout(r, 300))])
    if (early instanceof Response) throw new Error(`POST répondu ${early.status} : ${await early.text()}`)
    for (let i = 0; i < 100 && !sim.requests.some((r) => r.path.includes('convertir')); i++) await new Promise((r) => setTimeout(r, 100))
    expect(sim.requests.filter((r) => r.path.includes('convertir'))).toHaveLength(1)
    await stop(first.child, 'SIGKILL')
    expect(await pending).toBeInstanceOf(Error)

    // Past the retry budget (2 × 1.5 s × 2 attempts + 0.2 s), the next start settles it.
    await new Promise((r) => setTimeout(r, 6_500))
    sim.clearFaults()
    const second = await startServer(port)
    await new Promise((r) => setTimeout(r, 500))
    await stop(second.child, 'SIGTERM')

    const actions = await query<{ id: string; statut: string; erreur: string }>(
      `SELECT id, statut::text, erreur FROM actions_prospect WHERE prospect_id = '${prospect}'`,
    )
    expect(actions).toHaveLength(1)
    expect(actions[0].statut).toBe('ECHEC')
    expect(actions[0].erreur).toMatch(/interrompue/)
    const journal = await query<{ message_erreur: string }>(`SELECT message_erreur FROM journal_erreurs WHERE action_id = '${actions[0].id}'`)
    expect(journal).toHaveLength(1)
    expect(journal[0].message_erreur).toMatch(/interrompue/)
    // The conversion committed before the call: the candidate is there, with its action, once.
    const candidats = await query<{ n: number }>(`SELECT count(*)::int AS n FROM candidats WHERE prospect_id = '${prospect}'`)
    expect(candidats[0].n).toBe(1)
    // Nothing re-ran the webhook behind the admin's back.
    expect(sim.requests.filter((r) => r.path.includes('convertir'))).toHaveLength(1)
  })
})
