// Shared by the SSE benchmark's processes: IPC messages, a clock all processes share, memory after a full GC.

/** CLOCK_MONOTONIC in ms: the same clock in every process of the machine, so receipt − notify() is meaningful. */
export function hrMs() {
  return Number(process.hrtime.bigint()) / 1e6
}

export type Memory = { rss: number; heapUsed: number; external: number; arrayBuffers: number }

/** Memory after two full collections (children run with --expose-gc). */
export function gcAndMemory(): Memory {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  const m = process.memoryUsage()
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers }
}

export type ServerMessage = { type: 'notify'; seq: number } | { type: 'memory' } | { type: 'stop' }
export type ServerReply =
  /** One session cookie per subscriber (streams are limited per login session), used round-robin. */
  | { type: 'ready'; url: string; path: string; cookies: string[] }
  | { type: 'notified'; seq: number; id: number; t0: number; t1: number }
  | { type: 'memory'; memory: Memory; clients: number }

export type ClientsMessage = { type: 'connect'; url: string; path: string; cookies: string[]; count: number } | { type: 'report' } | { type: 'close' }
export type Receipt = { n: number; first: number; last: number }
export type ClientsReply =
  | { type: 'connected'; count: number; failed: number; ms: number }
  | { type: 'report'; receipts: Record<string, Receipt>; events: number; closedEarly: number }
  | { type: 'closed' }
