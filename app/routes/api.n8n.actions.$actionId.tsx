// n8n's callback once an action's workflow is done: POST JSON { statut, resultat?, erreur? } with the shared
// secret in X-Callback-Secret. Authenticated by that secret (not by a session): checked first, in constant time.
import type { ActionFunctionArgs } from '@remix-run/node'
import { isValidCallbackSecret } from '~/n8n/client.server'
import { CALLBACK_MAX_BYTES, CALLBACK_SECRET_HEADER, callbackSchema, formatIssues } from '~/n8n/contract'
import { applyCallback } from '~/prospects/actions/callbacks.server'

function answer(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

/** Reads at most `limit` bytes: Content-Length can be absent (chunked) or lie. */
async function readBody(request: Request, limit: number): Promise<string | null> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function loader() {
  return answer(405, { erreur: 'Méthode non autorisée : n8n rappelle cette adresse en POST.' })
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return answer(405, { erreur: 'Méthode non autorisée : POST attendu.' })
  if (!(await isValidCallbackSecret(request.headers.get(CALLBACK_SECRET_HEADER)))) {
    return answer(401, { erreur: `Secret de rappel manquant ou invalide (en-tête ${CALLBACK_SECRET_HEADER}).` })
  }
  const tooLarge = { erreur: `Corps trop volumineux : ${CALLBACK_MAX_BYTES / 1024} Ko au plus.` }
  const declared = Number(request.headers.get('Content-Length') ?? '0')
  if (declared > CALLBACK_MAX_BYTES) return answer(413, tooLarge)
  const text = await readBody(request, CALLBACK_MAX_BYTES)
  if (text === null) return answer(413, tooLarge)

  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return answer(400, { erreur: 'Corps du rappel invalide', raisons: ['corps : JSON attendu'] })
  }
  const parsed = callbackSchema.safeParse(json)
  if (!parsed.success) return answer(400, { erreur: 'Corps du rappel invalide', raisons: formatIssues(parsed.error) })

  const actionId = params.actionId ?? ''
  // Action ids are UUIDs: anything else cannot exist (and is not worth a query).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(actionId)) {
    return answer(404, { erreur: `Action inconnue : ${actionId.slice(0, 80)}` })
  }
  const result = await applyCallback(actionId, parsed.data)
  switch (result.kind) {
    case 'introuvable':
      return answer(404, { erreur: `Action inconnue : ${actionId}` })
    case 'invalide':
      return answer(400, { erreur: 'Corps du rappel invalide', raisons: result.raisons })
    case 'applique':
      return answer(200, { statut: result.statut })
    case 'doublon':
      return answer(200, { statut: result.statut, doublon: true })
    case 'contradiction':
      return answer(409, { erreur: result.message, statut: result.statut })
  }
}
