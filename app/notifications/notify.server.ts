// notify(): store a notification and publish it to the live streams.
import { db, type Audience, type Notification, type PrioriteNotification } from '~/utils/db.server'
import { publish } from './bus.server'
import { toEvent } from './notifications.server'

export type NotifyInput = {
  categorie: string
  type: string
  titre: string
  message: string
  audience: Audience
  priorite?: PrioriteNotification
  lienAction?: string | null
  /** The user whose request produced it (they get the flash message instead of a live toast). */
  auteurId?: string | null
}

/** The row notify() stores for an input (lengths bounded): also for a caller that stores it in its own statement. */
export function notificationRow(input: NotifyInput) {
  return {
    categorie: input.categorie,
    type: input.type,
    titre: input.titre.slice(0, 300),
    message: input.message.slice(0, 2000),
    audience: input.audience,
    priorite: input.priorite ?? 'NORMALE',
    lienAction: input.lienAction ?? null,
    auteurId: input.auteurId ?? null,
  } satisfies Partial<Notification>
}

/** Sends a stored notification to the live streams (of this instance, and of the others through the bus). */
export function publishNotification(notification: Notification) {
  publish({ kind: 'notification', id: notification.id, audience: notification.audience, row: toEvent(notification) })
}

/**
 * The one way to tell users something: stores the notification (so a reconnecting client can replay it) and
 * publishes it to the live streams. Never throws: a notification that cannot be stored is logged on the console.
 * Other admins are told; the author's own success counts as already seen by them (see lecture.ts).
 */
export async function notify(input: NotifyInput) {
  try {
    const notification = await db.notification.create({ data: notificationRow(input) })
    publishNotification(notification)
    return notification
  } catch (error) {
    console.error('[notifications] notification non enregistrée', { titre: input.titre, audience: input.audience }, error)
    return null
  }
}

/** Tells open panels that an action changed status (they revalidate). */
export function publishActionStatus(actionId: string, prospectId: string, statut: string) {
  publish({ kind: 'action', actionId, prospectId, statut })
}
