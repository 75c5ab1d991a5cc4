import { createCookieSessionStorage, redirect } from '@remix-run/node'
import type { Toast } from '~/notifications/toasts'
import { env } from './env.server'

export type { Toast }

const storage = createCookieSessionStorage({
  cookie: {
    name: 'bo_toast',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env.NODE_ENV === 'production',
    secrets: [env.SESSION_SECRET],
  },
})

/** Reads and clears the flash toast; returns the Set-Cookie header to send with the page. */
export async function getToast(request: Request): Promise<{ toast: Toast | null; headers: Headers | null }> {
  const session = await storage.getSession(request.headers.get('Cookie'))
  const toast = (session.get('toast') as Toast | undefined) ?? null
  if (!toast) return { toast: null, headers: null }
  return { toast, headers: new Headers({ 'Set-Cookie': await storage.destroySession(session) }) }
}

export async function toastHeaders(toast: Toast) {
  const session = await storage.getSession()
  session.flash('toast', toast)
  return new Headers({ 'Set-Cookie': await storage.commitSession(session) })
}

/** Post/redirect/get with a flash message. */
export async function redirectWithToast(url: string, toast: Toast, init?: ResponseInit) {
  const headers = new Headers(init?.headers)
  for (const [k, v] of await toastHeaders(toast)) headers.append(k, v)
  return redirect(url, { ...init, headers })
}
