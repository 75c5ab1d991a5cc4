import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, Outlet, useLoaderData, useLocation, useNavigation, useParams } from '@remix-run/react'
import { ArrowDown, ArrowUp, ArrowUpDown, Download, Eraser, UserPlus } from 'lucide-react'
import { FilterActions, FilterWarnings } from '~/components/FilterBar'
import { FilterSelect, PageSizeSelect, SearchField } from '~/components/FilterFields'
import { useLiveFilterForm } from '~/components/use-live-filter-form'
import { useEffect, useRef } from 'react'
import { Pagination } from '~/components/Pagination'
import { StatutBadge } from '~/components/StatutBadge'
import { requireAdmin } from '~/auth/session.server'
import { INACTIF_CHOIX, parseProspectFilters, prospectListSearch, TRIS, type ProspectFilters, type Tri } from '~/prospects/filters'
import { FINANCEMENTS, financementLabels, PAGE_SIZES, SOURCES, sourceLabels, sourceText, STATUTS_LISTES, statutLabels, type FinancementValue } from '~/prospects/labels'
import { listFormations, listProspects } from '~/prospects/prospects.server'
import { formatDate, formatDateTime } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: 'Prospects — Back-office' }]

export async function loader({ request }: LoaderFunctionArgs) {
  // The formations (the filter's choices) are read while the session is checked: nothing is sent unless it passes.
  const [, formations] = await Promise.all([requireAdmin(request), listFormations()])
  const { filters, warnings } = parseProspectFilters(new URL(request.url).searchParams, formations.map((f) => f.id))
  const result = await listProspects(filters, formations)
  return { formations, filters: { ...filters, page: result.page }, warnings, ...result }
}

export default function ProspectsPage() {
  const { formations, filters, warnings, rows, total, page, pageCount } = useLoaderData<typeof loader>()
  const params = useParams()
  const location = useLocation()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/admin/prospects'
  const hasFilters = Boolean(filters.statut || filters.formation || filters.financement || filters.source || filters.inactif || filters.q)
  const listSearch = prospectListSearch(filters)
  const panelOpen = Boolean(params.id)
  // Columns the panel and small screens fold away (all in the panel): Source, Échanges and Dernier contact stay in view.
  const secondary = panelOpen ? 'hidden 2xl:table-cell' : 'hidden md:table-cell'
  // Closing a panel brings the keyboard back to the prospect's row.
  const lastPanel = useRef(params.id)
  useEffect(() => {
    const closed = lastPanel.current
    lastPanel.current = params.id
    if (closed && !params.id) document.getElementById(`ligne-${closed}`)?.focus()
  }, [params.id])
  // With JavaScript, filters apply as they change; without it, the "Filtrer" button submits the GET form.
  const { formRef, onChange, onSubmit } = useLiveFilterForm({
    q: filters.q,
    statut: filters.statut ?? '',
    formation: filters.formation ?? '',
    financement: filters.financement ?? '',
    source: filters.source ?? '',
    inactif: filters.inactif ? String(filters.inactif) : '',
    taille: String(filters.taille),
  })
  return (
    <div className="flex gap-4">
      <section aria-labelledby="titre-prospects" className={`min-w-0 flex-1 ${panelOpen ? 'hidden xl:block' : ''}`}>
        <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 id="titre-prospects" className="text-2xl font-semibold">
              Prospects
            </h1>
            <p className="text-sm text-stone-600">Du premier contact à l’inscription. Les candidats sont sur leur propre page.</p>
          </div>
          {/* Issue 12: new prospect, export of the filtered list, RGPD. */}
          <div className="flex flex-wrap gap-2">
            <Link to={`/admin/prospects/nouveau${listSearch}`} className="btn-primary" preventScrollReset>
              <UserPlus className="h-4 w-4" aria-hidden />
              Nouveau prospect
            </Link>
            <a href={`/admin/prospects/export.csv${prospectListSearch({ ...filters, page: 1, taille: undefined })}`} className="btn-secondary" download>
              <Download className="h-4 w-4" aria-hidden />
              Exporter en CSV
            </a>
            <Link to="/admin/prospects/rgpd" className="btn-secondary">
              <Eraser className="h-4 w-4" aria-hidden />
              Données anciennes (RGPD)
            </Link>
          </div>
        </div>
        <Form
          ref={formRef}
          method="get"
          action="/admin/prospects"
          role="search"
          aria-label="Filtrer les prospects"
          className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-stone-200 bg-white p-3 md:grid-cols-6"
          onChange={onChange}
          onSubmit={onSubmit}
        >
          <div className="col-span-2">
            <SearchField id="filtre-q" defaultValue={filters.q} placeholder="Nom, email ou téléphone" />
          </div>
          <div>
            <FilterSelect id="filtre-statut" name="statut" label="Statut" allLabel="Tous" defaultValue={filters.statut ?? ''} options={STATUTS_LISTES.map((s) => ({ value: s, label: statutLabels[s] }))} />
          </div>
          <div>
            <FilterSelect id="filtre-formation" name="formation" label="Formation" allLabel="Toutes" defaultValue={filters.formation ?? ''} options={formations.map((f) => ({ value: f.id, label: f.nom }))} />
          </div>
          <div>
            <FilterSelect id="filtre-financement" name="financement" label="Financement" allLabel="Tous" defaultValue={filters.financement ?? ''} options={FINANCEMENTS.map((f) => ({ value: f, label: financementLabels[f] }))} />
          </div>
          <div>
            <FilterSelect id="filtre-source" name="source" label="Source" allLabel="Toutes" defaultValue={filters.source ?? ''} options={SOURCES.map((s) => ({ value: s, label: sourceLabels[s] }))} />
          </div>
          <div>
            <FilterSelect
              id="filtre-inactif"
              name="inactif"
              label="Sans contact depuis"
              allLabel="Peu importe"
              defaultValue={filters.inactif ? String(filters.inactif) : ''}
              options={[...new Set<number>([...INACTIF_CHOIX, ...(filters.inactif ? [filters.inactif] : [])])]
                .sort((a, b) => a - b)
                .map((n) => ({ value: String(n), label: n === 365 ? 'plus d’un an' : `plus de ${n} jours` }))}
            />
          </div>
          {/* The sort stays when filters change (the column headers set it). */}
          {filters.tri !== 'dernierContact' ? <input type="hidden" name="tri" value={filters.tri} /> : null}
          {filters.ordre !== TRIS[filters.tri].ordre ? <input type="hidden" name="ordre" value={filters.ordre} /> : null}
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <PageSizeSelect sizes={PAGE_SIZES} defaultValue={filters.taille} />
            </div>
          </div>
          <div className="col-span-2 flex items-center gap-2 md:col-span-6">
            <FilterActions resetTo="/admin/prospects" filtered={hasFilters} loading={loading} />
          </div>
        </Form>
        <FilterWarnings warnings={warnings} />
        <div className={`overflow-x-auto rounded-lg border border-stone-200 bg-white transition-opacity ${loading ? 'opacity-60' : ''}`}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              Liste des prospects, triés par {TRIS[filters.tri].label.toLowerCase()} ({filters.ordre === 'asc' ? 'croissant' : 'décroissant'})
            </caption>
            <thead className="border-b border-stone-200 bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
              <tr>
                <SortHeader tri="nom" filters={filters}>Nom prénom</SortHeader>
                <th scope="col" className={`px-3 py-2 ${secondary}`}>Email</th>
                <th scope="col" className={`px-3 py-2 ${secondary}`}>Téléphone</th>
                <SortHeader tri="formation" filters={filters}>Formation souhaitée</SortHeader>
                <th scope="col" className={`px-3 py-2 ${secondary}`}>Financement</th>
                <SortHeader tri="statut" filters={filters}>Statut</SortHeader>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">Source</th>
                <th scope="col" className="hidden px-3 py-2 text-right sm:table-cell">Échanges</th>
                <SortHeader tri="dernierContact" filters={filters} second={{ tri: 'premierContact', label: 'Premier' }}>
                  Dernier contact
                </SortHeader>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={9} className="px-3 py-10 text-center text-stone-500">
                    {hasFilters ? 'Aucun prospect ne correspond à ces filtres.' : 'Aucun prospect pour le moment.'}
                  </td>
                </tr>
              ) : (
                rows.map((p) => {
                  const selected = params.id === p.id
                  return (
                    <tr key={p.id} className={`border-b border-stone-100 last:border-0 ${selected ? 'bg-brand-50' : 'hover:bg-stone-50'}`} aria-selected={selected || undefined}>
                      <td className="px-3 py-2 font-medium">
                        <Link id={`ligne-${p.id}`} to={`/admin/prospects/${p.id}${listSearch}`} className="hover:underline" preventScrollReset prefetch="intent">
                          {p.nom.toUpperCase()} {p.prenom}
                        </Link>
                      </td>
                      <td className={`max-w-56 truncate px-3 py-2 ${secondary}`}>{p.emails[0] ?? '—'}</td>
                      <td className={`whitespace-nowrap px-3 py-2 ${secondary}`}>{p.telephones[0] ?? '—'}</td>
                      <td className="px-3 py-2">{p.formationSouhaitee?.nom ?? '—'}</td>
                      <td className={`px-3 py-2 ${secondary}`}>{p.modeFinancement ? financementLabels[p.modeFinancement as FinancementValue] : '—'}</td>
                      <td className="px-3 py-2">
                        <StatutBadge statut={p.statutProspect} />
                      </td>
                      <td className="hidden px-3 py-2 sm:table-cell" title={sourceText(p.source, p.sourcePrecision) ?? undefined}>
                        {p.source ? sourceLabels[p.source] : (p.sourcePrecision ?? '—')}
                      </td>
                      <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{p.nbEchanges}</td>
                      <td className="whitespace-nowrap px-3 py-2">
                        {formatDateTime(p.dateDernierContact)}
                        <span className="block text-xs text-stone-600">1er : {formatDate(p.datePremierContact)}</span>
                      </td>
                    </tr>
                  )
                })
              )}
            </tbody>
          </table>
        </div>
        <div className="mt-3">
          <Pagination
            page={page}
            pageCount={pageCount}
            total={total}
            label="prospects"
            hrefFor={(p) => `${location.pathname}${prospectListSearch({ ...filters, page: p })}`}
          />
        </div>
      </section>
      <Outlet />
    </div>
  )
}

/** The link that sorts by `tri`: switches the order when it is the current sort, else starts with the sort's own. */
function SortLink({ tri, filters, children, className = '' }: { tri: Tri; filters: ProspectFilters; children: React.ReactNode; className?: string }) {
  const active = filters.tri === tri
  const ordre = active ? (filters.ordre === 'asc' ? 'desc' : 'asc') : TRIS[tri].ordre
  const Icon = active ? (filters.ordre === 'asc' ? ArrowUp : ArrowDown) : ArrowUpDown
  return (
    <Link
      to={`/admin/prospects${prospectListSearch({ ...filters, tri, ordre, page: 1 })}`}
      className={`inline-flex items-center gap-1 uppercase hover:text-stone-900 hover:underline ${active ? 'text-stone-900' : ''} ${className}`}
      preventScrollReset
    >
      {children}
      <Icon className="h-3.5 w-3.5 shrink-0" aria-hidden />
      <span className="sr-only">{active ? `, trié ${filters.ordre === 'asc' ? 'croissant' : 'décroissant'} : inverser` : ' : trier'}</span>
    </Link>
  )
}

/**
 * A column header that sorts the list: plain links (they work without JavaScript). The sorted column says its
 * order to screen readers (aria-sort). `second` adds a smaller link for a second sort shown in the same column.
 */
function SortHeader({ tri, filters, children, second }: { tri: Tri; filters: ProspectFilters; children: React.ReactNode; second?: { tri: Tri; label: string } }) {
  const sorted = filters.tri === tri ? filters.ordre : second && filters.tri === second.tri ? filters.ordre : null
  // `relative` keeps the links' screen-reader text inside the table's scroll area (no sideways page scroll).
  return (
    <th scope="col" className="relative px-3 py-2" aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}>
      <SortLink tri={tri} filters={filters}>
        {children}
      </SortLink>
      {second ? (
        <SortLink tri={second.tri} filters={filters} className="mt-0.5 flex text-[11px] font-normal">
          {second.label}
        </SortLink>
      ) : null}
    </th>
  )
}
