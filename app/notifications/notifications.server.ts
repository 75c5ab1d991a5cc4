// Who sees which notification, and what they have read.
// Read model: everything up to Utilisateur.derniereNotificationLue (a watermark id) is read; above it, a
// NotificationLue row marks a single notification read. "Tout marquer comme lu" moves the watermark and drops the
// rows it covers, so the table of single reads stays small. A notification about the user's own success counts as
// read for them from the start (dejaVueParAuteur): they saw the page's message.
import { db, Prisma, type Audience, type Notification, type Role } from '~/utils/db.server'
import type { NotificationEvent } from './events'
import { publish } from './bus.server'

export const PAGE_SIZE = 25
export const RECENT_COUNT = 8

export function audiencesFor(role: Role): Audience[] {
  return [role, 'TOUS']
}

export type Lecteur = { id: string; role: Role }

export function toEvent(n: Pick<Notification, 'id' | 'categorie' | 'type' | 'priorite' | 'titre' | 'message' | 'lienAction' | 'date'> & { auteurId?: string | null }): NotificationEvent {
  return {
    id: n.id,
    categorie: n.categorie,
    type: n.type,
    priorite: n.priorite,
    titre: n.titre,
    message: n.message,
    lienAction: n.lienAction,
    auteurId: n.auteurId ?? null,
    date: n.date.toISOString(),
  }
}

/**
 * The read rule in SQL, for a notification `n` and its reader `u` (a row of utilisateurs): under the reader's
 * watermark, the author's own success (as dejaVueParAuteur says), or read one by one. The bell, the notifications page
 * and the unread counts all use it.
 */
const lueSql = Prisma.sql`(n.id <= u.derniere_notification_lue
  OR (n.auteur_id IS NOT NULL AND n.auteur_id = u.id AND n.categorie <> 'journal')
  OR EXISTS (SELECT 1 FROM notifications_lues l WHERE l.utilisateur_id = u.id AND l.notification_id = n.id))`

/** The columns a notification is shown with, and its read state for `u`. */
const shownSql = Prisma.sql`n.id, n.categorie, n.type, n.priorite::text AS priorite, n.titre, n.message,
  n.lien_action AS "lienAction", n.auteur_id AS "auteurId", n.date, ${lueSql} AS lue`

/** The notifications `user` sees, with the reader's row as `u`. */
const visibleSql = (user: Lecteur) => Prisma.sql`notifications n
  CROSS JOIN (SELECT id, derniere_notification_lue FROM utilisateurs WHERE id = ${user.id}) AS u
  WHERE n.audience = ANY(${audiencesFor(user.role)}::"Audience"[])`

/** Unread counts of several users in one query (the stream refreshes every connected user's bell at once). */
export async function unreadCounts(userIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (userIds.length === 0) return counts
  const rows = await db.$queryRaw<{ id: string; nonLues: number }[]>`
    SELECT u.id, COUNT(n.id)::int AS "nonLues"
    FROM utilisateurs u
    LEFT JOIN notifications n
      ON (n.audience::text = u.role::text OR n.audience = 'TOUS') AND NOT ${lueSql}
    WHERE u.id IN (${Prisma.join(userIds)})
    GROUP BY u.id`
  for (const row of rows) counts.set(row.id, Number(row.nonLues))
  return counts
}

export async function unreadCount(userId: string) {
  return (await unreadCounts([userId])).get(userId) ?? 0
}

/** Highest notification id in the table: where a fresh stream starts (plain SQL: an index lookup). */
export async function lastNotificationId() {
  const [{ id }] = await db.$queryRaw<{ id: number }[]>`SELECT COALESCE(max(id), 0)::int AS id FROM notifications`
  return id
}

async function watermarkOf(userId: string) {
  const user = await db.utilisateur.findUnique({ where: { id: userId }, select: { derniereNotificationLue: true } })
  return user?.derniereNotificationLue ?? 0
}

type ShownRow = Pick<Notification, 'id' | 'categorie' | 'type' | 'priorite' | 'titre' | 'message' | 'lienAction' | 'auteurId' | 'date'> & { lue: boolean }

/**
 * What the bell needs on every admin page: the unread count, the latest notifications with their read state (lueSql)
 * and the id to stream from, in one round trip (two statements side by side: the count, and the latest with the
 * highest id).
 */
export async function bellSummary(user: Lecteur) {
  const [nonLues, rows] = await Promise.all([
    unreadCount(user.id),
    // The latest notifications joined to the table's highest id: one row with no notification when there is none.
    db.$queryRaw<(Partial<ShownRow> & { dernierId: number })[]>`
      SELECT m.id AS "dernierId", r.*
      FROM (SELECT COALESCE(max(id), 0)::int AS id FROM notifications) AS m
      LEFT JOIN LATERAL (
        SELECT ${shownSql} FROM ${visibleSql(user)} ORDER BY n.id DESC LIMIT ${RECENT_COUNT}
      ) AS r ON true
      ORDER BY r.id DESC`,
  ])
  const recentes = rows.filter((r): r is ShownRow & { dernierId: number } => r.id !== null && r.id !== undefined)
  return { nonLues, dernierId: rows[0].dernierId, utilisateurId: user.id, recentes: recentes.map((n) => ({ ...toEvent(n), lue: n.lue })) }
}

export async function listNotifications(user: Lecteur, { page, nonLuesSeulement }: { page: number; nonLuesSeulement: boolean }) {
  const where = nonLuesSeulement ? Prisma.sql`${visibleSql(user)} AND NOT ${lueSql}` : visibleSql(user)
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM ${where}`
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const current = Math.min(page, pageCount)
  const rows = await db.$queryRaw<ShownRow[]>`
    SELECT ${shownSql} FROM ${where} ORDER BY n.id DESC LIMIT ${PAGE_SIZE} OFFSET ${(current - 1) * PAGE_SIZE}`
  return { rows, total, page: current, pageCount }
}

export type ReadResult = 'lue' | 'deja-lue' | 'introuvable'

/** Marks one notification read. A notification the user cannot see is "introuvable", like one that does not exist. */
export async function markRead(user: Lecteur, notificationId: number): Promise<{ result: ReadResult; lienAction: string | null }> {
  const notification = await db.notification.findFirst({
    where: { id: notificationId, audience: { in: audiencesFor(user.role) } },
    select: { id: true, lienAction: true },
  })
  if (!notification) return { result: 'introuvable', lienAction: null }
  const watermark = await watermarkOf(user.id)
  if (notification.id <= watermark) return { result: 'deja-lue', lienAction: notification.lienAction }
  const created = await db.notificationLue.createMany({
    data: [{ utilisateurId: user.id, notificationId: notification.id }],
    skipDuplicates: true,
  })
  if (created.count > 0) publish({ kind: 'lecture', utilisateurId: user.id })
  return { result: created.count > 0 ? 'lue' : 'deja-lue', lienAction: notification.lienAction }
}

/** Marks everything the user can see as read; returns how many were unread. */
export async function markAllRead(user: Lecteur) {
  const count = await unreadCount(user.id)
  const latest = await db.notification.aggregate({ where: { audience: { in: audiencesFor(user.role) } }, _max: { id: true } })
  const upTo = latest._max.id ?? 0
  await db.$transaction([
    // GREATEST: a concurrent "tout marquer" with a higher watermark must not be undone.
    db.$executeRaw`UPDATE utilisateurs SET derniere_notification_lue = GREATEST(derniere_notification_lue, ${upTo}) WHERE id = ${user.id}`,
    db.notificationLue.deleteMany({ where: { utilisateurId: user.id, notificationId: { lte: upTo } } }),
  ])
  if (count > 0) publish({ kind: 'lecture', utilisateurId: user.id })
  return count
}
