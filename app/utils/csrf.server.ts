// CSRF tokens. A signed-in session's token is derived from the session's id: it changes at every login (the id is
// renewed) and dies with the session, so a token planted or read before the login is worth nothing after it.
// Visitors without a session (the login page) keep remix-utils' token-in-a-cookie.
import crypto from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { CSRF, CSRFError } from 'remix-utils/csrf/server'
import { sessionIdOf } from '~/auth/session-cookie.server'
import { env } from './env.server'

const cookie = createCookie('bo_csrf', {
  path: '/',
  httpOnly: true,
  secure: env.NODE_ENV === 'production',
  sameSite: 'lax',
  secrets: [env.SESSION_SECRET],
})

const anonymous = new CSRF({ cookie, secret: env.SESSION_SECRET, formDataKey: 'csrf' })

/** The token of a login session. */
export function sessionCsrfToken(sessionId: string) {
  return crypto.createHmac('sha256', env.SESSION_SECRET).update(`csrf:${sessionId}`).digest('base64url')
}

/** The token the page's forms carry, and the cookie to set for a visitor without a session. */
export async function csrfTokenFor(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const sessionId = await sessionIdOf(request.headers.get('Cookie'))
  if (sessionId) return { token: sessionCsrfToken(sessionId), setCookie: null }
  const [token, setCookie] = await anonymous.commitToken(request)
  return { token, setCookie: setCookie ?? null }
}

/** Anonymous visitors get a token-and-cookie pair (tests use it as a browser would). */
export const commitAnonymousToken = () => anonymous.commitToken()

const refused = () => new Response('Formulaire expiré ou invalide : rechargez la page et réessayez.', { status: 403 })

/** Every authenticated form posts the token; a forged or stale post gets a clear 403 and changes nothing. */
export async function validateCsrf(formData: FormData, headers: Headers) {
  const sessionId = await sessionIdOf(headers.get('Cookie'))
  if (sessionId) {
    const sent = formData.get('csrf')
    const expected = Buffer.from(sessionCsrfToken(sessionId))
    const given = Buffer.from(typeof sent === 'string' ? sent : '')
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw refused()
    return
  }
  try {
    await anonymous.validate(formData, headers)
  } catch (error) {
    if (error instanceof CSRFError) throw refused()
    throw error
  }
}
