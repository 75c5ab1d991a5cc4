// Real app processes for the notification stream tests: `node server.js` on a build of its own, on a free port.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { DEMO_USERS } from '../../prisma/seed-data'
import { waitFor } from './sse-client'
import { ROOT } from '../setup/database'

/** Builds the app into `buildDir` unless a build newer than every source file is already there. */
export function ensureBuild(buildDir: string) {
  const marker = path.join(ROOT, buildDir, 'server/index.js')
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const full = path.join(dir, entry.name)
      return Math.max(max, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs)
    }, 0)
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs > Math.max(newest(path.join(ROOT, 'app')), fs.statSync(path.join(ROOT, 'server.js')).mtimeMs)) return
  try {
    execFileSync('npx', ['remix', 'vite:build'], { cwd: ROOT, env: { ...process.env, BUILD_DIR: buildDir, VITEST: '', NODE_ENV: 'production' }, stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (error) {
    throw new Error(`construction de l’application impossible :\n${String((error as { stderr?: Buffer }).stderr ?? error)}`)
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export type Instance = { url: string; process: ChildProcess; output: string[] }

export async function startInstance({ buildDir, env, nodeArgs = [] }: { buildDir: string; env: Record<string, string>; nodeArgs?: string[] }): Promise<Instance> {
  const port = await freePort()
  const output: string[] = []
  const url = `http://127.0.0.1:${port}`
  // APP_URL is where n8n calls back: an instance's own address unless the test says otherwise.
  const child = spawn(process.execPath, [...nodeArgs, 'server.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BUILD_DIR: buildDir, NODE_ENV: 'test', APP_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (d) => output.push(String(d)))
  child.stderr!.on('data', (d) => output.push(String(d)))
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`l’instance s’est arrêtée :\n${output.join('')}`)
      return fetch(`${url}/login`).then((r) => r.ok, () => false)
    },
    { timeoutMs: 30_000, what: `le démarrage de l’instance ${url}` },
  )
  return { url, process: child, output }
}

export function stopInstance(instance: Instance | undefined) {
  if (!instance || instance.process.exitCode !== null) return Promise.resolve()
  return new Promise<void>((resolve) => {
    instance.process.once('exit', () => resolve())
    instance.process.kill('SIGTERM')
  })
}

/** Logs in through the login form, as a browser does; returns the session cookie. */
export async function loginOver(instance: Instance, who: keyof typeof DEMO_USERS) {
  const response = await fetch(`${instance.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: DEMO_USERS[who].email, motDePasse: DEMO_USERS[who].password, redirectTo: '/admin/prospects' }),
  })
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('bo_session='))
  if (response.status !== 302 || !cookie) throw new Error(`connexion de ${who} impossible (HTTP ${response.status})`)
  return cookie.split(';')[0]
}
