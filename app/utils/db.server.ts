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

// Prisma's codes for "the database cannot be reached" (refused, timed out, connection closed, pool exhausted),
// and the driver adapters' kinds for the same (raw queries report them under P2010).
const UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024'])
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string } } }; message?: unknown }
  if (typeof e?.code === 'string' && UNAVAILABLE.has(e.code)) return true
  const kind = e?.meta?.driverAdapterError?.cause?.kind
  if (kind && UNAVAILABLE_KINDS.has(kind)) return true
  return typeof e?.message === 'string' && /Can't reach database server|Connection terminated unexpectedly/.test(e.message)
}

/** A lost database becomes a 503 with a French message (rendered by the error boundaries), never a stack trace. */
function withUnavailableAs503(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query, model, operation }) {
        try {
          return await query(args)
        } catch (error) {
          if (isDatabaseUnavailable(error)) {
            console.error(`[db] base de données injoignable pendant ${model ?? ''}.${operation}`)
            throw new Response('La base de données est momentanément indisponible. Réessayez dans quelques instants.', {
              status: 503,
              headers: { 'Retry-After': '10' },
            })
          }
          throw error
        }
      },
    },
  }) as unknown as PrismaClient
}

// One client per process, kept across dev-server reloads.
const globalForDb = globalThis as unknown as { __db?: PrismaClient }
export const db: PrismaClient = (globalForDb.__db ??= withUnavailableAs503(createClient()))
