import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSubmit } from '@remix-run/react'
import { CheckCheck, Clock, Download, Search } from 'lucide-react'
import { FilterActions, FilterWarnings } from '~/components/FilterBar'
import { useEffect, useRef, useState } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { Pagination } from '~/components/Pagination'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { hasJournalFilters, journalSearch, parseJournalFilters } from '~/journal/filters'
import { listJournal, listWorkflows, meanTimeToResolution, resolveEntries } from '~/journal/journal.server'
import { formatDuree, JOURNAL_PAGE_SIZES, SEVERITES, severiteLabels, severiteStyles } from '~/journal/labels'
import { bulkResolveSchema } from '~/journal/schemas'
import { SeveriteBadge } from '~/journal/SeveriteBadge'
import { formatDateTime, formatNumber } from '~/utils/format'
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
  const submit = useSubmit()
  const hydrated = useHydrated()
  const filterRef = useRef<HTMLFormElement>(null)
  const debounce = useRef<ReturnType<typeof setTimeout>>()
  const tableRef = useRef<HTMLTableElement>(null)
  const [selectedCount, setSelectedCount] = useState(0)
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/admin/logs'
  const resolving = navigation.state === 'submitting' && navigation.formAction?.startsWith('/admin/logs') && navigation.formMethod === 'POST'
  const listSearch = journalSearch(filters)
  const filtered = hasJournalFilters(filters)
  const allCount = SEVERITES.reduce((sum, s) => sum + counts[s], 0)
  const unresolvedOnPage = rows.filter((r) => !r.resolu)

  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(bulkResolveSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bulkResolveSchema }),
  })

  // Checkboxes stay plain form fields (they work before JavaScript loads); the count and "select all" read the DOM.
  const boxes = () => [...(tableRef.current?.querySelectorAll<HTMLInputElement>('input[name="ids"]') ?? [])]
  const recount = () => setSelectedCount(boxes().filter((b) => b.checked).length)
  useEffect(recount, [rows])

  // With JavaScript, filters apply as they change; without it, the "Filtrer" button submits the GET form.
  const applySoon = (delay: number) => {
    clearTimeout(debounce.current)
    debounce.current = setTimeout(() => {
      if (filterRef.current) submit(filterRef.current, { replace: true, preventScrollReset: true })
    }, delay)
  }
  // Client-side navigations keep the filter form mounted: bring its fields in line with the URL.
  useEffect(() => {
    const el = filterRef.current
    if (!el) return
    const values: Record<string, string> = {
      q: filters.q,
      severite: filters.severite ?? '',
      resolu: filters.resolu ?? '',
      workflow: filters.workflow ?? '',
      du: filters.du ?? '',
      au: filters.au ?? '',
      taille: String(filters.taille),
    }
    for (const [name, value] of Object.entries(values)) {
      const field = el.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null
      if (field && field !== document.activeElement) field.value = value
    }
  }, [filters])

  const allSelected = unresolvedOnPage.length > 0 && selectedCount === unresolvedOnPage.length

  return (
    <section aria-labelledby="titre-journal">
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 id="titre-journal" className="text-2xl font-semibold">
            Journal des erreurs
          </h1>
          <p className="text-sm text-stone-600">Les échecs des workflows n8n et de l’application, du plus récent au plus ancien.</p>
        </div>
      </div>

      <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <nav aria-label="Entrées par sévérité" className="contents">
          <SeveriteCard
            href={`/admin/logs${journalSearch({ ...filters, severite: null, page: 1 })}`}
            label="Toutes"
            count={allCount}
            current={!filters.severite}
            className="bg-stone-100 text-stone-900"
          />
          {SEVERITES.map((s) => (
            <SeveriteCard
              key={s}
              href={`/admin/logs${journalSearch({ ...filters, severite: s, page: 1 })}`}
              label={severiteLabels[s]}
              count={counts[s]}
              current={filters.severite === s}
              className={severiteStyles[s]}
            />
          ))}
        </nav>
        <div className="col-span-2 rounded-lg border border-stone-200 bg-white p-3 md:col-span-1" data-testid="mttr">
          <p className="flex items-center gap-1 text-xs uppercase tracking-wide text-stone-500">
            <Clock className="h-3.5 w-3.5" aria-hidden />
            Temps moyen de résolution
          </p>
          <p className="mt-1 text-xl font-semibold tabular-nums">{formatDuree(mttr.moyenneMs)}</p>
          <p className="text-xs text-stone-500">
            {mttr.nombre > 0
              ? `sur ${formatNumber(mttr.nombre)} entrée${mttr.nombre > 1 ? 's' : ''} résolue${mttr.nombre > 1 ? 's' : ''} en 30 jours`
              : 'aucune entrée résolue ces 30 derniers jours'}
          </p>
        </div>
      </div>

      <Form
        ref={filterRef}
        method="get"
        action="/admin/logs"
        role="search"
        aria-label="Filtrer le journal"
        className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-stone-200 bg-white p-3 md:grid-cols-4 xl:grid-cols-8"
        onChange={(e) => {
          const target = e.target as HTMLInputElement
          // Text and dates are debounced (a date is typed in three parts); lists apply at once.
          if (target.type === 'search' || target.type === 'date') applySoon(target.type === 'date' ? 600 : 350)
          else applySoon(0)
        }}
      >
        <div className="col-span-2">
          <label htmlFor="filtre-q" className="label">
            Recherche dans le message
          </label>
          <div className="relative">
            <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-stone-400" aria-hidden />
            <input id="filtre-q" name="q" type="search" defaultValue={filters.q} placeholder="Délai dépassé, 403, Gmail…" className="input pl-8" maxLength={100} />
          </div>
        </div>
        <div>
          <label htmlFor="filtre-severite" className="label">
            Sévérité
          </label>
          <select id="filtre-severite" name="severite" defaultValue={filters.severite ?? ''} className="input">
            <option value="">Toutes</option>
            {SEVERITES.map((s) => (
              <option key={s} value={s}>
                {severiteLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filtre-resolu" className="label">
            État
          </label>
          <select id="filtre-resolu" name="resolu" defaultValue={filters.resolu ?? ''} className="input">
            <option value="">Toutes</option>
            <option value="non">Non résolues</option>
            <option value="oui">Résolues</option>
          </select>
        </div>
        <div className="col-span-2">
          <label htmlFor="filtre-workflow" className="label">
            Workflow
          </label>
          <select id="filtre-workflow" name="workflow" defaultValue={filters.workflow ?? ''} className="input">
            <option value="">Tous</option>
            {workflows.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filtre-du" className="label">
            Du
          </label>
          <input id="filtre-du" name="du" type="date" defaultValue={filters.du ?? ''} className="input" />
        </div>
        <div>
          <label htmlFor="filtre-au" className="label">
            Au
          </label>
          <input id="filtre-au" name="au" type="date" defaultValue={filters.au ?? ''} className="input" />
        </div>
        <div className="col-span-2 flex flex-wrap items-end gap-2 md:col-span-4 xl:col-span-8">
          <div className="w-28">
            <label htmlFor="filtre-taille" className="label">
              Par page
            </label>
            <select id="filtre-taille" name="taille" defaultValue={String(filters.taille)} className="input">
              {JOURNAL_PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <FilterActions resetTo="/admin/logs" filtered={filtered} loading={loading} statusClassName="pb-2" />
        </div>
      </Form>

      <FilterWarnings warnings={warnings} />

      <Form method="post" action={`/admin/logs${location.search}`} {...getFormProps(form)} aria-label="Entrées du journal" onChange={recount}>
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="resoudre-selection" />
        <div className="mb-2 flex min-h-10 flex-wrap items-center gap-3">
          <button type="submit" className="btn-secondary" disabled={resolving || unresolvedOnPage.length === 0}>
            <CheckCheck className="h-4 w-4" aria-hidden />
            {resolving ? 'Enregistrement…' : 'Marquer la sélection comme résolue'}
          </button>
          {/* On the left like every action of the page: live toasts stack on the top right of the screen. */}
          <a href={`/admin/logs/export.csv${journalSearch({ ...filters, page: 1, taille: undefined })}`} className="btn-secondary" download>
            <Download className="h-4 w-4" aria-hidden />
            Exporter en CSV
          </a>
          {hydrated ? (
            <span className="text-sm text-stone-600" aria-live="polite">
              {selectedCount > 0 ? `${selectedCount} sélectionnée${selectedCount > 1 ? 's' : ''}` : ''}
            </span>
          ) : null}
          <p id={form.errorId} role="alert" className="text-sm text-red-700">
            {[...(form.errors ?? []), ...(fields.ids.errors ?? [])].join(' ')}
          </p>
        </div>
        <div className={`overflow-x-auto rounded-lg border border-stone-200 bg-white transition-opacity ${loading ? 'opacity-60' : ''}`}>
          <table ref={tableRef} className="w-full text-left text-sm">
            <caption className="sr-only">Entrées du journal, de la plus récente à la plus ancienne</caption>
            <thead className="border-b border-stone-200 bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
              <tr>
                <th scope="col" className="w-10 px-3 py-2">
                  {hydrated ? (
                    <input
                      type="checkbox"
                      aria-label="Sélectionner toutes les entrées non résolues de la page"
                      checked={allSelected}
                      disabled={unresolvedOnPage.length === 0}
                      onChange={(e) => {
                        for (const box of boxes()) box.checked = e.target.checked
                        recount()
                      }}
                      className="h-4 w-4"
                    />
                  ) : (
                    <span className="sr-only">Sélection</span>
                  )}
                </th>
                <th scope="col" className="px-3 py-2">Date</th>
                <th scope="col" className="px-3 py-2">Sévérité</th>
                <th scope="col" className="px-3 py-2">Workflow · nœud</th>
                <th scope="col" className="px-3 py-2">Message</th>
                <th scope="col" className="px-3 py-2">État</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={6} className="px-3 py-10 text-center text-stone-500">
                    {filtered ? 'Aucune entrée ne correspond à ces filtres.' : 'Aucune erreur enregistrée : tout fonctionne.'}
                  </td>
                </tr>
              ) : (
                rows.map((r) => (
                  <tr key={r.id} className="border-b border-stone-100 align-top last:border-0 hover:bg-stone-50" data-testid="entree-journal">
                    <td className="px-3 py-2">
                      {r.resolu ? null : (
                        <input
                          type="checkbox"
                          name="ids"
                          value={r.id}
                          aria-label={`Sélectionner l’entrée n° ${r.id}`}
                          className="h-4 w-4"
                        />
                      )}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">
                      <time dateTime={new Date(r.dateErreur).toISOString()}>{formatDateTime(r.dateErreur)}</time>
                    </td>
                    <td className="px-3 py-2">
                      <SeveriteBadge severite={r.severite} />
                    </td>
                    <td className="px-3 py-2">
                      <div className="font-medium">{r.nomWorkflow}</div>
                      <div className="text-xs text-stone-500">{r.nomNoeud}</div>
                    </td>
                    <td className="max-w-xl px-3 py-2">
                      <Link to={`/admin/logs/${r.id}${listSearch}`} className="line-clamp-2 break-words underline decoration-stone-300 underline-offset-2 hover:decoration-stone-700" aria-label={`Entrée n° ${r.id} : ${r.messageErreur}`}>
                        {r.messageErreur}
                      </Link>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">
                      {r.resolu ? (
                        <span className="text-emerald-800">
                          Résolue
                          <span className="block text-xs text-stone-500">
                            {r.resoluPar ?? '—'}, {formatDateTime(r.dateResolution)}
                          </span>
                        </span>
                      ) : (
                        <span className="font-medium text-red-800">Non résolue</span>
                      )}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      </Form>
      <div className="mt-3">
        <Pagination page={page} pageCount={pageCount} total={total} label="entrées" hrefFor={(p) => `/admin/logs${journalSearch({ ...filters, page: p })}`} />
      </div>
    </section>
  )
}

function SeveriteCard({ href, label, count, current, className }: { href: string; label: string; count: number; current: boolean; className: string }) {
  return (
    <Link
      to={href}
      aria-current={current ? 'true' : undefined}
      className={`rounded-lg border p-3 transition hover:shadow-sm ${current ? 'border-stone-900 ring-2 ring-stone-900' : 'border-stone-200'} ${className}`}
      data-testid={`compte-${label}`}
    >
      <span className="block text-xs uppercase tracking-wide opacity-80">{label}</span>
      <span className="block text-xl font-semibold tabular-nums">{formatNumber(count)}</span>
    </Link>
  )
}
