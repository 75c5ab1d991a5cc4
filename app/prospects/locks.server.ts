// Transaction-level advisory locks on normalised keys (a reference, "e:marie@x.fr", "t:0612345678"): whoever
// creates or attaches to a prospect by these keys holds them until commit, so two requests about the same person
// run one after the other. Keys are locked in one statement, sorted by hash: no two requests wait in a cycle.
import { Prisma } from '~/utils/db.server'

export async function lockKeys(tx: Prisma.TransactionClient, keys: string[]) {
  if (keys.length === 0) return
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(${keys}::text[]) AS k ORDER BY h) AS s`
}

function isUniqueViolation(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** Runs `fn` again once if it lost a race on a unique key (the second run finds what the winner wrote). */
export async function onceMoreOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return fn()
  }
}
