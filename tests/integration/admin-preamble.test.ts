// Every admin POST starts with one call, requireAdminForm: an admin, the form, a valid CSRF token. And an unknown
// prospect renders the panel's error boundary. Data comes from the factories, assertions from the custom matchers.
import { describe, expect, it } from 'vitest'
import { action as notificationsAction } from '~/routes/admin.notifications'
import { loader as panelLoader } from '~/routes/admin.prospects.$id'
import { db } from '~/utils/db.server'
import { createProspect } from '../utils/db-utils'
import { call, get, post } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

describe('préambule des formulaires administrateur', () => {
  it('un visiteur anonyme est renvoyé vers la connexion, sans rien changer', async () => {
    const before = await db.notificationLue.count()
    const response = await call(notificationsAction, await post('/admin/notifications', { intent: 'tout-lire' }, 'anonyme'))
    expect(response).toHaveRedirect(/^\/login\?redirectTo=/)
    expect(await db.notificationLue.count()).toBe(before)
  })

  it('un formateur reçoit 403', async () => {
    const response = await call(notificationsAction, await post('/admin/notifications', { intent: 'tout-lire' }, 'formateur'))
    expect(response).toHaveStatus(403)
  })

  it('sans jeton CSRF : 403 et rien ne change', async () => {
    const before = await db.notificationLue.count()
    const response = await call(notificationsAction, await post('/admin/notifications', { intent: 'tout-lire' }, 'admin', { csrf: false }))
    expect(response).toHaveStatus(403)
    expect(await db.notificationLue.count()).toBe(before)
  })

  it('un administrateur avec son jeton : redirection avec un message', async () => {
    const response = await call(notificationsAction, await post('/admin/notifications', { intent: 'tout-lire' }))
    expect(response).toHaveRedirect('/admin/notifications')
    await expect(response).toSendToast({ type: 'succes', titre: 'Notifications marquées comme lues' })
  })
})

describe('panneau d’un prospect', () => {
  it('montre le prospect créé par la fabrique', async () => {
    const prospect = await createProspect({ prenom: 'Hugo', nom: 'Durand' })
    const result = (await call(panelLoader, await get(`/admin/prospects/${prospect.id}`), { id: prospect.id })) as { prospect: { prenom: string } }
    expect(result).toHaveStatus(200)
    expect(result.prospect.prenom).toBe('Hugo')
  })

  it('un identifiant inconnu donne 404 avec un message en français', async () => {
    const response = await call(panelLoader, await get('/admin/prospects/PROS_INCONNU'), { id: 'PROS_INCONNU' })
    expect(response).toHaveStatus(404)
    expect(await (response as Response).text()).toContain('PROS_INCONNU')
  })
})
