// Login throttling. Each password check is reserved (recorded as a failure) before bcrypt runs, under a database
// lock per email and per address, so parallel requests cannot all slip past the count. An address is refused after
// LOGIN_MAX_ATTEMPTS failures in the window. An account is never locked by others: past that many failures it is
// slowed down (a growing, capped delay between checks) for addresses that have failed, while an address with no
// failure (its owner at the office) is still let through.
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'

/** Delay between two checks of an account under attack: 2 s, 4 s, 8 s… up to 5 minutes. */
const SLOWDOWN_BASE_MS = 2_000
const SLOWDOWN_MAX_MS = 5 * 60_000

export type LoginGate = { kind: 'autorisee'; attemptId: number } | { kind: 'refusee'; waitSeconds: number }

export function slowdownMs(failures: number) {
  if (failures < env.LOGIN_MAX_ATTEMPTS) return 0
  return Math.min(SLOWDOWN_MAX_MS, SLOWDOWN_BASE_MS * 2 ** Math.min(20, failures - env.LOGIN_MAX_ATTEMPTS))
}

/**
 * Attempts on one key wait their turn in this process before they take a database connection: 30 parallel guesses
 * would otherwise hold 30 pooled connections waiting on the same lock, and starve every other request (the database
 * lock still orders them across instances).
 */
const localQueues = new Map<string, Promise<unknown>>()
function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = localQueues.get(key) ?? Promise.resolve()
  const mine = previous.then(work, work)
  const settled = mine.catch(() => undefined)
  localQueues.set(key, settled)
  void settled.then(() => {
    if (localQueues.get(key) === settled) localQueues.delete(key)
  })
  return mine
}

/** Either a reserved attempt (the password may be checked) or the time to wait. */
export async function reserveLoginAttempt(email: string, ip: string): Promise<LoginGate> {
  const [first, second] = [`connexion:email:${email}`, `connexion:ip:${ip}`].sort()
  return inTurn(first, () => inTurn(second, () => reserveInDatabase(email, ip)))
}

async function reserveInDatabase(email: string, ip: string): Promise<LoginGate> {
  const windowMs = env.LOGIN_WINDOW_MINUTES * 60_000
  return db.$transaction(
    async (tx) => {
      // Serialises the attempts on one email or one address across requests and instances (released at commit).
      for (const key of [`connexion:email:${email}`, `connexion:ip:${ip}`].sort()) {
        await tx.$queryRaw`SELECT 1 AS verrou FROM pg_advisory_xact_lock(hashtextextended(${key}, 0))`
      }
      const now = Date.now()
      const since = new Date(now - windowMs)
      const failures = (where: { email: string } | { ip: string }) =>
        tx.tentativeConnexion.findMany({ where: { ...where, succes: false, date: { gte: since } }, orderBy: { date: 'asc' }, select: { date: true } })
      const byIp = await failures({ ip })
      if (byIp.length >= env.LOGIN_MAX_ATTEMPTS) {
        // Free again when the oldest counted failure leaves the window.
        const freeAt = byIp[byIp.length - env.LOGIN_MAX_ATTEMPTS].date.getTime() + windowMs
        return { kind: 'refusee', waitSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) }
      }
      if (byIp.length > 0) {
        const byEmail = await failures({ email })
        const delay = slowdownMs(byEmail.length)
        const freeAt = delay > 0 ? byEmail[byEmail.length - 1].date.getTime() + delay : 0
        if (freeAt > now) return { kind: 'refusee', waitSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) }
      }
      const attempt = await tx.tentativeConnexion.create({ data: { email, ip, succes: false }, select: { id: true } })
      return { kind: 'autorisee', attemptId: attempt.id }
    },
    { maxWait: 10_000, timeout: 10_000 },
  )
}

/** A reserved attempt whose password was right stops counting as a failure. */
export async function markLoginSuccess(attemptId: number) {
  await db.tentativeConnexion.update({ where: { id: attemptId }, data: { succes: true } })
}

/** "30 secondes", "1 minute", "14 minutes". */
export function formatWait(seconds: number) {
  if (seconds < 60) return `${seconds} seconde${seconds > 1 ? 's' : ''}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes > 1 ? 's' : ''}`
}

export function clientAddress(request: Request): string {
  // Set by the edge (app/http/edge.server.ts) from the socket, or from the trusted proxies' X-Forwarded-For.
  return request.headers.get('X-Client-Address') ?? 'inconnue'
}
