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
  // Only a client the file created: importing db.server here would open the database just to close it, and PGlite
  // would still be reading its folder when cleanup() removes it (an unhandled ENOENT).
  const client = (globalThis as unknown as { __db?: { $disconnect: () => Promise<void> } }).__db
  await client?.$disconnect()
  await cleanup()
})
