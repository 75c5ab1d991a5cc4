import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireAdmin } from '~/auth/session.server'
import { csvFileName, journalCsvStream } from '~/journal/csv.server'
import { csvResponse } from '~/utils/csv.server'
import { parseJournalFilters } from '~/journal/filters'
import { listWorkflows } from '~/journal/journal.server'

/**
 * GET /admin/logs/export.csv with the list's filters. A browser download, so an anonymous visitor is sent to the
 * login page like any page. A bad parameter is refused (400) rather than silently exporting something else.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const params = new URL(request.url).searchParams
  // Paging is the screen's business: the export holds every matching entry.
  params.delete('page')
  params.delete('taille')
  const { filters, warnings } = parseJournalFilters(params, await listWorkflows())
  if (warnings.length > 0) {
    return new Response(`Export impossible : ${warnings.join(' ')}`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    })
  }
  return csvResponse(journalCsvStream(filters), csvFileName())
}
