import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ExternalLink } from 'lucide-react'
import { Pagination } from '~/components/Pagination'
import { requireAdmin } from '~/auth/session.server'
import { listCandidats } from '~/candidats/candidats.server'
import { statutDossierLabels, statutDossierStyles } from '~/candidats/labels'
import { formatDate, formatDateTime } from '~/utils/format'
import { safeHttpUrl } from '~/utils/url'

export const meta: MetaFunction = () => [{ title: 'Candidats — Back-office' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const raw = new URL(request.url).searchParams.get('page')
  const page = raw && /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1
  return { ...(await listCandidats({ page })), warning: raw !== null && String(page) !== raw ? 'Numéro de page invalide : première page affichée.' : null }
}

export default function CandidatsPage() {
  const { rows, total, page, pageCount, warning } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="titre-candidats">
      <div className="mb-4">
        <h1 id="titre-candidats" className="text-2xl font-semibold">
          Candidats
        </h1>
        <p className="text-sm text-stone-600">Les prospects convertis, du plus récent au plus ancien.</p>
      </div>
      {warning ? (
        <p role="status" className="mb-3 rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          {warning}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Liste des candidats, triés par date de conversion</caption>
          <thead className="border-b border-stone-200 bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
            <tr>
              <th scope="col" className="px-3 py-2">Numéro de dossier</th>
              <th scope="col" className="px-3 py-2">Nom prénom</th>
              <th scope="col" className="px-3 py-2">Formation</th>
              <th scope="col" className="px-3 py-2">Session</th>
              <th scope="col" className="px-3 py-2">Statut du dossier</th>
              <th scope="col" className="px-3 py-2">Dossier Google Drive</th>
              <th scope="col" className="px-3 py-2">Converti le</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-3 py-10 text-center text-stone-500">
                  Aucun candidat pour le moment.
                </td>
              </tr>
            ) : (
              rows.map((c) => (
                <tr key={c.id} className="border-b border-stone-100 last:border-0 hover:bg-stone-50" data-testid="candidat">
                  <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{c.numeroDossier}</td>
                  <td className="px-3 py-2 font-medium">
                    <Link to={`/admin/prospects/${c.prospect.id}`} className="hover:underline">
                      {c.prospect.nom.toUpperCase()} {c.prospect.prenom}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{c.formation.nom}</td>
                  <td className="px-3 py-2">
                    {c.session.libelle} <span className="text-stone-500">({formatDate(c.session.dateDebut)})</span>
                  </td>
                  <td className="px-3 py-2">
                    <span className={`badge ${statutDossierStyles[c.statutDossier]}`}>{statutDossierLabels[c.statutDossier]}</span>
                  </td>
                  <td className="px-3 py-2">
                    {safeHttpUrl(c.driveFolderUrl) ? (
                      <a href={safeHttpUrl(c.driveFolderUrl)!} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-brand-700 underline">
                        <ExternalLink className="h-3.5 w-3.5" aria-hidden />
                        Ouvrir
                        <span className="sr-only"> le dossier {c.numeroDossier}</span>
                      </a>
                    ) : (
                      <span className="text-stone-500">En attente</span>
                    )}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">{formatDateTime(c.dateConversion)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="mt-3">
        <Pagination page={page} pageCount={pageCount} total={total} label="candidats" hrefFor={(p) => `/admin/candidats?page=${p}`} />
      </div>
    </section>
  )
}
