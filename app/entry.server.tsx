import crypto from 'node:crypto'
import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
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
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <DemonstrationProvider value={env.n8nSimulated}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </DemonstrationProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, streamTimeout + 1000)
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
