// n8n's callback once an action's workflow is done: POST JSON { statut, resultat?, erreur? } with the shared
// secret in X-Callback-Secret. Authentication, size and shape: the shared n8n JSON guard.
import type { ActionFunctionArgs } from '@remix-run/node'
import { N8N_JSON_HANDLE } from '~/http/route-handle'
import { callbackSchema } from '~/n8n/contract'
import { n8nAnswer, n8nMethodNotAllowed, readN8nJson } from '~/n8n/json-request.server'
import { applyCallback } from '~/prospects/actions/callbacks.server'

/** The edge takes a JSON body of at most 64 KB here, not a form. */
export const handle = N8N_JSON_HANDLE

export async function loader() {
  return n8nMethodNotAllowed()
}

export async function action({ request, params }: ActionFunctionArgs) {
  const body = await readN8nJson(request, callbackSchema, 'Corps du rappel')
  if (!body.ok) return body.response

  const actionId = params.actionId ?? ''
  // Action ids are UUIDs: anything else cannot exist (and is not worth a query).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(actionId)) {
    return n8nAnswer(404, { erreur: `Action inconnue : ${actionId.slice(0, 80)}` })
  }
  const result = await applyCallback(actionId, body.data)
  switch (result.kind) {
    case 'introuvable':
      return n8nAnswer(404, { erreur: `Action inconnue : ${actionId}` })
    case 'invalide':
      return n8nAnswer(400, { erreur: 'Corps du rappel invalide', raisons: result.raisons })
    case 'applique':
      return n8nAnswer(200, { statut: result.statut })
    case 'doublon':
      return n8nAnswer(200, { statut: result.statut, doublon: true })
    case 'contradiction':
      return n8nAnswer(409, { erreur: result.message, statut: result.statut })
  }
}
