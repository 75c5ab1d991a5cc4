import crypto from 'node:crypto'
import { Writable } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isRouteErrorResponse } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { isDatabaseUnavailable } from './utils/db.server'
import { DemonstrationProvider } from './utils/demonstration'
import { env } from './utils/env.server'
import { NonceProvider } from './utils/nonce'
import { securityHeaders } from './utils/security-headers.server'
// Registers with onBoot: the n8n simulator (when N8N_WEBHOOK_BASE_URL is unset).
import './n8n/client.server'
import { actionEngine } from './prospects/actions/engine.server'
import { heartbeatTask } from './systeme/heartbeat.server'
import { stopJobEngine } from './utils/jobs.server'
// Registers with onBoot: the notification bus (PostgreSQL LISTEN) and the live streams (closed on shutdown).
import './notifications/bus.server'
import './notifications/hub.server'

import { onBoot } from './utils/boot.server'

// Explicit (a bare import of this side-effect-free package would be dropped): the actions' job engine and workers.
onBoot({ name: 'moteur des actions', start: async () => void (await actionEngine()), stop: stopJobEngine })
onBoot(heartbeatTask)

export const streamTimeout = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const nonce = crypto.randomBytes(16).toString('base64')
  for (const [k, v] of Object.entries(securityHeaders(nonce, process.env.NODE_ENV === 'development'))) {
    responseHeaders.set(k, v)
  }
  // A database outage that escaped a loader (e.g. a transaction that could not start) is a 503, not a 500.
  const errors = Object.values(remixContext.staticHandlerContext.errors ?? {})
  if (errors.some(isDatabaseUnavailable)) {
    responseStatusCode = 503
    responseHeaders.set('Retry-After', '10')
  }
  // Nothing on these pages waits for deferred data: the page is rendered whole, then sent as one body (a stream piped
  // chunk by chunk through a PassThrough cost the list page about a millisecond for nothing), with its final status.
  return new Promise<Response>((resolve, reject) => {
    let rendered = false
    let timeout: NodeJS.Timeout | undefined
    const chunks: Buffer[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk)
        callback()
      },
      final(callback) {
        clearTimeout(timeout)
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }))
        callback()
      },
    })
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <DemonstrationProvider value={env.n8nSimulated}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </DemonstrationProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          rendered = true
          pipe(sink)
        },
        onShellError(error: unknown) {
          clearTimeout(timeout)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (rendered) console.error(error)
        },
      },
    )
    timeout = setTimeout(abort, streamTimeout + 1000)
  })
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  response.headers.set('X-Content-Type-Options', 'nosniff')
  return response
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // A client's fault (no such page, wrong method…) is answered, not logged as a server error.
  if (isRouteErrorResponse(error) && error.status < 500) return
  if (isDatabaseUnavailable(error)) {
    console.error(`[db] base de données injoignable : ${request.method} ${new URL(request.url).pathname}`)
    return
  }
  console.error(`[erreur serveur] ${request.method} ${new URL(request.url).pathname}`, error)
}

export { boot, shutdown } from './utils/boot.server'
export { createEdgeHandler, serverOptions } from './http/edge.server'
export { sendResponse, toRequest } from './http/node-adapter.server'
