// Adds up the JSON reports of every suite and prints the total as its last line: "N passed, N failed".
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
let passed = 0
let failed = 0
let skipped = 0
let missing = false
const lines = []

for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
  let p = 0, f = 0, s = 0
  if (file.startsWith('vitest')) {
    p = report.numPassedTests
    f = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0)
    s = report.numPendingTests + report.numTodoTests
    // A file that failed to load counts as a failure even when it had no test to run.
    f += report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length
  } else {
    p = report.stats.expected + report.stats.flaky
    f = report.stats.unexpected
    s = report.stats.skipped
  }
  lines.push(`  ${file.replace('.json', '').padEnd(18)} ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`)
  passed += p
  failed += f
  skipped += s
}
for (const expected of ['vitest-pglite.json', 'playwright.json']) {
  if (!fs.existsSync(path.join(dir, expected))) {
    lines.push(`  ${expected}: rapport absent (la suite n'a pas tourné)`)
    missing = true
  }
}
console.log('\nRésumé des suites :')
for (const l of lines) console.log(l)
if (missing) failed += 1
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 ? 1 : 0)
