// Small helpers shared by the benchmark scripts (figures, not tests).
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'

export const ROOT = path.resolve(import.meta.dirname, '..')
export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b)
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), n: s.length }
}

export const ms = (n: number) => `${n.toFixed(1)} ms`

export async function time<T>(fn: () => Promise<T>) {
  const start = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - start }
}

export function pgUrl(database: string) {
  const u = new URL(PG_SERVER)
  u.pathname = `/${database}`
  return u.toString()
}

export async function pgAdmin(sql: string) {
  const c = new pg.Client({ connectionString: PG_SERVER })
  await c.connect()
  try {
    return await c.query(sql)
  } finally {
    await c.end()
  }
}

export async function pgAvailable() {
  try {
    await pgAdmin('select 1')
    return true
  } catch {
    return false
  }
}

/** Builds the app once into its own folder (benchmarks measure the production build). */
export function buildApp(buildDir: string) {
  execFileSync('npx', ['remix', 'vite:build'], { cwd: ROOT, env: { ...process.env, BUILD_DIR: buildDir }, stdio: 'ignore' })
}

export function printTable(title: string, header: string[], rows: (string | number)[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))
}

/** One figure of a benchmark, with the target, for the combined table of `npm run bench`. */
export type SummaryRow = { bench: string; cas: string; mesure: string; valeur: string; cible: string; atteinte: boolean | null }

export const SUMMARY_DIR = path.join(ROOT, 'tests/.tmp/bench-summary')

export async function saveSummary(bench: string, rows: SummaryRow[]) {
  const fs = await import('node:fs')
  fs.mkdirSync(SUMMARY_DIR, { recursive: true })
  fs.writeFileSync(path.join(SUMMARY_DIR, `${bench}.json`), JSON.stringify(rows, null, 2))
}
