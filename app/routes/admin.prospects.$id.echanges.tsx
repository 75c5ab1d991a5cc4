// The email history of a prospect, as a modal over the panel (a URL: works without JavaScript).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData, useLocation, useParams } from '@remix-run/react'
import { ArrowDownLeft, ArrowUpRight } from 'lucide-react'
import { Modal } from '~/components/Modal'
import { requireAdmin } from '~/auth/session.server'
import { getEmailHistory, getProspect, isProspectId } from '~/prospects/prospects.server'
import { formatDateTime, nomComplet } from '~/utils/format'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const prospect = isProspectId(params.id) ? await getProspect(params.id) : null
  if (!prospect) throw new Response('Prospect introuvable.', { status: 404 })
  return { nom: nomComplet(prospect), emails: await getEmailHistory(prospect.id) }
}

export default function EmailHistory() {
  const { nom, emails } = useLoaderData<typeof loader>()
  const { id } = useParams()
  const { search } = useLocation()
  return (
    <Modal title={`Historique des emails — ${nom}`} description={`${emails.length} email${emails.length > 1 ? 's' : ''}, du plus récent au plus ancien`} closeTo={`/admin/prospects/${id}${search}`} size="lg" bodyLabel="Emails échangés">
      {emails.length === 0 ? (
        <p className="py-6 text-center text-stone-500">Aucun email échangé avec ce prospect pour le moment.</p>
      ) : (
        <ol className="space-y-3" aria-label="Emails">
          {emails.map((e) => {
            const sortant = e.direction === 'SORTANT'
            return (
              <li key={e.id} className={`rounded-lg border p-3 ${sortant ? 'border-stone-200 bg-white' : 'border-sky-200 bg-sky-50'}`} data-testid="email">
                <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-stone-600">
                  <span className="inline-flex items-center gap-1 font-medium">
                    {sortant ? <ArrowUpRight className="h-4 w-4" aria-hidden /> : <ArrowDownLeft className="h-4 w-4" aria-hidden />}
                    {sortant ? 'Envoyé par l’école' : 'Reçu du prospect'}
                  </span>
                  <time dateTime={String(e.date)}>{formatDateTime(e.date)}</time>
                </div>
                <h3 className="mt-1 font-medium">{e.sujet}</h3>
                <p className="mt-1 whitespace-pre-line text-sm text-stone-700">{e.corps}</p>
              </li>
            )
          })}
        </ol>
      )}
    </Modal>
  )
}
