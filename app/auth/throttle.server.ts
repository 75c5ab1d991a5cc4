import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'

/** Minutes to wait before the next login attempt for this email or address, or 0 when allowed. */
export async function loginLockMinutes(email: string, ip: string): Promise<number> {
  const since = new Date(Date.now() - env.LOGIN_WINDOW_MINUTES * 60_000)
  const [byEmail, byIp] = await Promise.all([
    db.tentativeConnexion.findMany({
      where: { email, succes: false, date: { gte: since } },
      orderBy: { date: 'asc' },
      select: { date: true },
    }),
    db.tentativeConnexion.findMany({
      where: { ip, succes: false, date: { gte: since } },
      orderBy: { date: 'asc' },
      select: { date: true },
    }),
  ])
  const over = [byEmail, byIp].filter((list) => list.length >= env.LOGIN_MAX_ATTEMPTS)
  if (over.length === 0) return 0
  // The lock ends when the oldest counted failure leaves the window.
  const unlockAt = Math.max(
    ...over.map((list) => list[list.length - env.LOGIN_MAX_ATTEMPTS].date.getTime() + env.LOGIN_WINDOW_MINUTES * 60_000),
  )
  return Math.max(1, Math.ceil((unlockAt - Date.now()) / 60_000))
}

export async function recordLoginAttempt(email: string, ip: string, succes: boolean) {
  await db.tentativeConnexion.create({ data: { email, ip, succes } })
}

export function clientAddress(request: Request): string {
  // Set by server.js from the socket (or the first proxy hop when TRUST_PROXY is set).
  return request.headers.get('X-Client-Address') ?? 'inconnue'
}
