// npm run bench:actions — the actions on their job engine, on PostgreSQL (a database it creates and drops) and on
// PGlite: "Convertir en candidat" form POSTs through the production build when n8n answers in 60 ms (answer time,
// and what it adds beyond n8n: target ≤ 25 ms; one admin at a time, and back to back) and when n8n hangs (target ≤ the wait budget + 0.5 s), the time
// from enqueue to the worker's start (target on PostgreSQL ≤ 50 ms); then 1,000 actions through two `node
// server.js` on one PostgreSQL, each run exactly once, with the total time.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildApp, pgAdmin, pgAvailable, pgUrl, printTable, ROOT, saveSummary, type SummaryRow } from './lib'

const N = Number(process.env.BENCH_CONVERSIONS ?? 100)
const buildDir = 'tests/.tmp/build-bench-actions'
const env: NodeJS.ProcessEnv = { ...process.env, BUILD_DIR: buildDir, NODE_ENV: 'production', SESSION_SECRET: 'bench-secret-bench-secret' }

type Target = { name: string; url: string; cleanup: () => Promise<void> }
async function pgDatabase(prefix: string): Promise<Target> {
  const name = `${prefix}_${Date.now().toString(36)}`
  await pgAdmin(`CREATE DATABASE "${name}"`)
  return { name: 'PostgreSQL', url: pgUrl(name), cleanup: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {}) }
}

const pg = await pgAvailable()
const targets: Target[] = []
if (pg) targets.push(await pgDatabase('bench_actions'))
else console.log('PostgreSQL injoignable : mesure sur PGlite seulement')
const dir = path.join(ROOT, 'tests/.tmp', `bench-actions-pglite-${Date.now().toString(36)}`)
// BENCH_SKIP_PGLITE=1 measures PostgreSQL only (the targets are PostgreSQL's).
if (!process.env.BENCH_SKIP_PGLITE || !pg) targets.push({ name: 'PGlite', url: `pglite:${dir}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) })

function run(script: string, databaseUrl: string) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 10 * 1024 * 1024,
  }).toString()
  return JSON.parse(out.trim().split('\n').pop()!) as { row: string[]; summary: SummaryRow[] }
}

console.log(`Construction de l'application (${buildDir})…`)
buildApp(buildDir)
const rows: string[][] = []
const instanceRows: string[][] = []
const summary: SummaryRow[] = []
try {
  for (const target of targets) {
    console.log(`== ${target.name} : ${N} conversions, puis n8n qui ne répond pas`)
    const result = run('bench/actions-worker.ts', target.url)
    rows.push([target.name, ...result.row])
    summary.push(...result.summary)
  }
  if (pg) {
    const target = await pgDatabase('bench_instances')
    targets.push(target)
    console.log('== PostgreSQL : deux instances')
    const result = run('bench/actions-instances.ts', target.url)
    instanceRows.push(result.row)
    summary.push(...result.summary)
  }
} finally {
  for (const t of targets) await t.cleanup()
  fs.rmSync(path.join(ROOT, buildDir), { recursive: true, force: true })
}
printTable(
  `Convertir en candidat : ${N} POST sans JavaScript par base (build de production, moteur pg-boss)`,
  ['base', 'POST p50', 'POST p95', 'n8n p50', 'ajouté p50', 'ajouté p95', 'à la suite : ajouté p50 / p95', 'file → tâche p50', 'n8n bloqué : POST p50', 'p95'],
  rows,
)
console.log('POST une à une (100 ms après la réponse précédente) ; « à la suite » : chaque POST dès la réponse précédente, pendant la fin de l’action d’avant.')
console.log('Cibles : ajouté ≤ 25 ms ; file → tâche ≤ 50 ms (PostgreSQL) ; n8n bloqué ≤ attente (ACTION_ATTENTE_MS) + 0,5 s.')
if (instanceRows.length) printTable('1 000 actions par deux instances (PostgreSQL)', ['durée totale', 'débit', 'actions par instance', 'chacune une fois'], instanceRows)
await saveSummary('actions', summary)
