// The edge: every request of the production server (server.js) and of the tests' production handler
// (tests/utils/app-handler.ts) passes here before Remix. The generic guards live here, so a new route gets them for free:
// client address behind TRUST_PROXY, NUL characters and undecodable paths, Origin of writes, 405 for routes without an action, body type and size,
// unknown files, data requests to resource routes; and the headers every answer carries. Exported through the
// server build's entry (like boot), so server.js and the tests run the very same code.
import { createRequestHandler, type AppLoadContext, type ServerBuild } from '@remix-run/node'
import { env } from '~/utils/env.server'
import { edgeAnswer, formatFor, type AnswerFormat } from './answers.server'
import { checkBody, checkOrigin, createRouteResolver, isResourceRoute, rulesOf, type Refusal } from './guards.server'
import { resolveClient, type Client, type Connection } from './proxy.server'

export type { Connection } from './proxy.server'
export type EdgeHandler = (request: Request, connection?: Connection, loadContext?: AppLoadContext) => Promise<Response>

/**
 * For node:http (server.js). Headers must arrive within 10 s and the whole request within 20 s, checked every 2 s:
 * a client trickling a byte every 2 s is cut before 25 s. Streams are not affected (the request itself is complete).
 */
export const serverOptions = { headersTimeout: 10_000, requestTimeout: 20_000, connectionsCheckingInterval: 2_000 }

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** A last path segment that names a file (favicon.ico, a missing asset): never a page of this app. */
const FILE_LIKE = /\/[^/]*\.[a-z0-9]{1,8}$/i
const HSTS = 'max-age=15552000'

function decodable(pathname: string) {
  try {
    decodeURIComponent(pathname)
    return true
  } catch {
    return false
  }
}

export function createEdgeHandler(build: ServerBuild, mode: string = env.NODE_ENV): EdgeHandler {
  const remix = createRequestHandler(build, mode)
  const resolve = createRouteResolver(build)

  async function guarded(request: Request, client: Client, loadContext: AppLoadContext | undefined): Promise<Response> {
    const url = new URL(request.url)
    const refuse = (refusal: Refusal, format: AnswerFormat = formatFor(request, false)) =>
      edgeAnswer(refusal.status, refusal.message, format, refusal.headers)

    // PostgreSQL cannot store a NUL, and no link of this app has one: refused before any loader streams an answer.
    if (/%00/.test(url.pathname + url.search)) return refuse({ status: 400, message: 'Adresse invalide : elle contient un caractère nul.' })
    // A path no link of this app can produce (`/admin/prospects/%E0%A4%A`): Remix would answer 404 after logging
    // several warnings per request, a cheap way to flood the server's log.
    if (!decodable(url.pathname)) return refuse({ status: 400, message: 'Adresse invalide : elle contient un encodage illisible.' })

    // The address login throttling counts; never a client's own header.
    request.headers.set('X-Client-Address', client.address)
    // Remix compares Origin with X-Forwarded-Host when present: only a trusted proxy may set it.
    if (env.TRUST_PROXY > 0 && client.host) request.headers.set('X-Forwarded-Host', client.host)
    else request.headers.delete('X-Forwarded-Host')

    const target = resolve(url)
    const reading = READ_METHODS.has(request.method)
    if (!target) {
      if (!reading) return refuse({ status: 404, message: 'Cette adresse n’existe pas.' })
      if (url.pathname.startsWith('/assets/') || FILE_LIKE.test(url.pathname)) return refuse({ status: 404, message: 'Fichier introuvable.' }, 'text')
      return remix(request, loadContext)
    }
    if (reading) {
      // A resource route (a stream, a file, JSON) has no data for a page to render.
      if (target.isDataRequest && isResourceRoute(target.route)) return refuse({ status: 404, message: 'Cette adresse n’existe pas.' }, 'text')
      return remix(request, loadContext)
    }

    const rules = rulesOf(target.route)
    const format = formatFor(request, rules.corps === 'json')
    const foreign = checkOrigin(request, client.host)
    if (foreign) return refuse(foreign, format)
    if (!target.route.module.action) {
      return refuse({ status: 405, message: 'Cette page ne reçoit pas de formulaire : revenez à la page précédente.', headers: { Allow: 'GET, HEAD' } }, format)
    }
    const body = await checkBody(request, rules)
    if (!(body instanceof Uint8Array)) return refuse(body, format)
    const headers = new Headers(request.headers)
    headers.delete('Transfer-Encoding')
    headers.set('Content-Length', String(body.byteLength))
    return remix(new Request(request.url, { method: request.method, headers, body, signal: request.signal }), loadContext)
  }

  return async (request, connection = {}, loadContext) => {
    // A Request built in-process (tests) has no Host header; Remix's own Origin check needs one.
    if (!request.headers.has('Host')) request.headers.set('Host', new URL(request.url).host)
    const client = resolveClient(request.headers, connection, env.TRUST_PROXY)
    let response = await guarded(request, client, loadContext)
    try {
      response.headers.set('X-Content-Type-Options', 'nosniff')
    } catch {
      // Immutable headers (Response.redirect): the same answer with headers of its own.
      response = new Response(response.body, response)
      response.headers.set('X-Content-Type-Options', 'nosniff')
    }
    const type = response.headers.get('Content-Type') ?? ''
    // Pages and their data show one signed-in person's information: never kept by a browser or a shared cache.
    if (type.startsWith('text/html') || new URL(request.url).pathname.endsWith('.data')) response.headers.set('Cache-Control', 'no-store')
    if (client.https) response.headers.set('Strict-Transport-Security', HSTS)
    return response
  }
}
