// What the notification stream sends, shared by the server (which encodes it) and the browser (which reads it).
// Every payload carries `dernierId`: the last notification id the client knows (its position in the stream), which
// the browser sends back as ?depuis= when it reconnects.

export type Priorite = 'BASSE' | 'NORMALE' | 'HAUTE' | 'URGENTE'

/** `notification` event: one stored notification. `rejeu` marks one replayed after a reconnection. */
export type NotificationEvent = {
  id: number
  categorie: string
  type: string
  priorite: Priorite
  titre: string
  message: string
  lienAction: string | null
  /** Set when the notification came from this user's own request (no live toast for them). */
  auteurId: string | null
  date: string
  rejeu?: boolean
}

/** What every event carries beside its own fields. */
export type Position = { dernierId: number }

/** `count` event: the user's unread notifications, for the bell. */
export type CountEvent = { nonLues: number } & Position

/** `action` event: an action on a prospect changed status (an open panel of that prospect revalidates). */
export type ActionEvent = { actionId: string; prospectId: string; statut: string }

/** `ping` event: the heartbeat; `intervalle` lets the browser notice a stream that went silent. */
export type PingEvent = { t: number; intervalle: number } & Position

/** `fin` event: the server closes this stream for good (too many open in this session): do not reconnect. */
export type FinEvent = { raison: 'trop-de-flux' } & Position

