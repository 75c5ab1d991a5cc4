// The toast every page shows (a flash message after a form, or a live notification), and how a live notification
// becomes one: a failure stays until closed, anything else fades.
import type { NotificationEvent } from './events'

export type ToastMessage = {
  id: string
  type: 'succes' | 'erreur' | 'info'
  titre: string
  description?: string
}

/** A failure (a journal notification, or an urgent one) is an error toast; the rest is information. */
export function notificationToast(n: NotificationEvent): ToastMessage {
  const echec = n.categorie === 'journal' || n.priorite === 'URGENTE'
  return { id: `notification-${n.id}`, type: echec ? 'erreur' : 'info', titre: n.titre, description: n.message }
}
