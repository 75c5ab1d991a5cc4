// npm run bench — every benchmark in turn (list, actions, journal, SSE, intake), then one table of figures and targets.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { printTable, ROOT, SUMMARY_DIR, type SummaryRow } from './lib'

const benches = ['list', 'actions', 'journal', 'sse', 'intake']
fs.rmSync(SUMMARY_DIR, { recursive: true, force: true })
const failures: string[] = []
for (const name of benches) {
  const script = path.join(ROOT, 'bench', `${name}.ts`)
  if (!fs.existsSync(script)) {
    failures.push(`${name} : script absent`)
    continue
  }
  console.log(`\n######## bench:${name}`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: 'inherit' })
  if (run.status !== 0) failures.push(`${name} : sortie ${run.status}`)
}

const rows: SummaryRow[] = []
for (const name of benches) {
  const file = path.join(SUMMARY_DIR, `${name}.json`)
  if (fs.existsSync(file)) rows.push(...(JSON.parse(fs.readFileSync(file, 'utf8')) as SummaryRow[]))
}
printTable(
  'Récapitulatif des benchmarks',
  ['bench', 'cas', 'mesure', 'valeur', 'cible', 'atteinte'],
  rows.map((r) => [r.bench, r.cas, r.mesure, r.valeur, r.cible, r.atteinte === null ? '—' : r.atteinte ? 'oui' : 'NON']),
)
if (failures.length) {
  console.log(`\nBenchmarks en échec : ${failures.join(' ; ')}`)
  process.exit(1)
}
