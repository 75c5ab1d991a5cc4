// GET /admin/prospects/export.csv with the list's filters and sort: every matching prospect, as the journal's export
// (semicolons, UTF-8 BOM, formulas neutralised, streamed, French headers). A bad parameter is refused (400) rather
// than silently exporting something else.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireAdmin } from '~/auth/session.server'
import { prospectsCsvStream } from '~/prospects/csv.server'
import { parseProspectFilters } from '~/prospects/filters'
import { listFormations } from '~/prospects/prospects.server'
import { csvFileName, csvResponse } from '~/utils/csv.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const params = new URL(request.url).searchParams
  // Paging is the screen's business: the export holds every matching prospect.
  params.delete('page')
  params.delete('taille')
  const formations = await listFormations()
  const { filters, warnings } = parseProspectFilters(params, formations.map((f) => f.id))
  if (warnings.length > 0) {
    return new Response(`Export impossible : ${warnings.join(' ')}`, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  return csvResponse(prospectsCsvStream(filters, formations), csvFileName('prospects'))
}
