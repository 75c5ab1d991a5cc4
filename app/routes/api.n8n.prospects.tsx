// POST /api/n8n/prospects: a contact from outside (website form, school inbox), JSON with X-Callback-Secret.
// 201 { id, cree: true } for a new prospect, 200 { id, cree: false } when it matched one (by email or phone);
// the same reference again gives the same answer (with doublon: true) and changes nothing.
import type { ActionFunctionArgs } from '@remix-run/node'
import { N8N_JSON_HANDLE } from '~/http/route-handle'
import { intakeProspectSchema } from '~/n8n/intake-contract'
import { n8nAnswer, n8nMethodNotAllowed, readN8nJson } from '~/n8n/json-request.server'
import { receiveContact } from '~/prospects/intake.server'

/** The edge takes a JSON body of at most 64 KB here, not a form. */
export const handle = N8N_JSON_HANDLE

export async function loader() {
  return n8nMethodNotAllowed()
}

export async function action({ request }: ActionFunctionArgs) {
  const body = await readN8nJson(request, intakeProspectSchema, 'Contact')
  if (!body.ok) return body.response
  const outcome = await receiveContact(body.data)
  return n8nAnswer(outcome.cree ? 201 : 200, {
    id: outcome.id,
    cree: outcome.cree,
    ...(outcome.doublon ? { doublon: true } : {}),
    ...(outcome.avertissements.length ? { avertissements: outcome.avertissements } : {}),
  })
}
