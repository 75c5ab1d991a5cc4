import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { Prisma, PrismaClient } from '~/generated/prisma/client'
import { postgresConfig, resolveDatabaseTarget } from './database-url'
import { env } from './env.server'

export { Prisma } from '~/generated/prisma/client'
export type * from '~/generated/prisma/client'

/** A date as the tables hold it (UTC without a zone, as Prisma writes it), for plain SQL. */
export const utcSql = (date: Date) => Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`

const globalForDb = globalThis as unknown as { __db?: PrismaClient; __pglite?: PGlite }

function createClient() {
  const target = resolveDatabaseTarget(env.DATABASE_URL)
  if (target.kind === 'postgres') {
    const adapter = new PrismaPg({ ...postgresConfig(target.url), max: 10, connectionTimeoutMillis: 5_000 })
    return new PrismaClient({ adapter })
  }
  // One process owns a PGlite data directory: the app must not run beside a migration or a seed on it.
  const pglite = new PGlite(target.dir, { extensions: { pg_trgm } })
  globalForDb.__pglite = pglite
  return new PrismaClient({ adapter: new PrismaPGlite(pglite) })
}

/** The embedded database itself, when the app runs on PGlite: the job engine shares it (one owner per folder). */
export function embeddedDatabase(): PGlite | null {
  void db
  return globalForDb.__pglite ?? null
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

/** PostgreSQL refuses NUL characters in text and JSON: whatever let one through (form, URL, callback body). */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 20 || value === null || typeof value !== 'object' || value instanceof Date) return false
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1))
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1))
}

/**
 * A lost database becomes a 503 with a French message (rendered by the error boundaries), never a stack trace;
 * input PostgreSQL cannot store (NUL characters, numbers out of range) becomes a 400.
 */
function withGuards(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query, model, operation }) {
        if (containsNul(args)) {
          throw new Response('Caractère invalide (NUL) dans les données envoyées.', { status: 400 })
        }
        try {
          return await query(args)
        } catch (error) {
          // P2020: a value out of range for its column (an id past 2147483647): whatever let it through, it is the
          // client's input, not a fault of the server.
          if ((error as { code?: unknown })?.code === 'P2020') {
            throw new Response('Valeur hors limites dans les données envoyées.', { status: 400 })
          }
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
export const db: PrismaClient = (globalForDb.__db ??= withGuards(createClient()))
