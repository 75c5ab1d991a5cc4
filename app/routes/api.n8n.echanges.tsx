// POST /api/n8n/echanges: one email of a known prospect (by `prospect` id or `email`), JSON with X-Callback-Secret.
// 201 { id, echange }; an unknown prospect is a 404 with the reason; the same messageId again changes nothing.
import type { ActionFunctionArgs } from '@remix-run/node'
import { N8N_JSON_HANDLE } from '~/http/route-handle'
import { intakeEchangeSchema } from '~/n8n/intake-contract'
import { n8nAnswer, n8nMethodNotAllowed, readN8nJson } from '~/n8n/json-request.server'
import { receiveExchange } from '~/prospects/intake.server'

/** The edge takes a JSON body of at most 64 KB here, not a form. */
export const handle = N8N_JSON_HANDLE

export async function loader() {
  return n8nMethodNotAllowed()
}

export async function action({ request }: ActionFunctionArgs) {
  const body = await readN8nJson(request, intakeEchangeSchema, 'Échange')
  if (!body.ok) return body.response
  const outcome = await receiveExchange(body.data)
  if (outcome.kind === 'inconnu') return n8nAnswer(404, { erreur: outcome.message })
  return n8nAnswer(201, { id: outcome.id, echange: outcome.echange, ...(outcome.doublon ? { doublon: true } : {}) })
}
