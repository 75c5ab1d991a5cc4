// /admin/logs: the error journal in plain words — counters per severity, filters, entries with what to do, bulk
// resolve. The pieces live in app/journal/; this route loads, resolves and composes them.
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { FilterWarnings } from '~/components/FilterBar'
import { Pagination } from '~/components/Pagination'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { hasJournalFilters, journalSearch, parseJournalFilters } from '~/journal/filters'
import { JournalEntryList } from '~/journal/JournalEntryList'
import { JournalFilterForm } from '~/journal/JournalFilterForm'
import { listJournal, listWorkflows, meanTimeToResolution, resolveEntries } from '~/journal/journal.server'
import { bulkResolveSchema } from '~/journal/schemas'
import { SeveriteSummary } from '~/journal/SeveriteSummary'
import { formatNumber } from '~/utils/format'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Journal des erreurs — Back-office' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const workflows = await listWorkflows()
  const { filters, warnings } = parseJournalFilters(new URL(request.url).searchParams, workflows)
  const [mttr, result] = await Promise.all([meanTimeToResolution(), listJournal(filters)])
  return { workflows, mttr, filters: { ...filters, page: result.page }, warnings, ...result }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  const submission = parseWithZod(formData, { schema: bulkResolveSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const ids = [...new Set(submission.value.ids)]
  const changed = await resolveEntries(ids, user.nom)
  const url = new URL(request.url)
  const skipped = ids.length - changed
  return redirectWithToast(`${url.pathname}${url.search}`, {
    type: changed > 0 ? 'succes' : 'info',
    titre:
      changed > 0
        ? `${formatNumber(changed)} entrée${changed > 1 ? 's' : ''} marquée${changed > 1 ? 's' : ''} comme résolue${changed > 1 ? 's' : ''}`
        : 'Aucune entrée modifiée',
    description: skipped > 0 ? `${formatNumber(skipped)} étai${skipped > 1 ? 'ent' : 't'} déjà résolue${skipped > 1 ? 's' : ''} ou introuvable${skipped > 1 ? 's' : ''}.` : undefined,
  })
}

export default function JournalPage() {
  const { workflows, mttr, filters, warnings, rows, total, page, pageCount, counts } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const location = useLocation()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/admin/logs'
  const filtered = hasJournalFilters(filters)
  return (
    <section aria-labelledby="titre-journal">
      <div className="mb-4">
        <h1 id="titre-journal" className="text-2xl font-semibold">
          Journal des erreurs
        </h1>
        <p className="text-sm text-stone-600">Ce qui n’a pas abouti, du plus récent au plus ancien, avec ce qu’il faut faire.</p>
      </div>
      <SeveriteSummary filters={filters} counts={counts} mttr={mttr} />
      <JournalFilterForm filters={filters} workflows={workflows} filtered={filtered} loading={loading} />
      <FilterWarnings warnings={warnings} />
      <JournalEntryList rows={rows} filters={filters} search={location.search} filtered={filtered} loading={loading} lastResult={lastResult} />
      <div className="mt-3">
        <Pagination page={page} pageCount={pageCount} total={total} label="entrées" hrefFor={(p) => `/admin/logs${journalSearch({ ...filters, page: p })}`} />
      </div>
    </section>
  )
}
