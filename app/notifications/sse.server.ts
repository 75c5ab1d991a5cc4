// The notification stream's transport: remix-utils' eventStream, which writes `event:` and `data:` lines only. So
// every payload is JSON carrying the stream position (`dernierId`, the last notification id the client knows): the
// browser's hook remembers it and reconnects itself with ?depuis=<id>, instead of the `id:`/`retry:` fields.
import { eventStream } from 'remix-utils/sse/server'

export type SseSink = {
  /** Queues one event (`data` is JSON text); false once the stream is closed. */
  send: (event: string, data: string) => boolean
  close: () => void
}

/**
 * `start` receives the sink and returns the cleanup to run once, when the client goes away or the server closes
 * the stream. The client's departure is seen on `request.signal` and on the load context's `clientGone` (server.js):
 * the loader's request.signal alone can stop firing after a garbage collection (nodejs/node#55428).
 */
export function notificationEventStream(request: Request, clientGone: AbortSignal | undefined, start: (sink: SseSink) => () => void) {
  const signal = clientGone ? AbortSignal.any([request.signal, clientGone]) : request.signal
  const response = eventStream(signal, (send, abort) => {
    let closed = false
    const sink: SseSink = {
      send(event, data) {
        if (closed) return false
        try {
          send({ event, data })
          return true
        } catch {
          // The stream was closed under us (the consumer went away): nothing more can be written.
          closed = true
          return false
        }
      },
      close: () => abort(),
    }
    const cleanup = start(sink)
    return () => {
      closed = true
      cleanup()
    }
  })
  // no-transform: the compression middleware must neither buffer the events nor hold a zlib context per client.
  response.headers.set('Cache-Control', 'no-cache, no-transform')
  response.headers.set('Content-Type', 'text/event-stream; charset=utf-8')
  // Reverse proxies such as nginx would otherwise buffer the events.
  response.headers.set('X-Accel-Buffering', 'no')
  return response
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Aborts when the HTTP client goes away (server.js); absent under the dev server and in unit tests. */
    clientGone?: AbortSignal
  }
}
