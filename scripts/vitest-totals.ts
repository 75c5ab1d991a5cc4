// A Vitest reporter for the test command's totals (scripts/test-all.sh): counts the tests, and as failures also
// what no test result shows — a hook that threw (its tests are then only "skipped"), a file that did not load, an
// unhandled error — and, apart, the tests that passed only on a retry. Writes JSON to VITEST_TOTALS_FILE.
import fs from 'node:fs'
import type { Reporter, TestModule } from 'vitest/node'

type Errors = ReadonlyArray<{ message?: string }>

export default class TotalsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: Errors, reason: string) {
    const file = process.env.VITEST_TOTALS_FILE
    if (!file) return
    let passed = 0
    let failed = 0
    let skipped = 0
    const flaky: string[] = []
    const outside: string[] = []
    for (const module of modules) {
      let failedHere = 0
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed' && test.diagnostic()?.flaky) flaky.push(`${module.moduleId} › ${test.fullName}`)
        else if (state === 'passed') passed++
        else if (state === 'failed') {
          failed++
          failedHere++
        } else skipped++
      }
      const errors = [...module.errors(), ...[...module.children.allSuites()].flatMap((suite) => suite.errors())]
      for (const error of errors) outside.push(`${module.moduleId} : ${error.message ?? 'erreur hors test'}`)
      if (errors.length === 0 && module.state() === 'failed' && failedHere === 0) outside.push(`${module.moduleId} : échec du fichier`)
    }
    for (const error of unhandledErrors) outside.push(`erreur non gérée : ${error.message ?? String(error)}`)
    if (reason === 'interrupted') outside.push('exécution interrompue')
    fs.writeFileSync(file, JSON.stringify({ passed, failed, skipped, flaky, outside }, null, 2))
  }
}
