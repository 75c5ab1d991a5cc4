import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { PrismaClient } from '~/generated/prisma/client'
import { postgresConfig, resolveDatabaseTarget } from './database-url'
import { env } from './env.server'

export { Prisma } from '~/generated/prisma/client'
export type * from '~/generated/prisma/client'

function createClient() {
  const target = resolveDatabaseTarget(env.DATABASE_URL)
  if (target.kind === 'postgres') {
    const adapter = new PrismaPg({ ...postgresConfig(target.url), max: 10, connectionTimeoutMillis: 5_000 })
    return new PrismaClient({ adapter })
  }
  // One process owns a PGlite data directory: the app must not run beside a migration or a seed on it.
  const pglite = new PGlite(target.dir, { extensions: { pg_trgm } })
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) })
}

// One client per process, kept across dev-server reloads.
const globalForDb = globalThis as unknown as { __db?: PrismaClient }
export const db: PrismaClient = (globalForDb.__db ??= createClient())
