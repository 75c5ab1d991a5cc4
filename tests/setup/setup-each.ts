// Runs in each test file's process before the file is imported: gives it its own database, copied from the
// run's template, and fails the test on any console.error it did not announce with allowConsoleError().
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { adminQuery, copyDir, mode, pgUrl, randomName, TMP } from './database'

const template = process.env.TEST_TEMPLATE
if (!template) throw new Error('TEST_TEMPLATE manquant : la mise en place globale des tests n’a pas tourné')

let cleanup: () => Promise<void>
if (mode === 'pglite') {
  const dir = path.join(TMP, randomName('db'))
  copyDir(template, dir)
  process.env.DATABASE_URL = `pglite:${dir}`
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true })
} else {
  const name = randomName('t_bo')
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  process.env.DATABASE_URL = pgUrl(name)
  cleanup = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => {})
}
process.env.NODE_ENV = 'test'
// Retries in tests wait milliseconds, not seconds.
process.env.N8N_RETRY_DELAY_MS ??= '20'
process.env.N8N_TIMEOUT_MS ??= '1000'
process.env.N8N_RETRY_AFTER_MAX_MS ??= '200'
// The job engine's schedule, in milliseconds too: retries at 50, 100, 200… ms within a 600 ms incident, a callback
// expected within 3 s, workers polling every 0.5 s (deferred jobs are also woken by a local timer).
process.env.ACTION_REPRISE_DELAI_MS ??= '50'
process.env.ACTION_REPRISE_HORIZON_MS ??= '600'
process.env.ACTION_RAPPEL_ATTENTE_MS ??= '3000'
process.env.JOBS_POLLING_MS ??= '500'
// A loaded machine must not turn a quick answer into « Action lancée » (the page's wait budget, 2 s in production);
// a hanging n8n still ends the wait early through its short timeout and the retry schedule.
process.env.ACTION_ATTENTE_MS ??= '8000'

const state = globalThis as unknown as { __allowedConsoleErrors: RegExp[] }
let unexpected: string[] = []
const realError = console.error
beforeEach(() => {
  state.__allowedConsoleErrors = []
  const allowed = state.__allowedConsoleErrors
  unexpected = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const text = args.map((a) => (a instanceof Error ? a.stack ?? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')
    if (!allowed.some((p) => p.test(text))) {
      unexpected.push(text)
      realError(...args)
    }
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  if (unexpected.length) throw new Error(`console.error inattendu :\n${unexpected.join('\n')}`)
})
afterAll(async () => {
  // Only what the file started: importing db.server or jobs.server here would open the database just to close it, and
  // PGlite would still be reading its folder when cleanup() removes it (an unhandled ENOENT).
  const g = globalThis as unknown as { __jobs?: unknown; __db?: { $disconnect: () => Promise<void> }; __pglite?: { close: () => Promise<void> } }
  if (g.__jobs) {
    const { stopJobEngine } = await import('~/utils/jobs.server')
    await stopJobEngine()
  }
  await g.__db?.$disconnect()
  // The embedded database itself, even when the file never queried it: it may still be opening its folder (a read of
  // a removed file is an unhandled error). Closing waits for it to be ready; a second close is harmless to ignore.
  await g.__pglite?.close().catch(() => {})
  await cleanup()
})
