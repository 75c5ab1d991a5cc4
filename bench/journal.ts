// npm run bench:journal — 100,000 journal entries; p50/p95 of GET /admin/logs (logged in, HTML, through the real
// request handler of the production build) for the list without filter, with a severity filter, with a text
// search, and on a deep page; plus the CSV export of everything. Runs on PostgreSQL (a database it creates and
// drops) and on PGlite. Target on PostgreSQL: p95 ≤ 50 ms for the list.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildApp, ms, pgAdmin, pgAvailable, pgUrl, printTable, ROOT, saveSummary, type SummaryRow } from './lib'

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000)
const buildDir = 'tests/.tmp/build-bench-journal'

const targets: { name: string; url: string; cleanup: () => Promise<void> }[] = []
if (await pgAvailable()) {
  const name = `bench_journal_${Date.now().toString(36)}`
  await pgAdmin(`CREATE DATABASE "${name}"`)
  targets.push({ name: 'PostgreSQL', url: pgUrl(name), cleanup: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}) })
} else console.log('PostgreSQL injoignable : mesure sur PGlite seulement')
const dir = path.join(ROOT, 'tests/.tmp', `bench-journal-pglite-${Date.now().toString(36)}`)
targets.push({ name: 'PGlite', url: `pglite:${dir}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) })

const TARGET_P95 = 50
const results: string[][] = []
const summary: SummaryRow[] = []
try {
  if (process.env.BENCH_NO_BUILD !== '1' || !fs.existsSync(path.join(ROOT, buildDir, 'server/index.js'))) {
    console.log(`Construction de l'application (${buildDir})…`)
    buildApp(buildDir)
  }
  for (const target of targets) {
    console.log(`\n== ${target.name} : ${ENTRIES} entrées de journal`)
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/journal-worker.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: target.url, BUILD_DIR: buildDir, BENCH_ENTRIES: String(ENTRIES), NODE_ENV: 'production', N8N_SIMULATEUR: '1', SESSION_SECRET: 'bench-secret-bench-secret' },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 10 * 1024 * 1024,
    }).toString()
    const rows = JSON.parse(out.trim().split('\n').pop()!) as { cas: string; lignes: number; p50: number; p95: number; max: number; liste: boolean }[]
    const pg = target.name === 'PostgreSQL'
    for (const r of rows) {
      const met = pg && r.liste ? r.p95 <= TARGET_P95 : null
      results.push([target.name, r.cas, String(r.lignes), ms(r.p50), ms(r.p95), ms(r.max), met === null ? '—' : met ? 'OK' : 'NON ATTEINTE'])
      summary.push({ bench: 'journal', cas: `${target.name} · ${r.cas}`, mesure: r.liste ? 'p95 GET /admin/logs' : 'p50 export complet', valeur: ms(r.liste ? r.p95 : r.p50), cible: met === null ? '—' : `≤ ${TARGET_P95} ms`, atteinte: met })
    }
  }
} finally {
  for (const t of targets) await t.cleanup()
}
printTable(
  `GET /admin/logs (${ENTRIES} entrées, ${process.env.BENCH_REQUESTS ?? 200} requêtes par cas ; export : 5 requêtes)`,
  ['base', 'cas', 'lignes', 'p50', 'p95', 'max', 'cible PG : p95 ≤ 50 ms'],
  results,
)
await saveSummary('journal', summary)
