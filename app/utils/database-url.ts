/** Where the data lives: DATABASE_URL unset → embedded PGlite in ./data/pglite; `pglite:<dir>` → PGlite there
 * (`pglite:memory` for an in-memory database); `postgres://…` → a PostgreSQL server. */
export type DatabaseTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string }

export const DEFAULT_PGLITE_DIR = './data/pglite'

export function resolveDatabaseTarget(url: string | undefined): DatabaseTarget {
  if (!url || url.trim() === '') return { kind: 'pglite', dir: DEFAULT_PGLITE_DIR }
  if (url.startsWith('pglite:')) {
    const dir = url.slice('pglite:'.length)
    return { kind: 'pglite', dir: dir === 'memory' || dir === '' ? 'memory://' : dir }
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url }
  throw new Error(
    `DATABASE_URL non reconnue : « ${url} ». Utilisez postgres://…, pglite:<dossier> ou laissez-la vide (PGlite embarqué).`,
  )
}

/** Host, port, database… as separate fields: a connectionString would override the database name that the
 * migration engine sets for its shadow database. */
export function postgresConfig(url: string) {
  const u = new URL(url)
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
  }
}
