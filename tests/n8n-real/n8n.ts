// A real n8n for the contract test: installed once in a cache folder, driven through its CLI, started on loopback
// with a throwaway user folder. Recipe and traps: ../shared/STACK.md ("n8n, the real peer").
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const N8N_VERSION = '1.123.81'

export type N8nInstall = { dir: string; bin: string; installedNow: boolean; ms: number }

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} a échoué (code ${result.status}) :\n${(result.stderr || result.stdout).slice(-3000)}`)
  }
}

/** Installs n8n in `dir` unless a previous run finished doing so (about 2–10 min and 1.8 GB when cold). */
export function ensureN8n(dir: string, log: (line: string) => void): N8nInstall {
  const started = performance.now()
  const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n')
  const marker = path.join(dir, '.installation-terminee')
  if (fs.existsSync(marker) && fs.existsSync(bin)) return { dir, bin, installedNow: false, ms: performance.now() - started }
  log(`Installation de n8n ${N8N_VERSION} dans ${dir} (environ 1,8 Go, plusieurs minutes la première fois)…`)
  fs.mkdirSync(dir, { recursive: true })
  if (!fs.existsSync(path.join(dir, 'package.json'))) run('npm', ['init', '-y'], dir)
  // xlsx: the version n8n asks for is not on the npm registry.
  run('npm', ['pkg', 'set', 'private=true', 'overrides.xlsx=0.18.5'], dir)
  run('npm', ['install', `n8n@${N8N_VERSION}`, '--save-exact', '--ignore-scripts', '--no-audit', '--no-fund'], dir)
  // The only install script n8n needs here: its SQLite driver, built from source.
  run('npm', ['install-scripts', 'approve', 'sqlite3'], dir)
  run('npm', ['rebuild', 'sqlite3'], dir)
  fs.writeFileSync(marker, `n8n@${N8N_VERSION} ${new Date().toISOString()}\n`)
  return { dir, bin, installedNow: true, ms: performance.now() - started }
}

export type N8nInstance = {
  port: number
  webhookBaseUrl: string
  userFolder: string
  env: NodeJS.ProcessEnv
  /** Runs an n8n CLI command against the same user folder (only while the server is stopped). */
  cli(args: string[]): { ms: number; output: string }
  start(): Promise<number>
  stop(): Promise<void>
  logTail(): string
}

export function n8nInstance(install: N8nInstall, options: { port: number; userFolder: string }): N8nInstance {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: options.userFolder,
    N8N_USER_FOLDER: options.userFolder,
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PORT: String(options.port),
    N8N_PROTOCOL: 'http',
    WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
    N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_RUNNERS_ENABLED: 'false',
    // Required on Node 20: the default expression engine needs a module that does not build there.
    N8N_EXPRESSION_ENGINE: 'legacy',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_LOG_LEVEL: 'warn',
    DB_TYPE: 'sqlite',
    EXECUTIONS_MODE: 'regular',
    NODE_ENV: 'production',
  }
  let child: ChildProcess | undefined
  let log = ''

  return {
    port: options.port,
    webhookBaseUrl: `http://127.0.0.1:${options.port}/webhook`,
    userFolder: options.userFolder,
    env,
    cli(args) {
      const started = performance.now()
      const result = spawnSync(process.execPath, [install.bin, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 })
      const output = `${result.stdout}\n${result.stderr}`
      if (result.status !== 0 || /GOT ERROR|Error importing|An error occurred/i.test(output)) {
        throw new Error(`n8n ${args.join(' ')} a échoué (code ${result.status}) :\n${output.slice(-3000)}`)
      }
      return { ms: performance.now() - started, output }
    },
    async start() {
      const started = performance.now()
      child = spawn(process.execPath, [install.bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      child.stdout?.on('data', (chunk) => (log = (log + chunk).slice(-20_000)))
      child.stderr?.on('data', (chunk) => (log = (log + chunk).slice(-20_000)))
      return started
    },
    async stop() {
      const proc = child
      child = undefined
      if (!proc || proc.exitCode !== null) return
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
      proc.kill('SIGTERM')
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
    logTail() {
      return log.slice(-4000)
    },
  }
}

/**
 * Polls a webhook until n8n has registered it: 403 without the secret (404 before, connection refused earlier).
 * A webhook without Header Auth (the website form) is registered once it answers anything but 404.
 */
export async function waitForWebhook(url: string, timeoutMs: number, registered: (status: number) => boolean = (status) => status === 403) {
  const deadline = Date.now() + timeoutMs
  let last = 'pas de réponse'
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (registered(res.status)) return
      last = `HTTP ${res.status}`
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`n8n n’a pas enregistré ${url} en ${timeoutMs / 1000} s (dernier état : ${last})`)
}
