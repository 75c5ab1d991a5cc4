// The generic request guards of the edge: which route a request is for, whether its Origin is this site, whether
// its body is a form of acceptable size. Each returns a refusal (status + French message) or lets the request pass;
// they know nothing of any particular route beyond what the route module declares (see route-handle.ts).
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes } from '@remix-run/react'
import { FORM_MAX_BYTES, type RequestRules, type RouteHandle } from './route-handle'

/** A body read in full (a fresh buffer). */
export type Bytes = Uint8Array<ArrayBuffer>

export type Refusal = { status: number; message: string; headers?: Record<string, string> }

type ServerRoute = ServerBuild['routes'][string]
type RouteNode = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children: RouteNode[] }

export type RouteTarget = {
  /** The route whose action (or, for a data request, whose loader) the request is for. */
  route: ServerRoute
  /** Single fetch's `/x.data` form of the URL. */
  isDataRequest: boolean
}

/** Finds, the way Remix does, the route a request targets; null when no route matches the URL. */
export function createRouteResolver(build: ServerBuild) {
  const nodes = new Map<string, RouteNode>()
  for (const route of Object.values(build.routes)) {
    nodes.set(route.id, { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive, children: [] })
  }
  const roots: RouteNode[] = []
  for (const route of Object.values(build.routes)) {
    const node = nodes.get(route.id)!
    const parent = route.parentId ? nodes.get(route.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }

  return (url: URL): RouteTarget | null => {
    let pathname = url.pathname
    const isDataRequest = pathname.endsWith('.data')
    if (isDataRequest) pathname = pathname === '/_root.data' ? '/' : pathname.slice(0, -'.data'.length)
    let matches
    try {
      matches = matchRoutes(roots as unknown as Parameters<typeof matchRoutes>[0], pathname)
    } catch {
      return null
    }
    if (!matches?.length) return null
    const last = matches[matches.length - 1]
    // Remix targets the index route only with a bare `?index`; otherwise the deepest route that adds to the path.
    const nakedIndex = url.searchParams.getAll('index').some((v) => v === '')
    const target =
      last.route.index && nakedIndex ? last : matches.filter((m, i) => i === 0 || (m.route.path && m.route.path.length > 0)).pop()!
    return { route: build.routes[target.route.id!], isDataRequest }
  }
}

export function rulesOf(route: ServerRoute): Required<RequestRules> {
  const rules = (route.module.handle as RouteHandle | undefined)?.requete
  return { corps: rules?.corps ?? 'formulaire', maxOctets: rules?.maxOctets ?? FORM_MAX_BYTES }
}

export const isResourceRoute = (route: ServerRoute) => !route.module.default

/** A POST from another site (or from an opaque or malformed origin) never reaches an action. */
export function checkOrigin(request: Request, host: string | null): Refusal | null {
  const origin = request.headers.get('Origin')
  // Non-browser clients (n8n's callbacks, scripts) send none; the CSRF token still protects the forms.
  if (origin === null) return null
  let url: URL | null = null
  try {
    url = new URL(origin)
  } catch {
    url = null
  }
  const wellFormed = url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin
  if (wellFormed && host && url!.host.toLowerCase() === host.toLowerCase()) return null
  return {
    status: 403,
    message: 'Ce formulaire a été envoyé depuis un autre site : il a été refusé et rien n’a été modifié. Ouvrez la page depuis le back-office et réessayez.',
  }
}

const tooLarge = (max: number): Refusal => ({
  status: 413,
  message: `Envoi trop volumineux : ${max >= 1024 * 1024 ? `${max / (1024 * 1024)} Mo` : `${Math.round(max / 1024)} Ko`} au plus. Rien n’a été enregistré.`,
  // The rest of the body is not read: the connection cannot be reused.
  headers: { Connection: 'close' },
})

/**
 * Reads the body (at most `max` bytes; Content-Length may be absent or lie). Returns the bytes, or null past `max`.
 * An oversized body is left unread rather than cancelled: cancelling would destroy the socket before the 413 is
 * written, and the client would only see a dropped connection.
 */
export async function readLimited(request: Request, max: number): Promise<Bytes | null> {
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      reader.releaseLock()
      return null
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

/**
 * The body of a request to an action, checked against its route's rules before anything parses it. Returns the
 * bytes (handed on to Remix) or a refusal: 413 too large, 415 not a form, 400 a form that cannot be read.
 */
export async function checkBody(request: Request, rules: Required<RequestRules>): Promise<Bytes | Refusal> {
  const declared = request.headers.get('Content-Length')
  if (declared !== null) {
    if (!/^\d{1,15}$/.test(declared.trim())) return { status: 400, message: 'En-tête Content-Length invalide.' }
    if (Number(declared) > rules.maxOctets) return tooLarge(rules.maxOctets)
  }
  const contentType = request.headers.get('Content-Type') ?? ''
  const mediaType = contentType.split(';')[0].trim().toLowerCase()
  if (rules.corps === 'formulaire') {
    if (!FORM_TYPES.has(mediaType)) {
      return {
        status: 415,
        message: 'Cette adresse n’accepte que les formulaires du back-office : ouvrez la page dans le navigateur et envoyez le formulaire.',
      }
    }
    if (mediaType === 'multipart/form-data' && !/;\s*boundary=("[^"]+"|[^;\s]+)/i.test(contentType)) {
      return { status: 400, message: 'Formulaire illisible (séparateur manquant) : rechargez la page et réessayez.' }
    }
  }
  const body = await readLimited(request, rules.maxOctets)
  if (!body) return tooLarge(rules.maxOctets)
  if (mediaType === 'multipart/form-data') {
    try {
      await new Response(body, { headers: { 'Content-Type': contentType } }).formData()
    } catch {
      return { status: 400, message: 'Formulaire illisible : rechargez la page et réessayez.' }
    }
  }
  return body
}
