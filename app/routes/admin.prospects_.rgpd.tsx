// /admin/prospects/rgpd: prospects whose last contact is more than three years old (the CNIL's reference for
// prospects), oldest first, each with "Anonymiser", and "Tout anonymiser". Both open a confirmation step (child
// route) before anything is erased. Candidates are never listed.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, Outlet, useLoaderData, useLocation } from '@remix-run/react'
import { ArrowLeft, Eraser } from 'lucide-react'
import { requireAdmin } from '~/auth/session.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pagination } from '~/components/Pagination'
import { StatutBadge } from '~/components/StatutBadge'
import { RGPD_ANNEES } from '~/prospects/labels'
import { listExpired } from '~/prospects/rgpd.server'
import { formatDate, formatNumber } from '~/utils/format'
import { readPage } from '~/utils/list-params'

export const meta: MetaFunction = () => [{ title: 'Données anciennes (RGPD) — Prospects' }]

const TAILLE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  // A bad page number shows the first page (this short list has no message area).
  const page = readPage(new URL(request.url).searchParams, [])
  return listExpired({ page, taille: TAILLE })
}

export default function RgpdPage() {
  const { rows, total, page, pageCount, cutoff } = useLoaderData<typeof loader>()
  const { search } = useLocation()
  return (
    <section aria-labelledby="titre-rgpd" className="mx-auto max-w-4xl">
      <Link to="/admin/prospects" className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        Retour aux prospects
      </Link>
      <h1 id="titre-rgpd" className="mt-2 text-2xl font-semibold">
        Données anciennes (RGPD)
      </h1>
      <p className="mt-1 text-sm text-stone-700">
        La CNIL recommande de ne pas garder les données d’un prospect plus de {RGPD_ANNEES} ans après son dernier contact. Voici ceux dont le dernier
        contact date d’avant le {formatDate(cutoff)}. Anonymiser efface leurs nom, coordonnées, emails et notes ; les statistiques (statut, formation,
        source) restent. Les candidats ne sont jamais concernés.
      </p>
      {total === 0 ? (
        <p className="mt-6 rounded-lg border border-stone-200 bg-white p-6 text-center text-sm text-stone-600">
          Aucun prospect n’a dépassé {RGPD_ANNEES} ans sans contact : rien à anonymiser.
        </p>
      ) : (
        <>
          <div className="mt-4 flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm font-medium">
              {formatNumber(total)} prospect{total > 1 ? 's' : ''} à anonymiser
            </p>
            <Link to={`/admin/prospects/rgpd/anonymiser?tous=1${search ? `&${search.slice(1)}` : ''}`} className="btn-danger" preventScrollReset>
              <Eraser className="h-4 w-4" aria-hidden />
              Tout anonymiser ({formatNumber(total)})
            </Link>
          </div>
          <ul className="mt-3 divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" aria-label="Prospects sans contact depuis plus de trois ans">
            {rows.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm" data-testid="rgpd-prospect">
                <div className="min-w-0">
                  <Link to={`/admin/prospects/${p.id}`} className="font-medium hover:underline">
                    {p.prenom} {p.nom.toUpperCase()}
                  </Link>
                  <p className="flex flex-wrap items-center gap-2 text-stone-600">
                    <StatutBadge statut={p.statutProspect} />
                    <span>{p.formationSouhaitee?.nom ?? 'Formation non choisie'}</span>
                    <span>· dernier contact le {formatDate(p.dateDernierContact)}</span>
                  </p>
                </div>
                <Link to={`/admin/prospects/rgpd/anonymiser?id=${encodeURIComponent(p.id)}${page > 1 ? `&page=${page}` : ''}`} className="btn-secondary" preventScrollReset>
                  <Eraser className="h-4 w-4" aria-hidden />
                  Anonymiser<span className="sr-only"> {p.prenom} {p.nom.toUpperCase()}</span>
                </Link>
              </li>
            ))}
          </ul>
          <div className="mt-3">
            <Pagination page={page} pageCount={pageCount} total={total} label="prospects" hrefFor={(p) => `/admin/prospects/rgpd${p > 1 ? `?page=${p}` : ''}`} />
          </div>
        </>
      )}
      <Outlet />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
