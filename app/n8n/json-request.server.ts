// The one guard of every route n8n calls with JSON (action callbacks, new contacts, exchanges): the shared secret
// in X-Callback-Secret (constant-time), a JSON content type, at most 64 KB read (Content-Length can be absent or
// lie), a JSON body, then the route's Zod schema with one French reason per field. Each refusal is a 4xx answer
// with `{ erreur, raisons? }`; nothing reaches the database before all checks pass.
import type { z } from 'zod'
import { readLimited } from '~/http/guards.server'
import { isValidCallbackSecret } from './client.server'
import { CALLBACK_MAX_BYTES, CALLBACK_SECRET_HEADER, formatIssues } from './contract'

/** A JSON answer that no cache keeps. */
export function n8nAnswer(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

/** GET and the like on a route n8n only POSTs to. */
export function n8nMethodNotAllowed() {
  return n8nAnswer(405, { erreur: 'Méthode non autorisée : cette adresse reçoit des POST.' })
}

function isJsonType(contentType: string | null) {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase()
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)
}

/** PostgreSQL cannot store NUL characters: a body carrying one is refused here, with the other reasons. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 20 || value === null || typeof value !== 'object') return false
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || hasNul(item, depth + 1))
}

export type N8nJson<T> = { ok: true; data: T } | { ok: false; response: Response }

/**
 * Authenticates and parses a POST from n8n. `label` names the body in messages ("Corps du rappel invalide").
 * Returns the parsed data, or the 4xx Response to send back as is.
 */
export async function readN8nJson<S extends z.ZodTypeAny>(request: Request, schema: S, label = 'Corps de la requête'): Promise<N8nJson<z.output<S>>> {
  const refuse = (status: number, body: Record<string, unknown>) => ({ ok: false as const, response: n8nAnswer(status, body) })
  if (request.method !== 'POST') return { ok: false, response: n8nMethodNotAllowed() }
  if (!(await isValidCallbackSecret(request.headers.get(CALLBACK_SECRET_HEADER)))) {
    return refuse(401, { erreur: `Secret de rappel manquant ou invalide (en-tête ${CALLBACK_SECRET_HEADER}).` })
  }
  if (!isJsonType(request.headers.get('Content-Type'))) {
    return refuse(415, { erreur: `${label} : type de contenu « application/json » attendu.` })
  }
  const tooLarge = { erreur: `Corps trop volumineux : ${CALLBACK_MAX_BYTES / 1024} Ko au plus.` }
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > CALLBACK_MAX_BYTES) return refuse(413, tooLarge)
  // The edge has already refused larger bodies (the route's handle); this holds when the action is called directly.
  const bytes = await readLimited(request, CALLBACK_MAX_BYTES)
  if (bytes === null) return refuse(413, tooLarge)
  const text = Buffer.from(bytes).toString('utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return refuse(400, { erreur: `${label} invalide`, raisons: ['corps : JSON attendu'] })
  }
  if (hasNul(json)) return refuse(400, { erreur: `${label} invalide`, raisons: ['corps : caractère NUL (\\u0000) interdit'] })
  const parsed = schema.safeParse(json)
  if (!parsed.success) return refuse(400, { erreur: `${label} invalide`, raisons: formatIssues(parsed.error) })
  return { ok: true, data: parsed.data }
}
