// npm run bench:list — 100,000 prospects; p50/p95 of GET /admin/prospects (logged in, HTML, through the real
// request handler of the production build) beside the p50 of the same SQL run directly in the same process.
// Runs on PostgreSQL (a database it creates and drops) and on PGlite. Targets on PostgreSQL: p95 ≤ 50 ms, ratio ≤ 3.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildApp, pgAdmin, pgAvailable, pgUrl, printTable, ROOT, saveSummary, type SummaryRow } from './lib'

const PROSPECTS = Number(process.env.BENCH_PROSPECTS ?? 100_000)
const buildDir = 'tests/.tmp/build-bench'

const targets: { name: string; url: string; cleanup: () => Promise<void> }[] = []
if (await pgAvailable()) {
  const name = `bench_list_${Date.now().toString(36)}`
  await pgAdmin(`CREATE DATABASE "${name}"`)
  targets.push({ name: 'PostgreSQL', url: pgUrl(name), cleanup: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}) })
} else console.log('PostgreSQL injoignable : mesure sur PGlite seulement')
const dir = path.join(ROOT, 'tests/.tmp', `bench-list-pglite-${Date.now().toString(36)}`)
// BENCH_SKIP_PGLITE=1 measures PostgreSQL only (the targets are PostgreSQL's; PGlite's 100,000 rows take minutes).
if (!process.env.BENCH_SKIP_PGLITE) targets.push({ name: 'PGlite', url: `pglite:${dir}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) })

console.log(`Construction de l'application (${buildDir})…`)
buildApp(buildDir)
const results: string[][] = []
const summary: SummaryRow[] = []
try {
  for (const target of targets) {
    console.log(`\n== ${target.name} : ${PROSPECTS} prospects`)
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/list-worker.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: target.url, BUILD_DIR: buildDir, BENCH_PROSPECTS: String(PROSPECTS), NODE_ENV: 'production', N8N_SIMULATEUR: '1', SESSION_SECRET: 'bench-secret-bench-secret' },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 10 * 1024 * 1024,
    }).toString()
    const { rows, summary: part } = JSON.parse(out.trim().split('\n').pop()!) as { rows: string[][]; summary: SummaryRow[] }
    for (const r of rows) results.push([target.name, ...r])
    summary.push(...part)
  }
} finally {
  for (const t of targets) await t.cleanup()
}
console.log('\nSQL liste : count + ids de la page + lignes ; SQL requête : en plus la session et les formations (tout ce que lit la page).')
printTable(`GET /admin/prospects (${PROSPECTS} prospects, ${process.env.BENCH_REQUESTS ?? 200} requêtes par cas)`, ['base', 'cas', 'lignes', 'page p50', 'page p95', 'SQL liste p50', 'ratio', 'SQL requête p50', 'ratio', 'au-delà du SQL p50 (cible ≤ 8 ms)', 'cible PG : p95 ≤ 50 ms, ratio ≤ 3'], results)
await saveSummary('list', summary)
