// The live notification streams of this process: who is connected, fan-out of bus events, heartbeat, replay.
import { onBoot } from '~/utils/boot.server'
import { db, type Role } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { ActionEvent, CountEvent, FinEvent, NotificationEvent, PingEvent } from './events'
import { busStatus, startBus, subscribe, type BusEvent } from './bus.server'
import { audiencesFor, lastNotificationId, toEvent, unreadCount, unreadCounts, type Lecteur } from './notifications.server'
import { PG_INT_MAX } from '~/utils/db-int'
import { notificationEventStream, type SseSink } from './sse.server'

/** At most this many missed notifications are replayed on reconnection (the count event still gives the total). */
export const REPLAY_MAX = 200
/** Open streams per login session (tabs of one browser); the oldest is closed to make room for a new one. */
export const MAX_STREAMS_PER_SESSION = 10
/** Delay between a notification and the unread counts that follow it. */
const COUNT_DELAY_MS = 50
/**
 * Events leave in slices of this many, the event loop turning between slices: the first clients' bytes are on the
 * wire (and being read) while the next slices are prepared. eventStream writes each event as two chunks, so without
 * this every client's write would wait for the whole fan-out.
 */
const SLICE = 32
/** Notification ids already delivered, to skip them when catching up after a listener gap. */
const DELIVERED_MEMORY = 2_000

type Pending = { notificationId: number | null; send: () => void }

type Client = {
  user: Lecteur
  /** The login session the stream belongs to (streams are limited per session). */
  sessionId: string
  sink: SseSink
  /** Last notification id this client knows about: the `dernierId` of every event it receives. */
  lastId: number
  /** While the client's replay runs, live events wait here (then those already replayed are skipped). */
  pending: Pending[] | null
}

const ROLES: Role[] = ['ADMIN', 'FORMATEUR', 'ELEVE']

type HubState = {
  clients: Set<Client>
  byRole: Record<Role, Set<Client>>
  byUser: Map<string, Set<Client>>
  /** Per login session, in opening order. */
  bySession: Map<string, Set<Client>>
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
  /** Events waiting to be written, in order (one queue for all clients keeps each client's events in order). */
  outbox: Outgoing[]
  outboxScheduled: boolean
}

/** `event: null`: close the stream once what was queued before has been written. */
type Outgoing = { client: Client; event: string | null; data: string }

const globalForHub = globalThis as unknown as { __notificationHub?: HubState }
const hub: HubState = (globalForHub.__notificationHub ??= {
  clients: new Set(),
  byRole: { ADMIN: new Set(), FORMATEUR: new Set(), ELEVE: new Set() },
  byUser: new Map(),
  bySession: new Map(),
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
  outbox: [],
  outboxScheduled: false,
})
// A hub kept across dev-server reloads may predate the per-session limit and the outbox.
hub.bySession ??= new Map()
hub.outbox ??= []

// A client that stops reading is cut by the HTTP layer (server.js, see app/http/node-adapter.server.ts); its
// departure then runs the stream's cleanup like any other.
function send(client: Client, event: string, data: string) {
  queue({ client, event, data })
}

function queue(item: Outgoing) {
  hub.outbox.push(item)
  if (!hub.outboxScheduled) {
    hub.outboxScheduled = true
    // The first slice right after the current task (the fan-out loop), the next ones a turn of the loop apart.
    queueMicrotask(drainOutbox)
  }
}

function drainOutbox() {
  const slice = hub.outbox.splice(0, SLICE)
  for (const { client, event, data } of slice) {
    if (event === null) client.sink.close()
    else if (client.sink.send(event, data)) hub.evenementsEnvoyes++
  }
  if (hub.outbox.length > 0) setImmediate(drainOutbox)
  else hub.outboxScheduled = false
}

/** The JSON of an event: its payload plus the stream position, which eventStream cannot send as an `id:` field. */
const payloadJson = (data: object, dernierId: number) => JSON.stringify({ ...data, dernierId })

/** Events other than notifications carry the client's own last id; clients mostly share it, so stringify once per id. */
function encoderById(data: object) {
  const cache = new Map<number, string>()
  return (id: number) => {
    let json = cache.get(id)
    if (json === undefined) cache.set(id, (json = payloadJson(data, id)))
    return json
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
  const json = payloadJson(event, event.id)
  for (const client of targets) {
    const deliver = () => {
      send(client, 'notification', json)
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
  const encode = encoderById(event satisfies ActionEvent)
  for (const client of hub.byRole.ADMIN) {
    const deliver = () => send(client, 'action', encode(client.lastId))
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
        const encode = encoderById({ nonLues } satisfies Omit<CountEvent, 'dernierId'>)
        // A client still replaying gets its own fresh count when its replay ends.
        for (const client of hub.byUser.get(userId) ?? []) if (!client.pending) send(client, 'count', encode(client.lastId))
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
  const encode = encoderById({ t: Date.now(), intervalle: env.SSE_HEARTBEAT_MS } satisfies Omit<PingEvent, 'dernierId'>)
  for (const client of hub.clients) if (!client.pending) send(client, 'ping', encode(client.lastId))
}

function register(client: Client) {
  let forSession = hub.bySession.get(client.sessionId)
  if (!forSession) hub.bySession.set(client.sessionId, (forSession = new Set()))
  // One browser left with many tabs (or a script opening streams in a loop): the oldest makes room, and is told not
  // to come back by itself.
  while (forSession.size >= MAX_STREAMS_PER_SESSION) {
    const oldest = forSession.values().next().value!
    forSession.delete(oldest)
    send(oldest, 'fin', JSON.stringify({ raison: 'trop-de-flux', dernierId: oldest.lastId } satisfies FinEvent))
    queue({ client: oldest, event: null, data: '' })
  }
  forSession.add(client)
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
  const forSession = hub.bySession.get(client.sessionId)
  forSession?.delete(client)
  if (forSession?.size === 0) hub.bySession.delete(client.sessionId)
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
    send(client, 'ping', payloadJson({ t: Date.now(), intervalle: env.SSE_HEARTBEAT_MS } satisfies Omit<PingEvent, 'dernierId'>, client.lastId))
    const replayed = new Set<number>()
    for (const event of replay) {
      send(client, 'notification', payloadJson(event, event.id))
      replayed.add(event.id)
      if (event.id > client.lastId) client.lastId = event.id
    }
    for (const item of pending) if (item.notificationId === null || !replayed.has(item.notificationId)) item.send()
    send(client, 'count', payloadJson({ nonLues } satisfies Omit<CountEvent, 'dernierId'>, client.lastId))
  } catch (error) {
    console.error(`[notifications] ouverture du flux impossible pour ${client.user.id}`, error)
    client.sink.close()
  }
}

/** The response of GET /resources/notifications for a signed-in user. */
export function openNotificationStream(request: Request, user: Lecteur & { sessionId: string }, lastEventId: number | null, clientGone?: AbortSignal) {
  ensureStarted()
  return notificationEventStream(request, clientGone, (sink) => {
    const client: Client = { user: { id: user.id, role: user.role }, sessionId: user.sessionId, sink, lastId: lastEventId ?? 0, pending: [] }
    register(client)
    void initialize(client, lastEventId)
    return () => unregister(client)
  })
}

/**
 * Where the client's stream resumes: a Last-Event-ID header (a client that sends one) wins over ?depuis= (what the
 * page's hook sends, the last id it received) and the older ?lastEventId=. A notification id: 0 to PG_INT_MAX.
 */
export function readLastEventId(request: Request): number | null | 'invalide' {
  const params = new URL(request.url).searchParams
  const raw = request.headers.get('Last-Event-ID') ?? params.get('depuis') ?? params.get('lastEventId')
  if (raw === null || raw.trim() === '') return null
  const text = raw.trim()
  if (!/^\d{1,10}$/.test(text)) return 'invalide'
  const value = Number(text)
  return value <= PG_INT_MAX ? value : 'invalide'
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
