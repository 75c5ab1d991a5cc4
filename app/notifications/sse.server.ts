// A Server-Sent Events response, on the same principle as remix-utils' eventStream (a ReadableStream closed when
// the request's signal aborts), which cannot write the `id:` and `retry:` fields that Last-Event-ID replay needs.
// It also listens to the load context's `clientGone` (see server.js): the loader's request.signal alone can stop
// firing after a garbage collection (nodejs/node#55428), which would leave departed clients registered forever.
// Events are encoded once to bytes, so one notification fanned out to a thousand clients costs one encoding.

const encoder = new TextEncoder()

export type SseEvent = { event: string; data: unknown; id?: number | string }

/** One event, as bytes. `data` is JSON: no raw newline can end up in it and break the stream. */
export function encodeEvent({ event, data, id }: SseEvent): Uint8Array {
  const idLine = id === undefined ? '' : `id: ${id}\n`
  return encoder.encode(`${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
}

/** Tells the browser how long to wait before reconnecting (a field on its own dispatches no event). */
export function encodeRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`)
}

export type SseSink = {
  /** Queues bytes for the client; false once the stream is closed. */
  write: (chunk: Uint8Array) => boolean
  close: () => void
  /** Chunks queued and not yet taken by the HTTP layer (a client that stopped reading makes it grow). */
  backlog: () => number
}

/**
 * `start` receives the sink and returns the cleanup to run once, when the client goes away (any of `signals`
 * aborts, or the body is cancelled) or when the server closes the stream.
 */
export function sseResponse(signals: AbortSignal[], start: (sink: SseSink) => () => void, init: { headers?: HeadersInit } = {}) {
  let cleanup: (() => void) | null = null
  let closed = false
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null

  const finish = () => {
    if (closed) return
    closed = true
    for (const signal of signals) signal.removeEventListener('abort', finish)
    try {
      controllerRef?.close()
    } catch {
      // Already closed or errored by the consumer: nothing left to flush.
    }
    cleanup?.()
    cleanup = null
  }

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller
      const sink: SseSink = {
        write(chunk) {
          if (closed) return false
          try {
            controller.enqueue(chunk)
            return true
          } catch {
            finish()
            return false
          }
        },
        close: finish,
        backlog: () => (closed ? 0 : Math.max(0, -(controller.desiredSize ?? 0))),
      }
      const stop = start(sink)
      // `start` may already have closed the sink (or the client may be gone): clean up at once then.
      if (closed) stop()
      else cleanup = stop
      if (signals.some((s) => s.aborted)) finish()
      else if (!closed) for (const signal of signals) signal.addEventListener('abort', finish)
    },
    cancel() {
      finish()
    },
  })

  const headers = new Headers(init.headers)
  headers.set('Content-Type', 'text/event-stream; charset=utf-8')
  // no-transform: the compression middleware must not buffer the stream (nor hold a zlib context per client).
  headers.set('Cache-Control', 'no-cache, no-transform')
  headers.set('Connection', 'keep-alive')
  // Reverse proxies such as nginx would otherwise buffer the events.
  headers.set('X-Accel-Buffering', 'no')
  return new Response(stream, { status: 200, headers })
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Aborts when the HTTP client goes away (server.js); absent under the dev server and in unit tests. */
    clientGone?: AbortSignal
  }
}
