// npm run bench:sse — 1,000 concurrent subscribers of /resources/notifications on one app instance (the production
// build behind Express, as server.js runs it). For a series of notify() calls: time from the call to receipt at the
// first and at the LAST client (p50/p99), and server memory per connection; the same fan-out by a bare node:http SSE
// server in the same run as the baseline. Server, clients and this script are three processes (two cores).
// Targets: p99 ≤ 250 ms, ≤ 2× the bare server, ≤ 50 KB per connection.
// BENCH_SSE_AVANT=<git ref>: also builds that commit (git archive into tests/.tmp) and measures it in the same run,
// right before the current code on each database: the figure for "no more than 10 % slower than before" (target
// p50 and p99 of the last client ≤ 1.10× the earlier commit's). BENCH_SSE_TOURS=N (default 1) alternates the two
// N times per database and pools the samples, so that load from elsewhere on the machine weighs on both alike.
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildApp, ms, pgAdmin, pgAvailable, pgUrl, printTable, ROOT, saveSummary, stats, type SummaryRow } from './lib'
import type { ClientsMessage, ClientsReply, Memory, ServerMessage, ServerReply } from './sse-lib'

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000)
const NOTIFICATIONS = Number(process.env.BENCH_SSE_NOTIFICATIONS ?? 100)
const WARMUP = 3
const GAP_MS = 250
const buildDir = 'tests/.tmp/build-bench-sse'
const TARGET_P99 = 250
const TARGET_RATIO = 2
const TARGET_KB = 50
const TARGET_VS_BEFORE = 1.1
const BEFORE_REF = process.env.BENCH_SSE_AVANT
const ROUNDS = Math.max(1, Number(process.env.BENCH_SSE_TOURS ?? 1))

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec))
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} Ko`

function ask<R extends { type: string }>(child: ChildProcess, message: unknown, type: R['type'], timeoutMs = 120_000): Promise<R> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pas de réponse « ${type} » en ${timeoutMs} ms`)), timeoutMs)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`processus arrêté (code ${code}) avant la réponse « ${type} »`))
    }
    const onMessage = (reply: R) => {
      if (reply.type !== type) return
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolve(reply)
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
    if (message) child.send(message as object)
  })
}

/** Migrations and demo data (the test suite's template builder, which works on both databases). */
function prepareDatabase(url: string) {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/setup/build-template.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'production', N8N_SIMULATEUR: '1', SESSION_SECRET: 'bench-secret-bench-secret' },
    stdio: 'ignore',
  })
}

type Result = { name: string; connected: number; failed: number; connectMs: number; last: number[]; first: number[]; notifyMs: number[]; missing: number; perConnRss: number; perConnHeap: number; closedEarly: number }

async function measure(name: string, script: string, env: Record<string, string>): Promise<Result> {
  console.log(`\n== ${name} : ${CLIENTS} abonnés, ${NOTIFICATIONS} notifications`)
  const server = fork(path.join(ROOT, script), [], {
    cwd: ROOT,
    execArgv: ['--expose-gc', '--import', 'tsx', ...(process.env.BENCH_SSE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SSE_PROF}`] : [])],
    env: { ...process.env, ...env, NODE_ENV: 'production', N8N_SIMULATEUR: '1', SESSION_SECRET: 'bench-secret-bench-secret', BENCH_SSE_SESSIONS: String(CLIENTS) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const clients = fork(path.join(ROOT, 'bench/sse-clients.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  try {
    const ready = await ask<Extract<ServerReply, { type: 'ready' }>>(server, null, 'ready')
    // A first round of connections warms the server up (JIT, heap and database caches, pools): memory per
    // connection is then measured on a second round, as what each connection keeps.
    const warm = await ask<Extract<ClientsReply, { type: 'connected' }>>(
      clients,
      { type: 'connect', url: ready.url, path: ready.path, cookies: ready.cookies, count: CLIENTS } satisfies ClientsMessage,
      'connected',
    )
    console.log(`  échauffement : ${warm.count} connectés en ${ms(warm.ms)}`)
    await ask(clients, { type: 'close' } satisfies ClientsMessage, 'closed')
    let before: Memory
    for (;;) {
      const m = await ask<Extract<ServerReply, { type: 'memory' }>>(server, { type: 'memory' } satisfies ServerMessage, 'memory')
      before = m.memory
      if (m.clients === 0) break
      if (process.env.BENCH_SSE_DEBUG) console.log(`  encore ${m.clients} clients`)
      await sleep(200)
    }
    const connected = await ask<Extract<ClientsReply, { type: 'connected' }>>(
      clients,
      { type: 'connect', url: ready.url, path: ready.path, cookies: ready.cookies, count: CLIENTS } satisfies ClientsMessage,
      'connected',
    )
    console.log(`  ${connected.count} connectés en ${ms(connected.ms)}${connected.failed ? ` (${connected.failed} échecs)` : ''}`)
    await sleep(1_000)
    const after = await ask<Extract<ServerReply, { type: 'memory' }>>(server, { type: 'memory' } satisfies ServerMessage, 'memory')
    const sent: Extract<ServerReply, { type: 'notified' }>[] = []
    for (let seq = 0; seq < WARMUP + NOTIFICATIONS; seq++) {
      const notified = await ask<Extract<ServerReply, { type: 'notified' }>>(server, { type: 'notify', seq } satisfies ServerMessage, 'notified')
      if (seq >= WARMUP) sent.push(notified)
      await sleep(GAP_MS)
    }
    await sleep(1_000)
    const report = await ask<Extract<ClientsReply, { type: 'report' }>>(clients, { type: 'report' } satisfies ClientsMessage, 'report')
    await ask(clients, { type: 'close' } satisfies ClientsMessage, 'closed')
    const last: number[] = []
    const first: number[] = []
    let missing = 0
    for (const n of sent) {
      const receipt = report.receipts[String(n.id)]
      if (!receipt || receipt.n < connected.count) missing += connected.count - (receipt?.n ?? 0)
      if (receipt) {
        last.push(receipt.last - n.t0)
        first.push(receipt.first - n.t0)
      }
    }
    const delta = (m: Memory, k: keyof Memory) => after.memory[k] - m[k]
    const count = Math.max(1, after.clients)
    return {
      name,
      connected: connected.count,
      failed: connected.failed,
      connectMs: connected.ms,
      last,
      first,
      notifyMs: sent.map((n) => n.t1 - n.t0),
      missing,
      perConnRss: delta(before, 'rss') / count,
      perConnHeap: (delta(before, 'heapUsed') + delta(before, 'external')) / count,
      closedEarly: report.closedEarly,
    }
  } finally {
    if (server.connected) server.send({ type: 'stop' } satisfies ServerMessage)
    await new Promise((r) => setTimeout(r, 500))
    server.kill()
    clients.kill()
  }
}

/** The source of an earlier commit, built in a folder of its own (relative to ROOT). */
function buildBefore(ref: string) {
  const commit = execFileSync('git', ['rev-parse', '--short', `${ref}^{commit}`], { cwd: ROOT }).toString().trim()
  const dir = path.join('tests/.tmp', `bench-sse-avant-${commit}`)
  const build = path.join(dir, 'build')
  if (!fs.existsSync(path.join(ROOT, build, 'server/index.js'))) {
    console.log(`Construction de ${ref} (${commit}) dans ${dir}…`)
    fs.rmSync(path.join(ROOT, dir), { recursive: true, force: true })
    fs.mkdirSync(path.join(ROOT, dir), { recursive: true })
    execFileSync('bash', ['-c', `git archive ${commit} | tar -x -C ${JSON.stringify(dir)}`], { cwd: ROOT })
    // Its dependencies are this checkout's (node resolution walks up to ROOT/node_modules), and so is the generated
    // Prisma client (not in git; the schema is the same).
    fs.cpSync(path.join(ROOT, 'app/generated'), path.join(ROOT, dir, 'app/generated'), { recursive: true })
    execFileSync('npx', ['remix', 'vite:build'], { cwd: path.join(ROOT, dir), env: { ...process.env, BUILD_DIR: 'build' }, stdio: 'ignore' })
  }
  return { label: `avant (${commit})`, build }
}

const cleanups: (() => Promise<void> | void)[] = []
const results: (Result & { database?: string; before?: boolean })[] = []
try {
  if (process.env.BENCH_NO_BUILD !== '1' || !fs.existsSync(path.join(ROOT, buildDir, 'server/index.js'))) {
    console.log(`Construction de l'application (${buildDir})…`)
    buildApp(buildDir)
  }
  const before = BEFORE_REF ? buildBefore(BEFORE_REF) : null
  const variants = [...(before ? [{ label: before.label, build: before.build, before: true }] : []), { label: 'actuelle', build: buildDir, before: false }]
  results.push(await measure('node:http nu', 'bench/sse-bare-server.ts', {}))

  const databases: { name: string; url: () => Promise<string> }[] = [
    {
      name: 'PGlite',
      url: async () => {
        const dir = path.join(ROOT, 'tests/.tmp', `bench-sse-pglite-${Date.now().toString(36)}`)
        cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
        prepareDatabase(`pglite:${dir}`)
        return `pglite:${dir}`
      },
    },
  ]
  if (await pgAvailable()) {
    databases.push({
      name: 'PostgreSQL',
      url: async () => {
        const name = `bench_sse_${Date.now().toString(36)}`
        await pgAdmin(`CREATE DATABASE "${name}"`)
        cleanups.push(() => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}))
        prepareDatabase(pgUrl(name))
        return pgUrl(name)
      },
    })
  } else console.log('\nPostgreSQL injoignable : application mesurée sur PGlite seulement')
  for (const database of databases) {
    // A database of its own for each variant: same starting point, and PGlite has one owner at a time.
    const urls = new Map<string, string>()
    for (const variant of variants) urls.set(variant.label, await database.url())
    const pooled = new Map<string, Result & { database: string; before: boolean }>()
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of variants) {
        const name = `application${before ? ` ${variant.label}` : ''} · ${database.name}`
        const result = await measure(ROUNDS > 1 ? `${name} (tour ${round}/${ROUNDS})` : name, 'bench/sse-app-server.ts', { DATABASE_URL: urls.get(variant.label)!, BUILD_DIR: variant.build })
        const sofar = pooled.get(variant.label)
        if (!sofar) pooled.set(variant.label, { ...result, name, database: database.name, before: variant.before })
        else {
          // Latencies pooled over the rounds; memory as measured in the first round.
          sofar.last.push(...result.last)
          sofar.first.push(...result.first)
          sofar.notifyMs.push(...result.notifyMs)
          sofar.missing += result.missing
          sofar.closedEarly += result.closedEarly
          sofar.connected = Math.min(sofar.connected, result.connected)
          sofar.failed += result.failed
        }
      }
    }
    results.push(...pooled.values())
  }
} finally {
  for (const cleanup of cleanups) await cleanup()
}

const bare = results[0]
const bareP99 = stats(bare.last).p99
const rows = results.map((r) => {
  const last = stats(r.last)
  const first = stats(r.first)
  const ratio = last.p99 / bareP99
  return [
    r.name,
    `${r.connected}${r.failed ? ` (${r.failed} échecs)` : ''}`,
    ms(stats(r.notifyMs).p50),
    ms(first.p50),
    ms(last.p50),
    ms(last.p99),
    r === bare ? '1×' : `${ratio.toFixed(2)}×`,
    kb(r.perConnRss),
    kb(r.perConnHeap),
    String(r.missing + r.closedEarly),
  ]
})
printTable(
  `Notifications en direct : ${CLIENTS} abonnés, ${NOTIFICATIONS} notifications (après ${WARMUP} d’échauffement), une toutes les ${GAP_MS} ms${ROUNDS > 1 ? ` ; application : ${ROUNDS} tours alternés, échantillons réunis` : ''}`,
  ['serveur', 'abonnés', 'notify()', 'p50 1er client', 'p50 dernier', 'p99 dernier', 'vs nu (p99)', 'RSS / connexion', 'tas / connexion', 'pertes'],
  rows,
)
console.log('notify() = durée de l’appel (écriture en base + publication) ; p50/p99 = de l’appel de notify() à la réception.')

const summary: SummaryRow[] = []
if (BEFORE_REF) {
  const rowsVs = results
    .filter((r) => r.database && !r.before)
    .map((r) => {
      const earlier = results.find((e) => e.before && e.database === r.database)!
      const [now, then] = [stats(r.last), stats(earlier.last)]
      return { r, p50: now.p50 / then.p50, p99: now.p99 / then.p99, then, now }
    })
  printTable(
    `Avant / après (${BEFORE_REF}) : dernier client, même exécution`,
    ['base', 'p50 avant', 'p50 après', 'ratio p50', 'p99 avant', 'p99 après', 'ratio p99'],
    rowsVs.map(({ r, p50, p99, then, now }) => [r.database!, ms(then.p50), ms(now.p50), `${p50.toFixed(2)}×`, ms(then.p99), ms(now.p99), `${p99.toFixed(2)}×`]),
  )
  for (const { r, p50, p99 } of rowsVs) {
    summary.push({ bench: 'sse', cas: `${r.database} · ${r.connected} abonnés`, mesure: `dernier client p50 / p99 vs ${BEFORE_REF}`, valeur: `${p50.toFixed(2)}× / ${p99.toFixed(2)}×`, cible: `≤ ${TARGET_VS_BEFORE}×`, atteinte: p50 <= TARGET_VS_BEFORE && p99 <= TARGET_VS_BEFORE })
  }
}
for (const r of results.slice(1).filter((r) => !r.before)) {
  const last = stats(r.last)
  const lost = r.missing + r.closedEarly
  summary.push(
    { bench: 'sse', cas: `${r.name} · ${r.connected} abonnés`, mesure: 'p99 notify() → dernier client', valeur: ms(last.p99), cible: `≤ ${TARGET_P99} ms`, atteinte: last.p99 <= TARGET_P99 && lost === 0 },
    { bench: 'sse', cas: `${r.name} · ${r.connected} abonnés`, mesure: 'p99 / serveur node:http nu', valeur: `${(last.p99 / bareP99).toFixed(2)}× (nu : ${ms(bareP99)})`, cible: `≤ ${TARGET_RATIO}×`, atteinte: last.p99 / bareP99 <= TARGET_RATIO },
    { bench: 'sse', cas: `${r.name} · ${r.connected} abonnés`, mesure: 'mémoire (RSS) par connexion', valeur: kb(r.perConnRss), cible: `≤ ${TARGET_KB} Ko`, atteinte: r.perConnRss <= TARGET_KB * 1024 },
  )
}
await saveSummary('sse', summary)
if (results.some((r) => r.connected < CLIENTS || r.missing + r.closedEarly > 0)) {
  console.log('\nDes abonnés n’ont pas pu se connecter ou ont manqué des notifications.')
  process.exit(1)
}
