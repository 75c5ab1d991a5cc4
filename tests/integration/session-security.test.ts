// Redirect targets and CSRF tokens, sent from outside through the production handler: a signed-in user is never
// sent to another site, a strange redirectTo is never a 500, and a form token is only good for its own login session.
import { describe, expect, it } from 'vitest'
import { sessionCookie } from '~/auth/session.server'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { appHandler } from '../utils/app-handler'
import { BASE, sessionFor } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

/** Targets that lead, or could lead, a browser elsewhere: always replaced by the default page. */
const HOSTILE = ['/%09/evil.test', '/%0A/evil.test', '/%0D/evil.test', '/%E2%80%83/evil.test', '//evil.test', '/%5Cevil.test', '/..//evil.test', 'https://evil.test']
/** An ideographic full stop: a path of this site, which used to make an invalid Location header (500). */
const IDEOGRAPHIC = '/%E3%80%82evil.test'

/** Where a Location sends a browser, resolved as a browser does (it drops tabs and newlines, reads \ as /). */
function landing(location: string) {
  return new URL(location.replace(/[\t\n\r]/g, '').replaceAll('\\', '/'), BASE)
}

async function login(redirectTo: string, address: string, cookie?: string) {
  const handle = await appHandler()
  return handle(
    new Request(`${BASE}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams({ email: DEMO_USERS.admin.email, motDePasse: DEMO_USERS.admin.password, redirectTo }),
    }),
    { remoteAddress: address },
  )
}

describe('redirections choisies par le client (redirectTo)', () => {
  it('la page de connexion d’un utilisateur déjà connecté ne mène jamais ailleurs et ne répond jamais 500', async () => {
    const handle = await appHandler()
    const { cookie } = await sessionFor('admin')
    for (const target of HOSTILE) {
      const response = await handle(new Request(`${BASE}/login?redirectTo=${target}`, { headers: { Cookie: cookie } }))
      expect(response.status, target).toBe(302)
      const location = response.headers.get('Location')!
      expect(landing(location).origin, `${target} → ${JSON.stringify(location)}`).toBe(BASE)
      expect(location).toBe('/admin')
    }
    const kept = await handle(new Request(`${BASE}/login?redirectTo=${encodeURIComponent('/admin/logs?severite=ERREUR')}`, { headers: { Cookie: cookie } }))
    expect(kept.headers.get('Location')).toBe('/admin/logs?severite=ERREUR')
    const ideographic = await handle(new Request(`${BASE}/login?redirectTo=${IDEOGRAPHIC}`, { headers: { Cookie: cookie } }))
    expect(ideographic.status).toBe(302)
    expect(ideographic.headers.get('Location')).toBe(IDEOGRAPHIC)
  })

  it('la connexion renvoie vers la page par défaut quand redirectTo contient un caractère de contrôle, une barre oblique inverse ou un autre site', async () => {
    for (const [i, target] of HOSTILE.entries()) {
      const response = await login(decodeURIComponent(target), `10.20.0.${i}`)
      expect(response.status, target).toBe(302)
      expect(response.headers.get('Location'), target).toBe('/admin')
    }
    const ideographic = await login(decodeURIComponent(IDEOGRAPHIC), '10.20.1.1')
    expect(ideographic.status).toBe(302)
    expect(landing(ideographic.headers.get('Location')!).origin).toBe(BASE)
  })

  it('les formulaires des notifications renvoient vers la page par défaut pour un redirectTo hostile', async () => {
    const handle = await appHandler()
    for (const target of HOSTILE) {
      const { cookie, csrfToken } = await sessionFor('admin')
      const response = await handle(
        new Request(`${BASE}/admin/notifications`, {
          method: 'POST',
          headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ intent: 'tout-lire', redirectTo: decodeURIComponent(target), csrf: csrfToken }),
        }),
      )
      expect(response.status, target).toBe(302)
      expect(landing(response.headers.get('Location')!).origin).toBe(BASE)
      expect(response.headers.get('Location')).toBe('/admin/notifications')
    }
  })
})

describe('jeton CSRF lié à la session de connexion', () => {
  async function markAllRead(cookie: string, token: string) {
    const handle = await appHandler()
    return handle(
      new Request(`${BASE}/admin/notifications`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'tout-lire', csrf: token }),
      }),
    )
  }

  it('le jeton de la page est accepté ; celui d’une autre session, ou un couple cookie + jeton obtenu sans session, est refusé (403)', async () => {
    const handle = await appHandler()
    const a = await sessionFor('admin')
    const page = await handle(new Request(`${BASE}/admin/notifications`, { headers: { Cookie: a.cookie } }))
    const token = (await page.text()).match(/name="csrf" value="([^"]+)"/)![1]
    expect((await markAllRead(a.cookie, token)).status).toBe(302)

    const b = await sessionFor('admin')
    const other = await markAllRead(b.cookie, token)
    expect(other.status).toBe(403)
    expect(await other.text()).toMatch(/Formulaire expiré ou invalide/)

    // A cookie and token an attacker got as an anonymous visitor (or planted), next to the victim's session.
    const planted = await sessionFor('anonyme')
    expect((await markAllRead(`${b.cookie}; ${planted.cookie}`, planted.csrfToken)).status).toBe(403)
  })

  it('se connecter renouvelle le jeton : celui d’avant la connexion ne vaut plus rien', async () => {
    const handle = await appHandler()
    const before = await sessionFor('admin')
    const response = await login('/admin/notifications', '10.21.0.1', before.cookie)
    expect(response.status).toBe(302)
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('bo_session='))!.split(';')[0]
    expect(cookie).not.toBe(before.cookie)
    expect((await markAllRead(cookie, before.csrfToken)).status).toBe(403)
    // The previous session is gone, and the new page carries a new token that works.
    expect(await db.sessionConnexion.count({ where: { id: (await sessionCookie.parse(before.cookie)) as string } })).toBe(0)
    const page = await handle(new Request(`${BASE}/admin/notifications`, { headers: { Cookie: cookie } }))
    const token = (await page.text()).match(/name="csrf" value="([^"]+)"/)![1]
    expect(token).not.toBe(before.csrfToken)
    expect((await markAllRead(cookie, token)).status).toBe(302)
  })
})
