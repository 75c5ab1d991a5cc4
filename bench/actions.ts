// npm run bench:actions — what "Convertir en candidat" adds beyond n8n's own time: 200 conversions, each a no-JS
// form POST through the production build's request handler (session, CSRF, validation, transaction, webhook call
// over HTTP, completion, notification, redirect with toast), minus the time the n8n simulator spent on the
// request. p50/p95 on PostgreSQL (a database it creates and drops) and on PGlite. Target on PostgreSQL: p50 ≤ 25 ms.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildApp, pgAdmin, pgAvailable, pgUrl, printTable, ROOT, saveSummary, type SummaryRow } from './lib'

const N = Number(process.env.BENCH_CONVERSIONS ?? 200)
const buildDir = 'tests/.tmp/build-bench-actions'

const targets: { name: string; url: string; cleanup: () => Promise<void> }[] = []
if (await pgAvailable()) {
  const name = `bench_actions_${Date.now().toString(36)}`
  await pgAdmin(`CREATE DATABASE "${name}"`)
  targets.push({ name: 'PostgreSQL', url: pgUrl(name), cleanup: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}) })
} else console.log('PostgreSQL injoignable : mesure sur PGlite seulement')
const dir = path.join(ROOT, 'tests/.tmp', `bench-actions-pglite-${Date.now().toString(36)}`)
targets.push({ name: 'PGlite', url: `pglite:${dir}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) })

console.log(`Construction de l'application (${buildDir})…`)
buildApp(buildDir)
const rows: string[][] = []
const summary: SummaryRow[] = []
try {
  for (const target of targets) {
    console.log(`== ${target.name} : ${N} conversions`)
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/actions-worker.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: target.url,
        BUILD_DIR: buildDir,
        BENCH_CONVERSIONS: String(N),
        NODE_ENV: 'production',
        SESSION_SECRET: 'bench-secret-bench-secret',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 10 * 1024 * 1024,
    }).toString()
    const result = JSON.parse(out.trim().split('\n').pop()!) as { row: string[]; summary: SummaryRow[] }
    rows.push([target.name, ...result.row])
    summary.push(...result.summary)
  }
} finally {
  for (const t of targets) await t.cleanup()
  fs.rmSync(path.join(ROOT, buildDir), { recursive: true, force: true })
}
printTable(
  `Convertir en candidat : ${N} conversions (POST sans JavaScript, build de production)`,
  ['base', 'requête p50', 'requête p95', 'n8n simulé p50', 'ajouté p50', 'ajouté p95', 'cible PG : ajouté p50 ≤ 25 ms'],
  rows.map((r) => [...r, r[0] === 'PostgreSQL' ? (Number.parseFloat(r[4]) <= 25 ? 'atteinte' : 'NON atteinte') : '—']),
)
await saveSummary('actions', summary)
