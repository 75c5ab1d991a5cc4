// npm run bench:intake — 10,000 POST /api/n8n/prospects from 20 concurrent senders against 100,000 prospects on
// PostgreSQL (a database it creates and drops): a fifth match an existing prospect, a tenth repeat a reference
// already sent, the rest are new people. Prints p50/p95 per post beside a floor measured in the same run (the raw
// SQL of a new contact: one transaction inserting the prospect and its message, through the pg driver), and checks
// that exactly one prospect was created per distinct new contact. Target: p50 ≤ 15 ms on PostgreSQL.
// BENCH_POSTS, BENCH_SENDERS, BENCH_PROSPECTS change the sizes; BENCH_PGLITE=1 also runs on PGlite.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildApp, pgAdmin, pgAvailable, pgUrl, printTable, ROOT, saveSummary, type SummaryRow } from './lib'

const buildDir = 'tests/.tmp/build-bench'
const targets: { name: string; url: string; cleanup: () => Promise<void> }[] = []
if (await pgAvailable()) {
  const name = `bench_intake_${Date.now().toString(36)}`
  await pgAdmin(`CREATE DATABASE "${name}"`)
  targets.push({ name: 'PostgreSQL', url: pgUrl(name), cleanup: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}) })
} else console.log('PostgreSQL injoignable : mesure sur PGlite seulement')
if (process.env.BENCH_PGLITE || targets.length === 0) {
  const dir = path.join(ROOT, 'tests/.tmp', `bench-intake-pglite-${Date.now().toString(36)}`)
  targets.push({ name: 'PGlite', url: `pglite:${dir}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) })
}

console.log(`Construction de l'application (${buildDir})…`)
buildApp(buildDir)
const rows: string[][] = []
const summary: SummaryRow[] = []
let failed = false
try {
  for (const target of targets) {
    console.log(`\n== ${target.name}`)
    const out = execFileSync(process.execPath, [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), '--import', 'tsx', path.join(ROOT, 'bench/intake-worker.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: target.url,
        BUILD_DIR: buildDir,
        NODE_ENV: 'production',
        SESSION_SECRET: 'bench-secret-bench-secret',
        // A configured n8n (never called here): no simulator starts, the callback secret is known.
        N8N_WEBHOOK_BASE_URL: 'http://127.0.0.1:9/webhook',
        N8N_API_KEY: 'bench-cle',
        N8N_CALLBACK_SECRET: 'bench-secret-de-rappel',
        APP_URL: 'http://127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 10 * 1024 * 1024,
    }).toString()
    const result = JSON.parse(out.trim().split('\n').pop()!) as { rows: string[][]; summary: SummaryRow[]; ok: boolean }
    rows.push(...result.rows.map((r) => [target.name, ...r]))
    summary.push(...result.summary)
    failed ||= !result.ok
  }
} finally {
  for (const t of targets) await t.cleanup()
}
printTable(
  `POST /api/n8n/prospects (${process.env.BENCH_POSTS ?? 10_000} envois, ${process.env.BENCH_SENDERS ?? 20} expéditeurs simultanés, ${process.env.BENCH_PROSPECTS ?? 100_000} prospects au départ)`,
  ['base', 'mesure', 'n', 'p50', 'p95', 'p99', 'débit', 'détail'],
  rows,
)
await saveSummary('intake', summary)
process.exit(failed ? 1 : 0)
