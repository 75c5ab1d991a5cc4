// npm run soak:sse — endurance: 1,000 subscribers on one app instance (production build, PGlite) for 10 minutes
// (SOAK_MINUTES), a notification every 5 s and a 5 s heartbeat, server memory sampled every minute. Stops by
// itself; prints RSS and heap at the start and the end, and whether every client got every notification.
// Not part of npm test.
import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildApp, printTable, ROOT } from './lib'
import type { ClientsMessage, ClientsReply, Memory, ServerMessage, ServerReply } from './sse-lib'

const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 1000)
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10)
const NOTIFY_EVERY_MS = 5_000
const HEARTBEAT_MS = 5_000
const buildDir = 'tests/.tmp/build-bench-sse'

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec))
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} Mo`

function ask<R extends { type: string }>(child: ChildProcess, message: unknown, type: R['type'], timeoutMs = 120_000): Promise<R> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pas de réponse « ${type} » en ${timeoutMs} ms`)), timeoutMs)
    const onMessage = (reply: R) => {
      if (reply.type !== type) return
      clearTimeout(timer)
      child.off('message', onMessage)
      resolve(reply)
    }
    child.on('message', onMessage)
    if (message) child.send(message as object)
  })
}

const dir = path.join(ROOT, 'tests/.tmp', `soak-sse-${Date.now().toString(36)}`)
let server: ChildProcess | null = null
let clients: ChildProcess | null = null
// Whatever happens, the run ends: a hard stop well past the planned duration.
const deadline = setTimeout(() => {
  console.error('Endurance interrompue : durée maximale dépassée')
  server?.kill()
  clients?.kill()
  process.exit(1)
}, (MINUTES + 5) * 60_000)
deadline.unref()

try {
  if (process.env.BENCH_NO_BUILD !== '1' || !fs.existsSync(path.join(ROOT, buildDir, 'server/index.js'))) {
    console.log(`Construction de l'application (${buildDir})…`)
    buildApp(buildDir)
  }
  const { execFileSync } = await import('node:child_process')
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/setup/build-template.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `pglite:${dir}`, NODE_ENV: 'production', N8N_SIMULATEUR: '1', SESSION_SECRET: 'bench-secret-bench-secret' },
    stdio: 'ignore',
  })
  server = fork(path.join(ROOT, 'bench/sse-app-server.ts'), [], {
    cwd: ROOT,
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: `pglite:${dir}`, BUILD_DIR: buildDir, NODE_ENV: 'production', N8N_SIMULATEUR: '1', SESSION_SECRET: 'bench-secret-bench-secret', SSE_HEARTBEAT_MS: String(HEARTBEAT_MS), BENCH_SSE_SESSIONS: String(CLIENTS) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  clients = fork(path.join(ROOT, 'bench/sse-clients.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const ready = await ask<Extract<ServerReply, { type: 'ready' }>>(server, null, 'ready')
  const connected = await ask<Extract<ClientsReply, { type: 'connected' }>>(
    clients,
    { type: 'connect', url: ready.url, path: ready.path, cookies: ready.cookies, count: CLIENTS } satisfies ClientsMessage,
    'connected',
  )
  console.log(`${connected.count} abonnés connectés (${connected.failed} échecs) ; endurance de ${MINUTES} min`)
  const memory = () => ask<Extract<ServerReply, { type: 'memory' }>>(server!, { type: 'memory' } satisfies ServerMessage, 'memory')
  const samples: { minute: number; memory: Memory; clients: number }[] = []
  const first = await memory()
  samples.push({ minute: 0, memory: first.memory, clients: first.clients })
  const ids: number[] = []
  const start = Date.now()
  let seq = 0
  let nextSample = 1
  while (Date.now() - start < MINUTES * 60_000) {
    const notified = await ask<Extract<ServerReply, { type: 'notified' }>>(server, { type: 'notify', seq: seq++ } satisfies ServerMessage, 'notified')
    ids.push(notified.id)
    await sleep(NOTIFY_EVERY_MS)
    if (Date.now() - start >= nextSample * 60_000) {
      const m = await memory()
      samples.push({ minute: nextSample, memory: m.memory, clients: m.clients })
      console.log(`  ${nextSample} min : RSS ${mb(m.memory.rss)}, tas ${mb(m.memory.heapUsed)}, ${m.clients} clients`)
      nextSample++
    }
  }
  await sleep(2_000)
  const last = await memory()
  samples.push({ minute: MINUTES, memory: last.memory, clients: last.clients })
  const report = await ask<Extract<ClientsReply, { type: 'report' }>>(clients, { type: 'report' } satisfies ClientsMessage, 'report')
  const incomplete = ids.filter((id) => (report.receipts[String(id)]?.n ?? 0) < connected.count).length
  printTable(
    `Endurance SSE : ${connected.count} abonnés, ${MINUTES} min, ${ids.length} notifications, battement toutes les ${HEARTBEAT_MS / 1000} s`,
    ['minute', 'RSS', 'tas utilisé', 'clients'],
    samples.map((s) => [s.minute, mb(s.memory.rss), mb(s.memory.heapUsed), s.clients]),
  )
  console.log(`RSS : ${mb(first.memory.rss)} au début, ${mb(last.memory.rss)} à la fin (${last.memory.rss >= first.memory.rss ? '+' : ''}${mb(last.memory.rss - first.memory.rss)})`)
  console.log(`Événements reçus par les clients : ${report.events} ; notifications incomplètes : ${incomplete} ; flux fermés en route : ${report.closedEarly}`)
  await ask(clients, { type: 'close' } satisfies ClientsMessage, 'closed')
  if (incomplete > 0 || report.closedEarly > 0) process.exitCode = 1
} finally {
  if (server?.connected) server.send({ type: 'stop' } satisfies ServerMessage)
  await sleep(500)
  server?.kill()
  clients?.kill()
  fs.rmSync(dir, { recursive: true, force: true })
}
process.exit(process.exitCode ?? 0)
