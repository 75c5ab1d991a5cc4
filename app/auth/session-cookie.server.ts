// The login session's cookie: a signed session id. Its own module so that the CSRF module (which derives tokens
// from the session id) and the session module (which checks forms' tokens) both read it without an import cycle.
import { createCookie } from '@remix-run/node'
import { env } from '~/utils/env.server'

export const SESSION_DAYS = 14

export const sessionCookie = createCookie('bo_session', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: env.NODE_ENV === 'production',
  secrets: [env.SESSION_SECRET],
  maxAge: SESSION_DAYS * 24 * 3600,
})

/** The session id a Cookie header carries (signed cookie), whether or not the session still exists. */
export async function sessionIdOf(cookieHeader: string | null): Promise<string | null> {
  const value = await sessionCookie.parse(cookieHeader)
  return typeof value === 'string' && value.length > 0 ? value : null
}

