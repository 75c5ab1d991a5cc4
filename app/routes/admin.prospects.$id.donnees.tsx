// GET /admin/prospects/:id/donnees — "Exporter ses données": everything the app holds about the person, as a
// downloaded file, for a right-of-access request (RGPD, article 15).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireAdmin } from '~/auth/session.server'
import { isProspectId, unknownProspect } from '~/prospects/ids'
import { personalData } from '~/prospects/rgpd.server'
import { invariantResponse } from '~/utils/misc'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const data = isProspectId(params.id) ? await personalData(params.id) : null
  invariantResponse(data, () => unknownProspect(params.id))
  const day = data.exporteLe.slice(0, 10)
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="donnees-${data.prospect.id}-${day}.json"`,
      'Cache-Control': 'no-store',
    },
  })
}
