import crypto from 'node:crypto'
import { EventEmitter } from 'node:events'
import pg from 'pg'
import { onBoot } from '~/utils/boot.server'
import { postgresConfig, resolveDatabaseTarget } from '~/utils/database-url'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import type { NotificationEvent } from './events'

/** What travels on the bus: ids only; a receiver loads what it needs from the database. */
export type BusEvent =
  | {
      kind: 'notification'
      id: number
      audience: 'ADMIN' | 'FORMATEUR' | 'ELEVE' | 'TOUS'
      /** The stored row, when published in this process (it spares a query); never relayed. */
      row?: NotificationEvent
    }
  | { kind: 'action'; actionId: string; prospectId: string; statut: string }
  /** A user read notifications: their unread count changed. */
  | { kind: 'lecture'; utilisateurId: string }
  /** Local only: the PostgreSQL listener came back after a gap; events may have been missed meanwhile. */
  | { kind: 'resync' }

export const CHANNEL = 'bo_notifications'
/** Lets an operator find (or a test terminate) the listener's connection in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'bo-notifications-listener'
const MAX_RECONNECT_DELAY_MS = 30_000

type BusState = {
  emitter: EventEmitter
  instanceId: string
  listener: pg.Client | null
  listening: boolean
  started: boolean
  reconnectTimer: ReturnType<typeof setTimeout> | null
  failures: number
  reconnexions: number
  relayed: number
  received: number
}

// Kept on globalThis: the dev server reloads modules, and a process must never hold two listeners.
const globalForBus = globalThis as unknown as { __bus?: EventEmitter; __busState?: BusState }
const emitter = (globalForBus.__bus ??= new EventEmitter().setMaxListeners(0))
const state: BusState = (globalForBus.__busState ??= {
  emitter,
  instanceId: crypto.randomUUID(),
  listener: null,
  listening: false,
  started: false,
  reconnectTimer: null,
  failures: 0,
  reconnexions: 0,
  relayed: 0,
  received: 0,
})

const target = resolveDatabaseTarget(env.DATABASE_URL)

/**
 * Delivers to this process's subscribers at once and, on PostgreSQL, relays through NOTIFY so that every other app
 * instance delivers to its own clients. Never throws: a failed relay is logged, local delivery already happened.
 */
export function publish(event: BusEvent) {
  emitter.emit('event', event)
  if (target.kind === 'postgres' && event.kind !== 'resync') void relay(event)
}

async function relay(event: BusEvent) {
  const payload = JSON.stringify({ o: state.instanceId, e: event.kind === 'notification' ? { ...event, row: undefined } : event })
  try {
    // $executeRaw: pg_notify returns void, which a query result could not deserialize.
    await db.$executeRaw`SELECT pg_notify(${CHANNEL}, ${payload})`
    state.relayed++
  } catch (error) {
    console.error('[notifications] relais PostgreSQL (NOTIFY) impossible ; les autres instances ne recevront pas cet événement en direct', event, error)
  }
}

export function subscribe(listener: (event: BusEvent) => void) {
  emitter.on('event', listener)
  return () => {
    emitter.off('event', listener)
  }
}

/** Payloads come from the database: another program may NOTIFY on the channel, so check their shape. */
function parsePayload(raw: string | undefined): { origin: string; event: BusEvent } | null {
  try {
    const value = JSON.parse(raw ?? '') as { o?: unknown; e?: Record<string, unknown> }
    const e = value.e
    if (typeof value.o !== 'string' || !e || typeof e !== 'object') return null
    if (e.kind === 'notification' && Number.isSafeInteger(e.id) && ['ADMIN', 'FORMATEUR', 'ELEVE', 'TOUS'].includes(e.audience as string)) {
      return { origin: value.o, event: { kind: 'notification', id: e.id as number, audience: e.audience as 'ADMIN' } }
    }
    if (e.kind === 'action' && typeof e.actionId === 'string' && typeof e.prospectId === 'string' && typeof e.statut === 'string') {
      return { origin: value.o, event: { kind: 'action', actionId: e.actionId, prospectId: e.prospectId, statut: e.statut } }
    }
    if (e.kind === 'lecture' && typeof e.utilisateurId === 'string') {
      return { origin: value.o, event: { kind: 'lecture', utilisateurId: e.utilisateurId } }
    }
    return null
  } catch {
    return null
  }
}

async function listen() {
  if (target.kind !== 'postgres' || !state.started) return
  const client = new pg.Client({ ...postgresConfig(target.url), application_name: LISTENER_APPLICATION_NAME, keepAlive: true })
  let failed = false
  const onFailure = (error?: unknown) => {
    if (failed) return
    failed = true
    state.listening = false
    if (state.listener === client) state.listener = null
    client.removeAllListeners('notification')
    client.end().catch(() => {})
    if (!state.started) return
    const delay = Math.min(1000 * 2 ** state.failures, MAX_RECONNECT_DELAY_MS)
    state.failures++
    console.error(`[notifications] écoute PostgreSQL interrompue, nouvel essai dans ${Math.round(delay / 1000)} s`, error ?? '')
    state.reconnectTimer = setTimeout(() => {
      state.reconnectTimer = null
      void listen()
    }, delay)
    state.reconnectTimer.unref()
  }
  client.on('error', onFailure)
  client.on('end', () => onFailure(new Error('connexion fermée par le serveur')))
  client.on('notification', (message) => {
    const parsed = parsePayload(message.payload)
    if (!parsed) {
      console.warn(`[notifications] message ignoré sur le canal ${CHANNEL} (format inattendu)`)
      return
    }
    // This instance already delivered its own events locally.
    if (parsed.origin === state.instanceId) return
    state.received++
    emitter.emit('event', parsed.event)
  })
  try {
    await client.connect()
    await client.query(`LISTEN ${CHANNEL}`)
  } catch (error) {
    onFailure(error)
    return
  }
  if (failed) return
  state.listener = client
  state.listening = true
  const wasReconnecting = state.failures > 0
  state.failures = 0
  if (wasReconnecting) {
    state.reconnexions++
    console.log('[notifications] écoute PostgreSQL rétablie')
    // NOTIFYs sent while we were away are lost: the stream catches up from the table.
    emitter.emit('event', { kind: 'resync' } satisfies BusEvent)
  }
}

/** Idempotent: called at boot by server.js, and lazily by the first stream (dev server, tests). */
export async function startBus() {
  if (state.started) return
  state.started = true
  await listen()
}

export async function stopBus() {
  state.started = false
  if (state.reconnectTimer) clearTimeout(state.reconnectTimer)
  state.reconnectTimer = null
  const client = state.listener
  state.listener = null
  state.listening = false
  if (client) {
    client.removeAllListeners()
    client.on('error', () => {})
    await client.end().catch(() => {})
  }
}

export function busStatus() {
  return {
    instance: state.instanceId.slice(0, 8),
    transport: target.kind === 'postgres' ? ('postgres' as const) : ('memoire' as const),
    ecoutePostgres: target.kind === 'postgres' ? state.listening : null,
    reconnexionsEcoute: state.reconnexions,
    relaisEnvoyes: state.relayed,
    relaisRecus: state.received,
  }
}

onBoot({ name: 'bus des notifications', start: startBus, stop: stopBus })
