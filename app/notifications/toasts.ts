// What a toast says, shared by the flash message of a redirect (utils/toast.server.ts), the live notifications
// (use-notification-stream.ts) and the one toast area that shows them (components/Toaster.tsx); and how a live
// notification becomes a toast: a failure stays until closed, anything else fades.
import type { NotificationEvent } from './events'

export type ToastType = 'succes' | 'erreur' | 'info'

/** A flash toast: set by an action's redirect, read once by the next page. */
export type Toast = { type: ToastType; titre: string; description?: string }

/** A toast on screen: a flash one or a live notification. */
export type ToastMessage = Toast & { id: string }

/** A failure (a journal notification, or an urgent one) is an error toast; the rest is information. */
export function notificationToast(n: NotificationEvent): ToastMessage {
  const echec = n.categorie === 'journal' || n.priorite === 'URGENTE'
  return { id: `notification-${n.id}`, type: echec ? 'erreur' : 'info', titre: n.titre, description: n.message }
}
