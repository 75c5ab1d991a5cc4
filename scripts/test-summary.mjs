// Adds up what every suite reported and prints the total as its last line: "N passed, N failed". A failure is also
// whatever kept a test from counting: a hook or a file that failed (Vitest, scripts/vitest-totals.ts), an unhandled
// error, a Playwright run that did not start, a suite that did not run or exited in error without a failed test.
// Tests that passed only on a retry are "flaky", on a line of their own, never counted as passed.
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
const read = (file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
const exists = (file) => fs.existsSync(path.join(dir, file))
const exitCode = (suite) => (exists(`${suite}.exit`) ? Number(fs.readFileSync(path.join(dir, `${suite}.exit`), 'utf8').trim()) : null)

let passed = 0
let failed = 0
let skipped = 0
const flaky = []
const lines = []
const problems = []

function add(suite, p, f, s, flakyHere, outside) {
  const code = exitCode(suite)
  // A suite that failed without any failure we could count (a crash, a reporter that never wrote) still fails.
  if (code !== null && code !== 0 && f === 0) {
    outside.push(`code de sortie ${code} sans échec compté`)
    f = 1
  }
  lines.push(`  ${suite.padEnd(18)} ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}${flakyHere.length ? `, ${flakyHere.length} flaky` : ''}`)
  for (const o of outside) problems.push(`  ${suite} : ${o}`)
  passed += p
  failed += f
  skipped += s
  flaky.push(...flakyHere.map((t) => `  ${suite} : ${t}`))
}

for (const suite of ['vitest-pglite', 'vitest-postgres']) {
  if (!exists(`${suite}.json`)) {
    if (exitCode(suite) !== null) add(suite, 0, 1, 0, [], ['aucun rapport (la suite s’est arrêtée avant la fin)'])
    continue
  }
  const r = read(`${suite}.json`)
  add(suite, r.passed, r.failed + r.outside.length, r.skipped, r.flaky, r.outside)
}

if (exists('playwright.json')) {
  const r = read('playwright.json')
  const outside = (r.errors ?? []).map((e) => (e.message ?? String(e)).split('\n')[0])
  const flakyHere = []
  const walk = (suite) => {
    for (const child of suite.suites ?? []) walk(child)
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) if (t.status === 'flaky') flakyHere.push(`${spec.file} › ${spec.title} (${t.projectName})`)
  }
  for (const s of r.suites ?? []) walk(s)
  add('playwright', r.stats.expected, r.stats.unexpected + outside.length, r.stats.skipped, flakyHere, outside)
} else add('playwright', 0, 1, 0, [], ['aucun rapport (Playwright n’a pas tourné)'])

// Suites that were expected and did not run at all (test-all.sh writes a .manquant file).
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.manquant'))) {
  const suite = file.replace('.manquant', '')
  add(suite, 0, 1, 0, [], [fs.readFileSync(path.join(dir, file), 'utf8').trim()])
}

console.log('\nRésumé des suites :')
for (const l of lines) console.log(l)
if (problems.length) {
  console.log('\nÉchecs hors des tests :')
  for (const p of problems) console.log(p)
}
if (flaky.length) {
  console.log('\nTests passés seulement après un nouvel essai (instables) :')
  for (const f of flaky) console.log(f)
  console.log(`${flaky.length} flaky`)
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || flaky.length > 0 ? 1 : 0)
