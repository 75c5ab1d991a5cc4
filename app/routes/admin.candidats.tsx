// /admin/candidats: the converted prospects — search (name, email, phone, dossier number), formation and session
// filters, sort links, pages; each candidate opens their own page. Works without JavaScript; filters apply live
// with it.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { ExternalLink } from 'lucide-react'
import { FilterActions, FilterWarnings } from '~/components/FilterBar'
import { FilterSelect, SearchField } from '~/components/FilterFields'
import { Pagination } from '~/components/Pagination'
import { useLiveFilterForm } from '~/components/use-live-filter-form'
import { requireAdmin } from '~/auth/session.server'
import { formationsEtSessions, listCandidats } from '~/candidats/candidats.server'
import { candidatSearch, hasCandidatFilters, parseCandidatFilters, TRIS, triLabels } from '~/candidats/filters'
import { statutDossierLabels, statutDossierStyles } from '~/candidats/labels'
import { formatDate, formatDateTime, nomComplet } from '~/utils/format'
import { safeHttpUrl } from '~/utils/url'

export const meta: MetaFunction = () => [{ title: 'Candidats — Back-office' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const formations = await formationsEtSessions()
  const { filters, warnings } = parseCandidatFilters(new URL(request.url).searchParams, {
    formations: formations.map((f) => f.id),
    sessions: formations.flatMap((f) => f.sessions),
  })
  const result = await listCandidats(filters)
  return { formations, filters: { ...filters, page: result.page }, warnings, ...result }
}

export default function CandidatsPage() {
  const { formations, filters, warnings, rows, total, page, pageCount } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/admin/candidats'
  const filtered = hasCandidatFilters(filters)
  const { formRef, onChange, onSubmit } = useLiveFilterForm({ q: filters.q, formation: filters.formation ?? '', session: filters.session ?? '' })
  const listSearch = candidatSearch(filters)
  // Sessions follow the chosen formation; without one, every session is offered, grouped by formation.
  const sessionGroups = filters.formation ? formations.filter((f) => f.id === filters.formation) : formations
  return (
    <section aria-labelledby="titre-candidats">
      <div className="mb-4">
        <h1 id="titre-candidats" className="text-2xl font-semibold">
          Candidats
        </h1>
        <p className="text-sm text-stone-600">Les prospects convertis. Cliquez sur un candidat pour suivre son dossier.</p>
      </div>

      <Form
        ref={formRef}
        method="get"
        action="/admin/candidats"
        role="search"
        aria-label="Filtrer les candidats"
        className="mb-3 grid grid-cols-2 gap-3 rounded-lg border border-stone-200 bg-white p-3 md:grid-cols-4"
        onChange={onChange}
        onSubmit={onSubmit}
      >
        {filters.tri === 'recent' ? null : <input type="hidden" name="tri" value={filters.tri} />}
        <div className="col-span-2">
          <SearchField id="filtre-q" defaultValue={filters.q} placeholder="Nom, email, téléphone ou n° de dossier" />
        </div>
        <div className="col-span-2 md:col-span-1">
          <FilterSelect
            id="filtre-formation"
            name="formation"
            label="Formation"
            defaultValue={filters.formation ?? ''}
            allLabel="Toutes"
            options={formations.map((f) => ({ value: f.id, label: f.nom }))}
          />
        </div>
        <div className="col-span-2 md:col-span-1">
          <FilterSelect
            id="filtre-session"
            name="session"
            label="Session"
            defaultValue={filters.session ?? ''}
            allLabel="Toutes"
            groups={sessionGroups.map((f) => ({ label: f.nom, options: f.sessions.map((s) => ({ value: s.id, label: s.libelle })) }))}
          />
        </div>
        <div className="col-span-2 flex flex-wrap items-center gap-2 md:col-span-4">
          <FilterActions resetTo="/admin/candidats" filtered={filtered} loading={loading} />
        </div>
      </Form>

      <FilterWarnings warnings={warnings} />

      <nav aria-label="Trier les candidats" className="mb-3 flex flex-wrap items-center gap-1 text-sm">
        <span className="mr-1 text-stone-600">Trier par :</span>
        {TRIS.map((tri) => (
          <Link
            key={tri}
            to={`/admin/candidats${candidatSearch({ ...filters, tri, page: 1 })}`}
            aria-current={filters.tri === tri ? 'true' : undefined}
            className={`rounded-md px-2 py-1 ${filters.tri === tri ? 'bg-stone-900 text-white' : 'text-stone-700 underline underline-offset-2 hover:bg-stone-100'}`}
          >
            {triLabels[tri]}
          </Link>
        ))}
      </nav>

      <div className={`overflow-x-auto rounded-lg border border-stone-200 bg-white transition-opacity ${loading ? 'opacity-60' : ''}`}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Candidats, triés par {triLabels[filters.tri].toLowerCase()}</caption>
          <thead className="border-b border-stone-200 bg-stone-50 text-xs uppercase tracking-wide text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2">Candidat</th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">Numéro de dossier</th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">Formation</th>
              <th scope="col" className="hidden px-3 py-2 lg:table-cell">Session</th>
              <th scope="col" className="px-3 py-2">Statut du dossier</th>
              <th scope="col" className="hidden px-3 py-2 lg:table-cell">Dossier Google Drive</th>
              <th scope="col" className="hidden px-3 py-2 xl:table-cell">Converti le</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-10 text-center text-stone-600">
                  {filtered ? 'Aucun candidat ne correspond à ces filtres.' : 'Aucun candidat pour le moment.'}
                </td>
              </tr>
            ) : (
              rows.map((c) => (
                <tr key={c.id} className="border-b border-stone-100 align-top last:border-0 hover:bg-stone-50" data-testid="candidat">
                  <td className="px-3 py-2">
                    <Link to={`/admin/candidats/${c.id}${listSearch}`} className="font-medium underline decoration-stone-300 underline-offset-2 hover:decoration-stone-900">
                      {nomComplet(c.prospect)}
                    </Link>
                    {/* On a phone the hidden columns' essentials stay under the name. */}
                    <span className="block text-xs text-stone-600 md:hidden">
                      {c.numeroDossier} · {c.formation.nom} · {c.session.libelle}
                    </span>
                  </td>
                  <td className="hidden whitespace-nowrap px-3 py-2 font-mono text-xs md:table-cell" data-testid="numero-dossier">
                    {c.numeroDossier}
                  </td>
                  <td className="hidden px-3 py-2 md:table-cell">{c.formation.nom}</td>
                  <td className="hidden px-3 py-2 lg:table-cell">
                    {c.session.libelle} <span className="text-stone-600">({formatDate(c.session.dateDebut)})</span>
                  </td>
                  <td className="px-3 py-2">
                    <span className={`badge ${statutDossierStyles[c.statutDossier]}`}>{statutDossierLabels[c.statutDossier]}</span>
                  </td>
                  <td className="hidden px-3 py-2 lg:table-cell">
                    {safeHttpUrl(c.driveFolderUrl) ? (
                      <a href={safeHttpUrl(c.driveFolderUrl)!} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-brand-700 underline">
                        <ExternalLink className="h-3.5 w-3.5" aria-hidden />
                        Ouvrir
                        <span className="sr-only"> le dossier {c.numeroDossier}</span>
                      </a>
                    ) : (
                      <span className="text-stone-600">En attente</span>
                    )}
                  </td>
                  <td className="hidden whitespace-nowrap px-3 py-2 xl:table-cell">{formatDateTime(c.dateConversion)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="mt-3">
        <Pagination page={page} pageCount={pageCount} total={total} label="candidats" hrefFor={(p) => `/admin/candidats${candidatSearch({ ...filters, page: p })}`} />
      </div>
    </section>
  )
}
