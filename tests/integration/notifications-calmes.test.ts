// Calm notifications: an admin's own success is one flash toast and nothing in their bell (it counts as seen); the
// other admins are told; a failure always counts, for its author too. Through the real "Générer devis" route and the n8n simulator.
import { describe, expect, it } from 'vitest'
import { unreadCount } from '~/notifications/notifications.server'
import { loader as notificationsLoader } from '~/routes/admin.notifications'
import { action as devisAction } from '~/routes/admin.prospects.$id.generer-devis'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { createProspect } from '../utils/db-utils'
import { allowConsoleError, call, dataOf, get, post } from '../utils/helpers'
import { useTestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

// n8n's callback comes a moment after its 202, as in real life: the page has told « en cours » by then.
const n8n = useTestN8n({ callbackDelayMs: 600 })

async function admins() {
  const [admin, admin2] = await Promise.all([
    db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } }),
    db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin2.email } }),
  ])
  return { admin, admin2 }
}

async function genererDevis(prospectId: string) {
  return call(devisAction, await post(`/admin/prospects/${prospectId}/generer-devis`, {}, 'admin'), { id: prospectId })
}

describe('notifications calmes', () => {
  it('le devis réussi d’une admin : un toast pour elle, rien dans sa cloche ; l’autre admin est prévenu', async () => {
    const { admin, admin2 } = await admins()
    const prospect = await createProspect()
    n8n.sim.setMode('GENERER_DEVIS', 'sync')
    try {
      const [avant, avant2] = [await unreadCount(admin.id), await unreadCount(admin2.id)]
      const response = await genererDevis(prospect.id)
      await expect(response).toSendToast({ type: 'succes' })
      const notification = await db.notification.findFirstOrThrow({ where: { lienAction: `/admin/prospects/${prospect.id}` }, orderBy: { id: 'desc' } })
      expect(notification.auteurId).toBe(admin.id)
      expect(await unreadCount(admin.id)).toBe(avant)
      expect(await unreadCount(admin2.id)).toBe(avant2 + 1)
      // On the notifications page: read for her (not under « Non lues »), unread for the other admin.
      const pour = async (who: 'admin' | 'admin2', query = '') =>
        dataOf<Awaited<ReturnType<typeof notificationsLoader>>>(await call(notificationsLoader, await get(`/admin/notifications${query}`, who)))
      expect((await pour('admin')).rows.find((r) => r.id === notification.id)?.lue).toBe(true)
      expect((await pour('admin', '?filtre=non-lues')).rows.map((r) => r.id)).not.toContain(notification.id)
      expect((await pour('admin2', '?filtre=non-lues')).rows.map((r) => r.id)).toContain(notification.id)
    } finally {
      n8n.sim.setMode('GENERER_DEVIS', 'async')
    }
  })

  it('un devis terminé plus tard (par rappel) est signalé à tous, son auteur compris : il ne l’a pas vu finir', async () => {
    const { admin, admin2 } = await admins()
    const prospect = await createProspect()
    const [avant, avant2] = [await unreadCount(admin.id), await unreadCount(admin2.id)]
    const response = await genererDevis(prospect.id)
    await expect(response).toSendToast({ type: 'info' })
    await n8n.idle()
    await db.notification.findFirstOrThrow({ where: { lienAction: `/admin/prospects/${prospect.id}`, type: 'action_terminee' } })
    expect(await unreadCount(admin.id)).toBe(avant + 1)
    expect(await unreadCount(admin2.id)).toBe(avant2 + 1)
  })

  it('un échec notifie toujours, son auteur compris', async () => {
    allowConsoleError(/\[journal\]/)
    const { admin, admin2 } = await admins()
    const prospect = await createProspect()
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'forbidden' })
    const [avant, avant2] = [await unreadCount(admin.id), await unreadCount(admin2.id)]
    const response = await genererDevis(prospect.id)
    await expect(response).toSendToast({ type: 'erreur' })
    const echec = await db.notification.findFirstOrThrow({ where: { categorie: 'journal' }, orderBy: { id: 'desc' } })
    expect(echec.titre).toBe(`La génération du devis de ${prospect.prenom} ${prospect.nom.toUpperCase()} n’a pas abouti`)
    expect(echec.message).toContain('Le service d’automatisation refuse la clé')
    expect(await unreadCount(admin.id)).toBe(avant + 1)
    expect(await unreadCount(admin2.id)).toBe(avant2 + 1)
  })
})
