import { EventEmitter } from 'node:events'

/** What travels on the bus: a stored notification, or an action whose status changed. */
export type BusEvent =
  | { kind: 'notification'; id: number; audience: 'ADMIN' | 'FORMATEUR' | 'ELEVE' | 'TOUS' }
  | { kind: 'action'; actionId: string; prospectId: string; statut: string }

// In-process fan-out. (On PostgreSQL, LISTEN/NOTIFY relays events between app instances: see the stream issue.)
const globalForBus = globalThis as unknown as { __bus?: EventEmitter }
const emitter = (globalForBus.__bus ??= new EventEmitter().setMaxListeners(0))

export function publish(event: BusEvent) {
  emitter.emit('event', event)
}

export function subscribe(listener: (event: BusEvent) => void) {
  emitter.on('event', listener)
  return () => {
    emitter.off('event', listener)
  }
}
