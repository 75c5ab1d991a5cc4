// The total line of `npm test` is honest: what keeps tests from counting (a failed hook, a file that did not load,
// an unhandled error, a suite that did not start or did not run in CI) is counted as a failure, and a test that
// passed only on a retry is never a plain pass. Runs the real reporter (scripts/vitest-totals.ts) on fixture files
// and the real summary (scripts/test-summary.mjs).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { randomName, ROOT, TMP } from '../setup/database'

const reports = path.join(TMP, randomName('totaux'))
fs.mkdirSync(reports, { recursive: true })
afterAll(() => fs.rmSync(reports, { recursive: true, force: true }))

function summary(files: Record<string, string>) {
  const dir = path.join(reports, randomName('cas'))
  fs.mkdirSync(dir)
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content)
  const run = spawnSync(process.execPath, ['scripts/test-summary.mjs', dir], { cwd: ROOT, encoding: 'utf8' })
  return { code: run.status, lines: run.stdout.trim().split('\n') }
}

const passingPlaywright = JSON.stringify({ stats: { expected: 4, unexpected: 0, skipped: 0, flaky: 0 }, errors: [], suites: [] })
const passingVitest = JSON.stringify({ passed: 10, failed: 0, skipped: 0, flaky: [], outside: [] })

describe('le total de npm test', () => {
  it('compte comme échecs un beforeAll ou un afterAll en échec, un fichier qui ne se charge pas et une erreur non gérée', () => {
    const totals = path.join(reports, 'vitest-fixture.json')
    const run = spawnSync('npx', ['vitest', 'run', '--root', 'tests/fixtures/totaux', '--config', path.join(ROOT, 'tests/fixtures/totaux/vitest.config.mjs'), `--reporter=${path.join(ROOT, 'scripts/vitest-totals.ts')}`], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, VITEST_TOTALS_FILE: totals, VITEST: '', TEST_TEMPLATE: '' },
    })
    expect(run.status).not.toBe(0)
    const counted = JSON.parse(fs.readFileSync(totals, 'utf8')) as { passed: number; failed: number; skipped: number; outside: string[] }
    expect(counted.passed).toBe(3)
    expect(counted.outside).toHaveLength(4)
    expect(counted.outside.join('\n')).toMatch(/mise en place impossible/)
    expect(counted.outside.join('\n')).toMatch(/nettoyage impossible/)
    expect(counted.outside.join('\n')).toMatch(/module-absent/)
    expect(counted.outside.join('\n')).toMatch(/erreur perdue/)

    const { code, lines } = summary({ 'vitest-pglite.json': fs.readFileSync(totals, 'utf8'), 'vitest-pglite.exit': '1', 'playwright.json': passingPlaywright, 'playwright.exit': '0' })
    expect(code).toBe(1)
    expect(lines.at(-1)).toBe('7 passed, 4 failed, 2 skipped')
  }, 60_000)

  it('compte comme échec un Playwright qui n’a pas pu démarrer son serveur, ou qui n’a rien rapporté', () => {
    const failedServer = JSON.stringify({ stats: { expected: 0, unexpected: 0, skipped: 0, flaky: 0 }, errors: [{ message: 'Error: Timed out waiting 120000ms from config.webServer.' }], suites: [] })
    let result = summary({ 'vitest-pglite.json': passingVitest, 'playwright.json': failedServer, 'playwright.exit': '1' })
    expect(result.lines.at(-1)).toBe('10 passed, 1 failed')
    result = summary({ 'vitest-pglite.json': passingVitest, 'playwright.exit': '1' })
    expect(result.lines.at(-1)).toBe('10 passed, 1 failed')
    expect(result.code).toBe(1)
  })

  it('compte comme échec la suite PostgreSQL qui n’a pas pu tourner en CI, et une suite sortie en erreur sans échec compté', () => {
    let result = summary({ 'vitest-pglite.json': passingVitest, 'playwright.json': passingPlaywright, 'vitest-postgres.manquant': 'PostgreSQL injoignable en CI' })
    expect(result.lines.at(-1)).toBe('14 passed, 1 failed')
    result = summary({ 'vitest-pglite.json': passingVitest, 'vitest-postgres.exit': '1', 'playwright.json': passingPlaywright })
    expect(result.lines.at(-1)).toBe('14 passed, 1 failed')
  })

  it('annonce à part, sans les compter comme réussis, les tests passés seulement après un nouvel essai', () => {
    const retried = JSON.stringify({ passed: 9, failed: 0, skipped: 0, flaky: ['sse.test.ts › battement de cœur'], outside: [] })
    const { code, lines } = summary({ 'vitest-pglite.json': retried, 'playwright.json': passingPlaywright })
    expect(lines).toContain('1 flaky')
    expect(lines.at(-1)).toBe('13 passed, 0 failed')
    expect(code).toBe(1)
  })
})
