import { createCookie } from '@remix-run/node'
import { CSRF, CSRFError } from 'remix-utils/csrf/server'
import { env } from './env.server'

const cookie = createCookie('bo_csrf', {
  path: '/',
  httpOnly: true,
  secure: env.NODE_ENV === 'production',
  sameSite: 'lax',
  secrets: [env.SESSION_SECRET],
})

export const csrf = new CSRF({ cookie, secret: env.SESSION_SECRET, formDataKey: 'csrf' })

/** Every authenticated form posts the token; a forged or stale post gets a clear 403 and changes nothing. */
export async function validateCsrf(formData: FormData, headers: Headers) {
  try {
    await csrf.validate(formData, headers)
  } catch (error) {
    if (error instanceof CSRFError) {
      throw new Response('Formulaire expiré ou invalide : rechargez la page et réessayez.', { status: 403 })
    }
    throw error
  }
}
