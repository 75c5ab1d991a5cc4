// n8n's callback once an action's workflow is done: POST JSON { statut, resultat?, erreur? } with the shared
// secret in X-Callback-Secret. Authenticated by that secret (not by a session): checked first, in constant time.
import type { ActionFunctionArgs } from '@remix-run/node'
import { readLimited } from '~/http/guards.server'
import type { RouteHandle } from '~/http/route-handle'
import { isValidCallbackSecret } from '~/n8n/client.server'
import { CALLBACK_MAX_BYTES, CALLBACK_SECRET_HEADER, callbackSchema, formatIssues } from '~/n8n/contract'
import { applyCallback } from '~/prospects/actions/callbacks.server'

/** The edge takes a JSON body of at most 64 KB here, not a form. */
export const handle: RouteHandle = { requete: { corps: 'json', maxOctets: CALLBACK_MAX_BYTES } }

function answer(status: number, body: Record<string, unknown>) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
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
  // The edge already refused larger bodies; this holds when the action is called directly (tests).
  const bytes = await readLimited(request, CALLBACK_MAX_BYTES)
  if (bytes === null) return answer(413, tooLarge)
  const text = Buffer.from(bytes).toString('utf8')

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
