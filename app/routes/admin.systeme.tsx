// /admin/systeme: is everything running? For the admins in plain words (actions waiting for an automatic retry, the
// automation service reachable or not), and under "Détails techniques" for whoever runs the servers: the job queue,
// n8n's last answers, and each instance's heartbeat and notification streams.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Activity, CheckCircle2, Clock, Server, XCircle } from 'lucide-react'
import { requireAdmin } from '~/auth/session.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { formatDuree } from '~/journal/labels'
import { typeActionLabels } from '~/prospects/actions/labels'
import { getSystemStatus } from '~/systeme/systeme.server'
import { formatDateTime, formatHeure, formatNumber } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: 'Système — Back-office' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return { status: await getSystemStatus(), maintenant: new Date().toISOString() }
}

export default function SystemePage() {
  const { status, maintenant } = useLoaderData<typeof loader>()
  const { file, reprises, enAttenteRappel, instances, n8n } = status
  const now = new Date(maintenant).getTime()
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <h1 className="text-2xl font-semibold">Système</h1>

      <section aria-labelledby="titre-etat" className="rounded-lg border border-stone-200 bg-white p-4" data-testid="etat-automatisation">
        <h2 id="titre-etat" className="flex items-center gap-2 font-medium">
          {n8n.joignable ? <CheckCircle2 className="h-5 w-5 text-emerald-700" aria-hidden /> : <XCircle className="h-5 w-5 text-red-700" aria-hidden />}
          {n8n.joignable ? 'Le service d’automatisation répond' : 'Le service d’automatisation ne répond pas'}
        </h2>
        <p className="mt-1 text-sm text-stone-700">
          {n8n.dernierSucces ? `Dernière réponse le ${formatDateTime(n8n.dernierSucces)}.` : 'Aucune réponse reçue depuis le démarrage.'}{' '}
          {!n8n.joignable ? 'Les actions lancées sont gardées et réessayées automatiquement ; rien n’est perdu.' : null}
        </p>
      </section>

      <section aria-labelledby="titre-reprises" className="rounded-lg border border-stone-200 bg-white p-4">
        <h2 id="titre-reprises" className="flex items-center gap-2 font-medium">
          <Clock className="h-5 w-5 text-stone-500" aria-hidden />
          Actions en attente d’un nouvel essai ({formatNumber(reprises.length)})
        </h2>
        {reprises.length === 0 ? (
          <p className="mt-1 text-sm text-stone-600">Aucune : toutes les actions lancées ont abouti ou sont en cours.</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-100 text-sm" data-testid="reprises">
            {reprises.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                <Link to={`/admin/prospects/${r.prospect.id}#action-${r.id}`} className="text-brand-700 hover:underline">
                  {typeActionLabels[r.type]} — {r.prospect.prenom} {r.prospect.nom.toUpperCase()}
                </Link>
                <span className="text-stone-600">nouvel essai à {formatHeure(r.prochainEssai)}</span>
              </li>
            ))}
          </ul>
        )}
        {enAttenteRappel > 0 ? <p className="mt-2 text-sm text-stone-600">{formatNumber(enAttenteRappel)} action(s) en cours de traitement attendent leur résultat.</p> : null}
      </section>

      <details className="rounded-lg border border-stone-200 bg-white p-4">
        <summary className="cursor-pointer font-medium">Détails techniques</summary>
        <div className="mt-3 space-y-4 text-sm">
          <section aria-labelledby="titre-file">
            <h3 id="titre-file" className="flex items-center gap-2 font-medium">
              <Activity className="h-4 w-4" aria-hidden />
              File « actions » (pg-boss)
            </h3>
            <dl className="mt-1 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4" data-testid="file">
              <Item label="Prêtes">{formatNumber(file.prets)}</Item>
              <Item label="En cours">{formatNumber(file.enCours)}</Item>
              <Item label="Différées (nouvel essai)">{formatNumber(file.differes)}</Item>
              <Item label="Prochaine échéance">{file.prochain ? formatDateTime(file.prochain) : '—'}</Item>
              <Item label="Plus ancienne prête">{file.plusAncien ? `${formatDateTime(file.plusAncien)} (${formatDuree(now - new Date(file.plusAncien).getTime())})` : '—'}</Item>
            </dl>
          </section>
          <section aria-labelledby="titre-n8n">
            <h3 id="titre-n8n" className="font-medium">Service d’automatisation</h3>
            <dl className="mt-1 grid grid-cols-1 gap-y-1 sm:grid-cols-2">
              <Item label="Dernier succès">{n8n.dernierSucces ? formatDateTime(n8n.dernierSucces) : '—'}</Item>
              <Item label="Dernier échec">{n8n.dernierEchec ? formatDateTime(n8n.dernierEchec) : '—'}</Item>
              {n8n.derniereErreur ? <Item label="Dernière erreur">{n8n.derniereErreur}</Item> : null}
            </dl>
          </section>
          <section aria-labelledby="titre-instances">
            <h3 id="titre-instances" className="flex items-center gap-2 font-medium">
              <Server className="h-4 w-4" aria-hidden />
              Instances ({formatNumber(instances.filter((i) => i.active).length)} active{instances.filter((i) => i.active).length > 1 ? 's' : ''})
            </h3>
            <div className="mt-1 overflow-x-auto">
              <table className="w-full text-left" data-testid="instances">
                <thead className="text-xs uppercase text-stone-500">
                  <tr>
                    <th className="py-1 pr-3">Instance</th>
                    <th className="py-1 pr-3">État</th>
                    <th className="py-1 pr-3">Flux ouverts (admin · formateur · élève)</th>
                    <th className="py-1 pr-3">Actions exécutées</th>
                    <th className="py-1">Démarrée</th>
                  </tr>
                </thead>
                <tbody>
                  {instances.map((i) => {
                    const parAudience = i.fluxParAudience as Record<string, number>
                    return (
                      <tr key={i.id} className="border-t border-stone-100" data-testid="instance">
                        <td className="py-1 pr-3">
                          {i.hote} · pid {i.pid}
                        </td>
                        <td className="py-1 pr-3">{i.active ? 'active' : `arrêtée (dernier signe ${formatDateTime(i.dateBattement)})`}</td>
                        <td className="py-1 pr-3">
                          {formatNumber(i.flux)} ({formatNumber(parAudience.ADMIN ?? 0)} · {formatNumber(parAudience.FORMATEUR ?? 0)} · {formatNumber(parAudience.ELEVE ?? 0)})
                        </td>
                        <td className="py-1 pr-3">{formatNumber(i.actionsTraitees)}</td>
                        <td className="py-1">{formatDateTime(i.dateDemarrage)}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
            <p className="mt-1 text-xs text-stone-500">
              Statistiques détaillées des flux de cette instance :{' '}
              <a href="/resources/notifications/stats" className="text-brand-700 hover:underline">
                /resources/notifications/stats
              </a>
            </p>
          </section>
        </div>
      </details>
    </div>
  )
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-stone-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
