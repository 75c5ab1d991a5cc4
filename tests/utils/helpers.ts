// Helpers for integration tests: real Request objects, a logged-in user, the CSRF token a real form carries.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { createUserSession, sessionIdOf } from '~/auth/session.server'
import { commitAnonymousToken, sessionCsrfToken } from '~/utils/csrf.server'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'

export const BASE = 'http://localhost'

/** Announces that the current test expects console.error lines matching `pattern` (others fail the test). */
export function allowConsoleError(pattern: RegExp = /.*/) {
  ;(globalThis as unknown as { __allowedConsoleErrors: RegExp[] }).__allowedConsoleErrors.push(pattern)
}

export type Who = keyof typeof DEMO_USERS | 'anonyme'

/**
 * Cookie header of a fresh session for a demo user, plus the form token its pages carry (tied to the session).
 * Anonymous visitors get a CSRF cookie and its token, as the login page gives them.
 */
export async function sessionFor(who: Who): Promise<{ cookie: string; csrfToken: string; userId: string | null }> {
  if (who === 'anonyme') {
    const [csrfToken, csrfCookie] = await commitAnonymousToken()
    return { cookie: csrfCookie!.split(';')[0], csrfToken, userId: null }
  }
  const user = await db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS[who].email } })
  const cookie = (await createUserSession(new Request(BASE), user.id)).split(';')[0]
  const sessionId = await sessionIdOf(cookie)
  return { cookie, csrfToken: sessionCsrfToken(sessionId!), userId: user.id }
}

export async function get(path: string, who: Who = 'admin', headers: Record<string, string> = {}) {
  const { cookie } = await sessionFor(who)
  return new Request(`${BASE}${path}`, { headers: { Cookie: cookie, ...headers } })
}

/** A form POST as the browser sends it, with the CSRF token unless `csrf: false`. */
export async function post(path: string, fields: Record<string, string | string[]>, who: Who = 'admin', options: { csrf?: boolean } = {}) {
  const { cookie, csrfToken } = await sessionFor(who)
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
  if (options.csrf !== false) body.set('csrf', csrfToken)
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  })
}

type Args = LoaderFunctionArgs & ActionFunctionArgs
/** Calls a loader or action; a thrown Response (redirect, 4xx) is returned instead of thrown. */
export async function call<T>(fn: (args: Args) => Promise<T> | T, request: Request, params: Record<string, string> = {}) {
  try {
    return await fn({ request, params, context: {} } as Args)
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
}

/** Status of whatever a loader/action gave: a Response, a data() result, or plain data (200). */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status
  if (result && typeof result === 'object' && 'type' in result && (result as { type: string }).type === 'DataWithResponseInit') {
    return (result as { init?: { status?: number } }).init?.status ?? 200
  }
  return 200
}

export function dataOf<T = unknown>(result: unknown): T {
  if (result && typeof result === 'object' && 'type' in result && (result as { type: string }).type === 'DataWithResponseInit') {
    return (result as unknown as { data: T }).data
  }
  return result as T
}
