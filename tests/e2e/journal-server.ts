// The journal's journeys need entries of their own and an n8n they can break on purpose: each Playwright worker
// (one per project, JavaScript on / off) starts its own app server from the e2e build, on a fresh embedded database
// prepared by journal-db.ts, with webhooks pointed at an n8n simulator running in the worker.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { startN8nSimulator, type N8nSimulator } from '../../app/n8n/simulator.server'

export type JournalIds = { resoudre: number; masse: number[]; hostile: number; relance: number }
export type JournalServer = { url: string; sim: N8nSimulator; ids: JournalIds; stop(): Promise<void> }

const ROOT = path.resolve(import.meta.dirname, '../..')

async function freePort() {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function waitFor(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`le serveur du journal s’est arrêté (code ${child.exitCode}) :\n${output()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`le serveur du journal ne répond pas sur ${url} :\n${output()}`)
}

export async function startJournalServer(name: string): Promise<JournalServer> {
  const buildDir = `tests/.tmp/build-${process.env.E2E_PORT ?? 3210}`
  if (!fs.existsSync(path.join(ROOT, buildDir, 'server/index.js'))) throw new Error(`build e2e absent : ${buildDir}`)
  const dir = path.join(ROOT, 'tests/.tmp', `e2e-journal-${name}-${Date.now().toString(36)}`)
  const ids = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/e2e/journal-db.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `pglite:${dir}`, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
      .toString()
      .trim()
      .split('\n')
      .pop()!,
  ) as JournalIds

  const apiKey = `cle-${Math.random().toString(36).slice(2)}`
  const callbackSecret = `rappel-${Math.random().toString(36).slice(2)}`
  const sim = await startN8nSimulator({ apiKey, callbackSecret, latencyMs: 5 })
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const child = spawn(process.execPath, ['server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: `pglite:${dir}`,
      BUILD_DIR: buildDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      LOGIN_MAX_ATTEMPTS: '50',
      N8N_WEBHOOK_BASE_URL: sim.webhookBaseUrl,
      N8N_API_KEY: apiKey,
      N8N_CALLBACK_SECRET: callbackSecret,
      N8N_RETRY_DELAY_MS: '20',
      N8N_TIMEOUT_MS: '2000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  try {
    await waitFor(`${url}/login`, child, () => output)
  } catch (error) {
    child.kill('SIGTERM')
    await sim.stop()
    throw error
  }
  return {
    url,
    sim,
    ids,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await sim.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
