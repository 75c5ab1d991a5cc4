// npm run bench:timeline — where the time of one "Convertir en candidat" POST goes, beyond n8n's own 60 ms: every
// SQL statement of the request, of its job's worker and of the page's wait, with its start and end in ms from the
// POST's start (the median of 40 conversions, after 20 to warm up), through the production build on PostgreSQL.
// A diagnostic, not a benchmark: bench:actions gives the figures. Creates and drops its own database.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { buildApp, pgAdmin, pgUrl } from './lib'
import { adminCookie, benchN8n, productionApp } from './worker-lib'
// Every statement through the pg driver (Prisma's adapter and pg-boss both use it), timed from the POST's start.
let t0 = 0
let log: string[] | null = null
const query = pg.Client.prototype.query
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const q = args[0] as string | { text: string }
  const text = (typeof q === 'string' ? q : (q?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 90)
  const start = performance.now() - t0
  const lines = log
  const done = () => lines?.push(`${start.toFixed(1).padStart(6)} → ${(performance.now() - t0).toFixed(1).padStart(6)}  ${text}`)
  const last = args.length - 1
  if (typeof args[last] === 'function') {
    const callback = args[last] as (...x: unknown[]) => void
    args[last] = (...x: unknown[]) => {
      done()
      callback(...x)
    }
  }
  const result = (query as (...a: unknown[]) => unknown).apply(this, args)
  if (result instanceof Promise) result.then(done, () => {})
  return result
} as typeof query
// The call to n8n (ky uses the global fetch), with the simulator's own time.
const globalFetch = globalThis.fetch
globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
  const start = performance.now() - t0
  const lines = log
  const response = await globalFetch(...args)
  const url = String(args[0] instanceof Request ? args[0].url : args[0])
  lines?.push(`${start.toFixed(1).padStart(6)} → ${(performance.now() - t0).toFixed(1).padStart(6)}  HTTP POST ${url.replace(/^.*\/webhook\//, 'n8n /webhook/')} (en-têtes reçus)`)
  return response
}

// Run by hand, it builds the app and makes a database, then runs itself on it in a child process (which owns the job
// engine's connections) and drops the database once the child has exited.
if (!process.env.DATABASE_URL) {
  const dbName = `bench_timeline_${Date.now().toString(36)}`
  const buildDir = process.env.BUILD_DIR ?? 'tests/.tmp/build-bench-timeline'
  console.log(`Construction de l'application (${buildDir})…`)
  buildApp(buildDir)
  await pgAdmin(`CREATE DATABASE "${dbName}"`)
  try {
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: pgUrl(dbName), BUILD_DIR: buildDir, NODE_ENV: 'production', SESSION_SECRET: 'bench-secret-bench-secret' },
    })
  } finally {
    await pgAdmin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
  }
  process.exit(0)
}

const sim = await benchN8n()
const { handler, db } = await productionApp()
const { seedDatabase } = await import('../prisma/seed-data')
await seedDatabase(db, { prospects: 200, withJournal: false })
const cookie = await adminCookie(handler)
const prospects = await db.prospect.findMany({ where: { statutProspect: { not: 'CANDIDAT' } }, orderBy: { id: 'asc' }, take: 60, select: { id: true, formationSouhaiteeId: true } })
const sessions = new Map<string, string>()
for (const s of await db.sessionFormation.findMany({ where: { ouverte: true }, orderBy: { dateDebut: 'asc' } })) if (!sessions.has(s.formationId)) sessions.set(s.formationId, s.id)
const modal = await handler(new Request(`http://bench/admin/prospects/${prospects[0].id}/convertir`, { headers: { Cookie: cookie } }))
const token = /name="csrf" value="([^"]+)"/.exec(await modal.text())?.[1]
// The simulator's own time (handledMs) is n8n's share; the rest is what the app adds.
const results: { added: number; n8n: number; lines: string[] }[] = []
for (const [i, p] of prospects.entries()) {
  const body = new URLSearchParams({ csrf: token!, formation: p.formationSouhaiteeId!, session: sessions.get(p.formationSouhaiteeId!)! })
  const lines: string[] = []
  log = lines
  t0 = performance.now()
  const before = sim.requests.length
  const res = await handler(
    new Request(`http://bench/admin/prospects/${p.id}/convertir`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
  )
  const total = performance.now() - t0
  if (res.status !== 302) throw new Error(`${p.id} → ${res.status}`)
  lines.push(`${total.toFixed(1).padStart(6)}  réponse ${res.status}`)
  // The worker's last statements (the job's completion) come after the answer: they are shown too.
  await new Promise((resolve) => setTimeout(resolve, 150))
  log = null
  const n8n = sim.requests[before].handledMs
  if (i >= 20) results.push({ added: total - n8n, n8n, lines })
}
results.sort((a, b) => a.added - b.added)
const median = results[Math.floor(results.length / 2)]
console.log(`Conversion médiane : ${median.added.toFixed(1)} ms ajoutés à n8n (${median.n8n.toFixed(1)} ms), ${median.lines.length - 1} requêtes SQL`)
console.log('  début →    fin  (ms depuis le début du POST)')
for (const line of median.lines.sort((a, b) => parseFloat(a) - parseFloat(b))) console.log(line)
process.exit(0)
