// A form posted after the session expired, from outside through the production handler: nothing is done, the login
// page says why, and after logging in the admin is back on the panel (never on the action's dialog again) with the
// same words, as a message. Issue 13, « Nothing lost on an expired session ».
import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { openSession } from '../utils/actions-helpers'
import { appHandler } from '../utils/app-handler'
import { createProspect } from '../utils/db-utils'
import { BASE, sessionFor } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const MESSAGE_ACTION = 'Votre session avait expiré : l’action n’a pas été lancée'

/** An admin whose session has just expired, with the form token the page had given her. */
async function expiredAdmin() {
  const { cookie, csrfToken, userId } = await sessionFor('admin')
  await db.sessionConnexion.updateMany({ where: { utilisateurId: userId! }, data: { dateExpiration: new Date(Date.now() - 1000) } })
  return { cookie, csrfToken }
}

async function postForm(path: string, cookie: string, fields: Record<string, string>) {
  const handle = await appHandler()
  return handle(new Request(`${BASE}${path}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) }))
}

describe('session expirée pendant un formulaire', () => {
  it('une action du panneau : rien n’est lancé, la connexion le dit, puis ramène au panneau avec le même message', async () => {
    const prospect = await createProspect()
    const session = await openSession('CAP_BIJOUTERIE')
    const { cookie, csrfToken } = await expiredAdmin()
    const panel = `/admin/prospects/${prospect.id}?q=${encodeURIComponent(prospect.nom)}`

    const posted = await postForm(`/admin/prospects/${prospect.id}/convertir?q=${encodeURIComponent(prospect.nom)}`, cookie, { formation: 'CAP_BIJOUTERIE', session: session.id, csrf: csrfToken })
    expect(posted).toHaveStatus(302)
    const loginUrl = new URL(posted.headers.get('Location')!, BASE)
    expect(loginUrl.pathname).toBe('/login')
    expect(loginUrl.searchParams.get('redirectTo')).toBe(panel)
    expect(loginUrl.searchParams.get('motif')).toBe('action')
    expect(await db.actionProspect.count({ where: { prospectId: prospect.id } })).toBe(0)
    expect(await db.candidat.count({ where: { prospectId: prospect.id } })).toBe(0)

    const handle = await appHandler()
    const page = await (await handle(new Request(loginUrl))).text()
    expect(page).toContain(`${MESSAGE_ACTION}. Reconnectez-vous : vous reviendrez sur la même page.`)
    expect(page).toContain('name="motif" value="action"')

    const fields = { email: DEMO_USERS.admin.email, motDePasse: DEMO_USERS.admin.password, redirectTo: loginUrl.searchParams.get('redirectTo')!, motif: 'action' }
    const loggedIn = await handle(new Request(`${BASE}/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) }), {
      remoteAddress: '10.30.0.1',
    })
    expect(loggedIn).toHaveRedirect(panel)
    await expect(loggedIn).toSendToast({ type: 'info', titre: MESSAGE_ACTION })
  })

  it('un autre formulaire : retour sur la même page, « rien n’a été enregistré » ; un motif inventé est ignoré', async () => {
    const { cookie, csrfToken } = await expiredAdmin()
    const avant = await db.prospect.count()
    const posted = await postForm('/admin/prospects/nouveau', cookie, { prenom: 'Lina', nom: 'Perrin', emails: 'lina.perrin@example.fr', csrf: csrfToken })
    const loginUrl = new URL(posted.headers.get('Location')!, BASE)
    expect(loginUrl.searchParams.get('redirectTo')).toBe('/admin/prospects/nouveau')
    expect(loginUrl.searchParams.get('motif')).toBe('formulaire')
    expect(await db.prospect.count()).toBe(avant)

    const handle = await appHandler()
    expect(await (await handle(new Request(loginUrl))).text()).toContain('Votre session avait expiré : rien n’a été enregistré.')
    const invented = await (await handle(new Request(`${BASE}/login?motif=%3Cscript%3E`))).text()
    expect(invented).not.toContain('Votre session avait expiré')
    expect(invented).not.toContain('name="motif"')
  })
})
