// Test databases: one migrated and seeded template per run, copied for each test file.
// TEST_DB=pglite (default): a PGlite data directory; TEST_DB=postgres: a database on TEST_PG_URL's server
// (default postgres://postgres@127.0.0.1:5432/postgres), created from a template database and dropped at the end.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const TMP = path.join(ROOT, 'tests/.tmp')
export const mode = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres'
export const serverUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export function pgUrl(database: string) {
  const u = new URL(serverUrl)
  u.pathname = `/${database}`
  return u.toString()
}

export async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await client.query(sql)
  } finally {
    await client.end()
  }
}

export function randomName(prefix: string) {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
}

/** Builds the template (migrations + demo seed) in a child process, which owns the database while it works. */
export function buildTemplate(url: string) {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/setup/build-template.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
}

export function copyDir(from: string, to: string) {
  fs.cpSync(from, to, { recursive: true })
}
