// /admin/notifications and the bell: the unread model (watermark + single reads), the list, the POST forms.
import { describe, expect, it } from 'vitest'
import { notify } from '~/notifications/notify.server'
import { bellSummary, unreadCount } from '~/notifications/notifications.server'
import { loader as adminLoader } from '~/routes/admin'
import { action, loader } from '~/routes/admin.notifications'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { call, dataOf, get, post, statusOf } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

type Page = Awaited<ReturnType<typeof loader>>

async function user(who: keyof typeof DEMO_USERS) {
  return db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS[who].email } })
}

async function page(query = '', who: 'admin' | 'admin2' = 'admin') {
  const result = await call(loader, await get(`/admin/notifications${query}`, who))
  expect(statusOf(result)).toBe(200)
  return dataOf<Page>(result)
}

async function make(audience: 'ADMIN' | 'FORMATEUR' | 'TOUS', titre: string, lienAction: string | null = null) {
  const n = await notify({ categorie: 'test', type: 'essai', titre, message: `Pour ${audience}`, audience, lienAction })
  return n!
}

function toastOf(response: unknown) {
  expect(response).toBeInstanceOf(Response)
  const cookie = (response as Response).headers.get('Set-Cookie') ?? ''
  expect(cookie).toMatch(/bo_toast=/)
  return (response as Response).headers.get('Location')
}

describe('page des notifications', () => {
  it('liste les notifications du rôle (et TOUS), les plus récentes d’abord, avec leur état de lecture', async () => {
    const pourAdmins = await make('ADMIN', 'Pour les admins')
    const pourFormateurs = await make('FORMATEUR', 'Pour les formateurs')
    const data = await page()
    const ids = data.rows.map((r) => r.id)
    expect(ids).toContain(pourAdmins.id)
    expect(ids).not.toContain(pourFormateurs.id)
    expect([...ids].sort((x, y) => y - x)).toEqual(ids)
    const admin = await user('admin')
    const visible = await db.notification.count({ where: { audience: { in: ['ADMIN', 'TOUS'] } } })
    expect(data.total).toBe(visible)
    expect(data.nonLues).toBe(await unreadCount(admin.id))
    expect(data.rows.find((r) => r.id === pourAdmins.id)?.lue).toBe(false)
  })

  it('ignore un filtre ou une page invalides avec un message, sans erreur', async () => {
    const data = await page('?page=abc&filtre=rien')
    expect(data.page).toBe(1)
    expect(data.filtre).toBe('toutes')
    expect(data.warnings.join(' ')).toMatch(/Numéro de page invalide/)
    expect(data.warnings.join(' ')).toMatch(/Filtre inconnu/)
    const far = await page('?page=999')
    expect(far.page).toBe(far.pageCount)
  })

  it('marque une notification comme lue pour cet utilisateur seulement, puis le filtre « non lues » l’écarte', async () => {
    const n = await make('ADMIN', 'À lire une fois')
    const admin = await user('admin')
    const admin2 = await user('admin2')
    const [before, before2] = [await unreadCount(admin.id), await unreadCount(admin2.id)]
    const response = await call(action, await post('/admin/notifications?filtre=non-lues', { intent: 'lire', id: String(n.id) }))
    expect(statusOf(response)).toBe(302)
    expect(toastOf(response)).toBe('/admin/notifications?filtre=non-lues')
    expect(await unreadCount(admin.id)).toBe(before - 1)
    expect(await unreadCount(admin2.id)).toBe(before2)
    expect(await db.notificationLue.count({ where: { utilisateurId: admin.id, notificationId: n.id } })).toBe(1)
    expect((await page('?filtre=non-lues')).rows.map((r) => r.id)).not.toContain(n.id)
    expect((await page('?filtre=non-lues', 'admin2')).rows.map((r) => r.id)).toContain(n.id)
    // Twice: nothing changes, an informative toast.
    const again = await call(action, await post('/admin/notifications', { intent: 'lire', id: String(n.id) }))
    expect(statusOf(again)).toBe(302)
    expect(await unreadCount(admin.id)).toBe(before - 1)
  })

  it('« tout marquer comme lu » avance le repère, efface les lectures individuelles couvertes, et reste vrai pour les suivantes', async () => {
    const admin = await user('admin')
    const a = await make('TOUS', 'Un')
    await call(action, await post('/admin/notifications', { intent: 'lire', id: String(a.id) }))
    await make('ADMIN', 'Deux')
    expect(await unreadCount(admin.id)).toBeGreaterThan(0)
    const response = await call(action, await post('/admin/notifications', { intent: 'tout-lire', redirectTo: '/admin/prospects?page=2' }))
    expect(statusOf(response)).toBe(302)
    expect(toastOf(response)).toBe('/admin/prospects?page=2')
    expect(await unreadCount(admin.id)).toBe(0)
    const after = await user('admin')
    const latest = await db.notification.aggregate({ where: { audience: { in: ['ADMIN', 'TOUS'] } }, _max: { id: true } })
    expect(after.derniereNotificationLue).toBe(latest._max.id)
    expect(await db.notificationLue.count({ where: { utilisateurId: admin.id } })).toBe(0)
    const suivante = await make('ADMIN', 'Trois')
    expect(await unreadCount(admin.id)).toBe(1)
    const bell = await bellSummary({ id: admin.id, role: 'ADMIN' })
    expect(bell.nonLues).toBe(1)
    expect(bell.recentes[0]).toMatchObject({ id: suivante.id, lue: false })
    expect(bell.recentes.slice(1).every((n) => n.lue)).toBe(true)
    expect(bell.dernierId).toBe(suivante.id)
  })

  it('la cloche et la page disent la même chose de chaque notification : repère, succès de l’auteur, échec de l’auteur, lecture une à une', async () => {
    const admin = await user('admin')
    const autre = await user('admin2')
    const propre = await notify({ categorie: 'action', type: 'action_terminee', titre: 'Mon succès', message: '…', audience: 'ADMIN', auteurId: admin.id })
    const echec = await notify({ categorie: 'journal', type: 'action_echec', titre: 'Mon échec', message: '…', audience: 'ADMIN', auteurId: admin.id })
    const sienne = await notify({ categorie: 'action', type: 'action_terminee', titre: 'Son succès', message: '…', audience: 'ADMIN', auteurId: autre.id })
    const lue = await make('TOUS', 'Lue une à une')
    await call(action, await post('/admin/notifications', { intent: 'lire', id: String(lue.id) }))
    const pasLue = await make('ADMIN', 'Pas lue')
    const bell = await bellSummary({ id: admin.id, role: 'ADMIN' })
    const listed = await page()
    const etat = (rows: { id: number; lue: boolean }[]) => Object.fromEntries(rows.filter((r) => r.id >= propre!.id).map((r) => [r.id, r.lue]))
    expect(etat(bell.recentes)).toEqual({ [propre!.id]: true, [echec!.id]: false, [sienne!.id]: false, [lue.id]: true, [pasLue.id]: false })
    expect(etat(listed.rows)).toEqual(etat(bell.recentes))
  })

  it('« ouvrir » marque comme lue et mène au lien de la notification (jamais vers un autre site)', async () => {
    const admin = await user('admin')
    const n = await make('ADMIN', 'Avec lien', '/admin/prospects/PROS_000001')
    const response = await call(action, await post('/admin/notifications', { intent: 'ouvrir', id: String(n.id) }))
    expect(statusOf(response)).toBe(302)
    expect((response as Response).headers.get('Location')).toBe('/admin/prospects/PROS_000001')
    expect(await db.notificationLue.count({ where: { utilisateurId: admin.id, notificationId: n.id } })).toBe(1)
    const evil = await make('ADMIN', 'Lien externe', '//ailleurs.example/piege')
    const safe = await call(action, await post('/admin/notifications', { intent: 'ouvrir', id: String(evil.id) }))
    expect((safe as Response).headers.get('Location')).toBe('/admin/notifications')
  })

  it('refuse les envois invalides avec un message clair, sans rien changer', async () => {
    const admin = await user('admin')
    const before = await unreadCount(admin.id)
    const formateurOnly = await make('FORMATEUR', 'Pas pour les admins')

    const notVisible = await call(action, await post('/admin/notifications', { intent: 'lire', id: String(formateurOnly.id) }))
    expect(statusOf(notVisible)).toBe(404)
    expect(JSON.stringify(dataOf(notVisible))).toMatch(/n’existe pas ou ne vous est pas destinée/)

    const missing = await call(action, await post('/admin/notifications', { intent: 'lire', id: '99999999' }))
    expect(statusOf(missing)).toBe(404)

    const badId = await call(action, await post('/admin/notifications', { intent: 'lire', id: 'abc' }))
    expect(statusOf(badId)).toBe(400)
    expect(JSON.stringify(dataOf(badId))).toMatch(/Identifiant de notification invalide/)

    const badIntent = await call(action, await post('/admin/notifications', { intent: 'supprimer' }))
    expect(statusOf(badIntent)).toBe(400)
    expect(JSON.stringify(dataOf(badIntent))).toMatch(/Action inconnue/)

    const noCsrf = await call(action, await post('/admin/notifications', { intent: 'tout-lire' }, 'admin', { csrf: false }))
    expect(statusOf(noCsrf)).toBe(403)

    expect(await unreadCount(admin.id)).toBe(before)
    expect(await db.notificationLue.count({ where: { notificationId: formateurOnly.id } })).toBe(0)
  })

  it('est réservée aux administrateurs', async () => {
    expect(statusOf(await call(loader, await get('/admin/notifications', 'formateur')))).toBe(403)
    const anonymous = await call(loader, await get('/admin/notifications', 'anonyme'))
    expect(statusOf(anonymous)).toBe(302)
    expect(statusOf(await call(action, await post('/admin/notifications', { intent: 'tout-lire' }, 'eleve')))).toBe(403)
  })

  it('donne à la cloche du bandeau le nombre de non-lues, rendu par le serveur', async () => {
    const admin = await user('admin')
    const result = dataOf<Awaited<ReturnType<typeof adminLoader>>>(await call(adminLoader, await get('/admin/prospects')))
    expect(result.notifications.nonLues).toBe(await unreadCount(admin.id))
    expect(result.notifications.recentes.length).toBeLessThanOrEqual(8)
  })
})
