// The live notification streams of this process: who is connected, fan-out of bus events, heartbeat, replay.
import { onBoot } from '~/utils/boot.server'
import { db, type Role } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { ActionEvent, CountEvent, NotificationEvent, PingEvent } from './events'
import { busStatus, startBus, subscribe, type BusEvent } from './bus.server'
import { audiencesFor, lastNotificationId, toEvent, unreadCount, unreadCounts, type Lecteur } from './notifications.server'
import { encodeEvent, encodeRetry, sseResponse, type SseSink } from './sse.server'

/** The browser waits this long before reconnecting after a dropped stream. */
export const RETRY_MS = 3_000
/** At most this many missed notifications are replayed on reconnection (the count event still gives the total). */
export const REPLAY_MAX = 200
/** A client that stopped reading (its queue keeps growing) is closed: the browser reconnects and replays. */
const MAX_BACKLOG = 500
/** Delay between a notification and the unread counts that follow it. */
const COUNT_DELAY_MS = 50
/** Notification ids already delivered, to skip them when catching up after a listener gap. */
const DELIVERED_MEMORY = 2_000

type Pending = { notificationId: number | null; send: () => void }

type Client = {
  user: Lecteur
  sink: SseSink
  /** Last notification id this client knows about: the `id:` of every event it receives. */
  lastId: number
  /** While the client's replay runs, live events wait here (then those already replayed are skipped). */
  pending: Pending[] | null
}

const ROLES: Role[] = ['ADMIN', 'FORMATEUR', 'ELEVE']

type HubState = {
  clients: Set<Client>
  byRole: Record<Role, Set<Client>>
  byUser: Map<string, Set<Client>>
  started: boolean
  heartbeat: ReturnType<typeof setInterval> | null
  startedAt: Date
  connexionsOuvertes: number
  evenementsEnvoyes: number
  notificationsDiffusees: number
  /** Highest notification id seen by this process (delivered, or where a stream started). */
  maxSeenId: number
  delivered: Set<number>
  dirtyUsers: Set<string>
  countsRunning: boolean
  countsTimer: ReturnType<typeof setTimeout> | null
  /** Notifications announced on the bus, waiting to be delivered: with their row when published here. */
  announced: Map<number, { audience: string; row: NotificationEvent | null }>
  loading: boolean
}

const globalForHub = globalThis as unknown as { __notificationHub?: HubState }
const hub: HubState = (globalForHub.__notificationHub ??= {
  clients: new Set(),
  byRole: { ADMIN: new Set(), FORMATEUR: new Set(), ELEVE: new Set() },
  byUser: new Map(),
  started: false,
  heartbeat: null,
  startedAt: new Date(),
  connexionsOuvertes: 0,
  evenementsEnvoyes: 0,
  notificationsDiffusees: 0,
  maxSeenId: 0,
  delivered: new Set(),
  dirtyUsers: new Set(),
  countsRunning: false,
  countsTimer: null,
  announced: new Map(),
  loading: false,
})

function send(client: Client, chunk: Uint8Array) {
  if (client.sink.backlog() > MAX_BACKLOG) {
    console.warn(`[notifications] flux fermé : le client (${client.user.id}) ne lit plus ses événements`)
    client.sink.close()
    return
  }
  if (client.sink.write(chunk)) hub.evenementsEnvoyes++
}

/** Events other than notifications carry the client's own last id; clients mostly share it, so encode once per id. */
function encoderById(event: string, data: unknown) {
  const cache = new Map<number, Uint8Array>()
  return (id: number) => {
    let chunk = cache.get(id)
    if (!chunk) cache.set(id, (chunk = encodeEvent({ event, id, data })))
    return chunk
  }
}

function remember(id: number) {
  hub.delivered.add(id)
  if (hub.delivered.size > DELIVERED_MEMORY) {
    const oldest = hub.delivered.values().next().value
    if (oldest !== undefined) hub.delivered.delete(oldest)
  }
  if (id > hub.maxSeenId) hub.maxSeenId = id
}

function deliverNotification(event: NotificationEvent, audience: string) {
  remember(event.id)
  const targets = audience === 'TOUS' ? hub.clients : hub.byRole[audience as Role]
  if (!targets || targets.size === 0) return
  hub.notificationsDiffusees++
  const chunk = encodeEvent({ event: 'notification', id: event.id, data: event })
  for (const client of targets) {
    const deliver = () => {
      send(client, chunk)
      if (event.id > client.lastId) client.lastId = event.id
    }
    if (client.pending) client.pending.push({ notificationId: event.id, send: deliver })
    else deliver()
    hub.dirtyUsers.add(client.user.id)
  }
  scheduleCounts()
}

/**
 * Counts follow shortly after: the notification's bytes leave first (on PGlite the count query would run on this
 * thread before them), and a burst of notifications costs one count query.
 */
function scheduleCounts() {
  if (hub.countsTimer) return
  hub.countsTimer = setTimeout(() => {
    hub.countsTimer = null
    void flushCounts()
  }, COUNT_DELAY_MS)
  hub.countsTimer.unref()
}

function deliverAction(event: ActionEvent) {
  // Prospect panels live in the back office only.
  const encode = encoderById('action', event satisfies ActionEvent)
  for (const client of hub.byRole.ADMIN) {
    const deliver = () => send(client, encode(client.lastId))
    if (client.pending) client.pending.push({ notificationId: null, send: deliver })
    else deliver()
  }
}

/** Recomputes the unread count of users whose count may have changed, one query for all of them. */
async function flushCounts() {
  if (hub.countsRunning) return
  hub.countsRunning = true
  try {
    while (hub.dirtyUsers.size > 0) {
      const ids = [...hub.dirtyUsers].filter((id) => hub.byUser.has(id))
      hub.dirtyUsers.clear()
      if (ids.length === 0) break
      const counts = await unreadCounts(ids)
      for (const [userId, nonLues] of counts) {
        const encode = encoderById('count', { nonLues } satisfies CountEvent)
        // A client still replaying gets its own fresh count when its replay ends.
        for (const client of hub.byUser.get(userId) ?? []) if (!client.pending) send(client, encode(client.lastId))
      }
    }
  } catch (error) {
    console.error('[notifications] calcul des notifications non lues impossible', error)
  } finally {
    hub.countsRunning = false
  }
}

/**
 * Delivers announced notifications in id order, loading in one query those published by another instance: concurrent
 * loads on a connection pool would reorder them, and a burst costs one query instead of one per notification.
 */
async function deliverAnnounced() {
  if (hub.loading) return
  hub.loading = true
  try {
    while (hub.announced.size > 0) {
      const batch = [...hub.announced].filter(([id]) => !hub.delivered.has(id))
      hub.announced.clear()
      const missing = batch.filter(([, a]) => !a.row).map(([id]) => id)
      const loaded = new Map<number, { audience: string; row: NotificationEvent }>()
      if (missing.length > 0) {
        const rows = await db.notification.findMany({ where: { id: { in: missing } } })
        for (const row of rows) loaded.set(row.id, { audience: row.audience, row: toEvent(row) })
        if (rows.length < missing.length) console.warn(`[notifications] ${missing.length - rows.length} notification(s) annoncée(s) introuvable(s) (supprimées entre-temps ?)`)
      }
      const ready = batch.map(([id, a]) => (a.row ? { audience: a.audience, row: a.row } : loaded.get(id))).filter((a) => a !== undefined)
      for (const { audience, row } of ready.sort((x, y) => x.row.id - y.row.id)) if (!hub.delivered.has(row.id)) deliverNotification(row, audience)
    }
  } finally {
    hub.loading = false
  }
}

/** After a gap of the PostgreSQL listener: deliver what was stored meanwhile and not seen here. */
async function catchUp() {
  if (hub.maxSeenId === 0 || hub.clients.size === 0) return
  const rows = await db.notification.findMany({ where: { id: { gt: hub.maxSeenId } }, orderBy: { id: 'asc' }, take: REPLAY_MAX })
  for (const row of rows) if (!hub.delivered.has(row.id)) deliverNotification(toEvent(row), row.audience)
}

function onBusEvent(event: BusEvent) {
  const run = async () => {
    if (event.kind === 'notification') {
      hub.announced.set(event.id, { audience: event.audience, row: event.row ?? null })
      // Not inside the publisher's call (notify() returns to its caller first); announcements that arrive together
      // go out together.
      await new Promise((resolve) => setImmediate(resolve))
      await deliverAnnounced()
    } else if (event.kind === 'action') deliverAction({ actionId: event.actionId, prospectId: event.prospectId, statut: event.statut })
    else if (event.kind === 'lecture') {
      if (hub.byUser.has(event.utilisateurId)) {
        hub.dirtyUsers.add(event.utilisateurId)
        await flushCounts()
      }
    } else if (event.kind === 'resync') await catchUp()
  }
  run().catch((error) => console.error('[notifications] diffusion d’un événement impossible', event, error))
}

function ensureStarted() {
  if (hub.started) return
  hub.started = true
  subscribe(onBusEvent)
  startBus().catch((error) => console.error('[notifications] démarrage du bus impossible', error))
}

function heartbeat() {
  const encode = encoderById('ping', { t: Date.now(), intervalle: env.SSE_HEARTBEAT_MS } satisfies PingEvent)
  for (const client of hub.clients) if (!client.pending) send(client, encode(client.lastId))
}

function register(client: Client) {
  hub.clients.add(client)
  hub.byRole[client.user.role].add(client)
  let forUser = hub.byUser.get(client.user.id)
  if (!forUser) hub.byUser.set(client.user.id, (forUser = new Set()))
  forUser.add(client)
  hub.connexionsOuvertes++
  if (!hub.heartbeat && env.SSE_HEARTBEAT_MS > 0) {
    hub.heartbeat = setInterval(heartbeat, env.SSE_HEARTBEAT_MS)
    hub.heartbeat.unref()
  }
}

function unregister(client: Client) {
  hub.clients.delete(client)
  hub.byRole[client.user.role].delete(client)
  const forUser = hub.byUser.get(client.user.id)
  forUser?.delete(client)
  if (forUser?.size === 0) hub.byUser.delete(client.user.id)
  if (hub.clients.size === 0 && hub.heartbeat) {
    clearInterval(hub.heartbeat)
    hub.heartbeat = null
  }
}

/** Sends the client what it missed (or nothing on a first connection), then what arrived meanwhile, then its count. */
async function initialize(client: Client, lastEventId: number | null) {
  try {
    let replay: NotificationEvent[] = []
    if (lastEventId === null) {
      client.lastId = await lastNotificationId()
    } else {
      // An id from before a database reset would otherwise hide every notification up to it.
      client.lastId = Math.min(lastEventId, await lastNotificationId())
      const rows = await db.notification.findMany({
        where: { id: { gt: lastEventId }, audience: { in: audiencesFor(client.user.role) } },
        orderBy: { id: 'desc' },
        take: REPLAY_MAX,
      })
      replay = rows.reverse().map((row) => ({ ...toEvent(row), rejeu: true }))
    }
    const nonLues = await unreadCount(client.user.id)
    const pending = client.pending ?? []
    client.pending = null
    if (!hub.clients.has(client)) return
    if (client.lastId > hub.maxSeenId) hub.maxSeenId = client.lastId
    send(client, encodeEvent({ event: 'ping', id: client.lastId, data: { t: Date.now(), intervalle: env.SSE_HEARTBEAT_MS } satisfies PingEvent }))
    const replayed = new Set<number>()
    for (const event of replay) {
      send(client, encodeEvent({ event: 'notification', id: event.id, data: event }))
      replayed.add(event.id)
      if (event.id > client.lastId) client.lastId = event.id
    }
    for (const item of pending) if (item.notificationId === null || !replayed.has(item.notificationId)) item.send()
    send(client, encodeEvent({ event: 'count', id: client.lastId, data: { nonLues } satisfies CountEvent }))
  } catch (error) {
    console.error(`[notifications] ouverture du flux impossible pour ${client.user.id}`, error)
    client.sink.close()
  }
}

/** The response of GET /resources/notifications for a signed-in user. */
export function openNotificationStream(request: Request, user: Lecteur, lastEventId: number | null, clientGone?: AbortSignal) {
  ensureStarted()
  return sseResponse(clientGone ? [request.signal, clientGone] : [request.signal], (sink) => {
    const client: Client = { user: { id: user.id, role: user.role }, sink, lastId: lastEventId ?? 0, pending: [] }
    register(client)
    sink.write(encodeRetry(RETRY_MS))
    void initialize(client, lastEventId)
    return () => unregister(client)
  })
}

/** Last-Event-ID (the browser's reconnection) wins over ?lastEventId (the page's first connection). */
export function readLastEventId(request: Request): number | null | 'invalide' {
  const raw = request.headers.get('Last-Event-ID') ?? new URL(request.url).searchParams.get('lastEventId')
  if (raw === null || raw.trim() === '') return null
  const value = Number(raw.trim())
  return Number.isSafeInteger(value) && value >= 0 ? value : 'invalide'
}

export function streamStats() {
  const clients = { total: hub.clients.size } as Record<'total' | Role, number>
  for (const role of ROLES) clients[role] = hub.byRole[role].size
  return {
    ...busStatus(),
    demarreLe: hub.startedAt.toISOString(),
    dureeSecondes: Math.round((Date.now() - hub.startedAt.getTime()) / 1000),
    heartbeatMs: env.SSE_HEARTBEAT_MS,
    clients,
    utilisateursConnectes: hub.byUser.size,
    connexionsOuvertes: hub.connexionsOuvertes,
    evenementsEnvoyes: hub.evenementsEnvoyes,
    notificationsDiffusees: hub.notificationsDiffusees,
  }
}

export type StreamStats = ReturnType<typeof streamStats>

/** On shutdown, close the streams: browsers reconnect (to another instance, or to this one once restarted). */
export function closeAllStreams() {
  for (const client of [...hub.clients]) client.sink.close()
}

onBoot({ name: 'flux des notifications', start: () => {}, stop: closeAllStreams })
