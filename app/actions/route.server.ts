// What every action route does first: an admin, a valid CSRF token, an existing prospect.
import { requireAdmin } from '~/auth/session.server'
import { isProspectId } from '~/prospects/prospects.server'
import { validateCsrf } from '~/utils/csrf.server'
import { db } from '~/utils/db.server'

export async function findProspectOr404(id: string | undefined) {
  const prospect = isProspectId(id)
    ? await db.prospect.findUnique({
        where: { id },
        select: {
          id: true,
          nom: true,
          prenom: true,
          emails: true,
          ville: true,
          statutProspect: true,
          formationSouhaiteeId: true,
          formationSouhaitee: { select: { nom: true } },
          candidat: { select: { numeroDossier: true } },
        },
      })
    : null
  if (!prospect) throw new Response(`Aucun prospect ne porte l’identifiant « ${String(id).slice(0, 60)} ».`, { status: 404 })
  return prospect
}

export async function prepareAction(request: Request, params: { id?: string }) {
  const user = await requireAdmin(request)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  const prospect = await findProspectOr404(params.id)
  return { user, formData, prospect }
}

/** The panel, keeping the list's filters that the action URL carried. */
export function panelUrl(request: Request, prospectId: string) {
  const params = new URLSearchParams(new URL(request.url).search)
  for (const internal of ['index', '_data', '_routes']) params.delete(internal)
  const search = params.toString()
  return `/admin/prospects/${prospectId}${search ? `?${search}` : ''}`
}
