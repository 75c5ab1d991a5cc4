// /admin, the home page: what needs attention today (new prospects, prospects to call back, actions running or
// failed, journal entries to resolve) and the funnel of the last twelve months as simple bars. Every figure is a
// link to the list it counts.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AlertTriangle, ArrowRight, Clock, FileWarning, PhoneCall, UserPlus } from 'lucide-react'
import { aTraiter, entonnoir, JOURS_SANS_CONTACT } from '~/accueil/accueil.server'
import { requireAdmin } from '~/auth/session.server'
import { statutActionLabels, typeActionLabels } from '~/prospects/actions/labels'
import { statutLabels, type StatutProspectValue } from '~/prospects/labels'
import { formatDate, formatDateTime, formatNumber, nomComplet, pluriel } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: 'Accueil — Back-office' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request)
  const now = new Date()
  const [attention, funnel] = await Promise.all([aTraiter(now), entonnoir(now)])
  return { prenom: user.nom.split(' ')[0], attention, funnel, joursSansContact: JOURS_SANS_CONTACT }
}

/** Bars strong enough to read against their track, one colour per statut (the badges' hues). */
const barreStatut: Record<StatutProspectValue, string> = {
  NOUVEAU: 'bg-sky-500',
  CONTACTE: 'bg-violet-500',
  INTERESSE: 'bg-emerald-500',
  EN_ATTENTE_DOSSIER: 'bg-amber-500',
  CANDIDAT: 'bg-stone-900',
  PERDU: 'bg-stone-400',
}

/** Where a statut's figure leads: candidates have their own page; the others are the prospects list, same period. */
function lienStatut(statut: StatutProspectValue, depuis: string) {
  return statut === 'CANDIDAT' ? '/admin/candidats' : `/admin/prospects?statut=${statut}&depuis=${depuis}`
}

export default function Accueil() {
  const { prenom, attention, funnel, joursSansContact } = useLoaderData<typeof loader>()
  const maxStatut = Math.max(1, ...funnel.statuts.map((s) => s.nombre))
  const maxFormation = Math.max(1, ...funnel.formations.map((f) => f.prospects))
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Bonjour {prenom}</h1>
        <p className="text-sm text-stone-600">Ce qui vous attend aujourd’hui, et comment se portent les inscriptions.</p>
      </div>

      <section aria-labelledby="titre-a-traiter">
        <h2 id="titre-a-traiter" className="mb-3 text-lg font-semibold">
          À traiter aujourd’hui
        </h2>
        <ul className="grid grid-cols-2 gap-3 xl:grid-cols-5">
          <Chiffre
            to={`/admin/prospects?depuis=${attention.depuis}`}
            icon={UserPlus}
            nombre={attention.nouveaux}
            libelle={attention.nouveaux > 1 ? 'nouveaux prospects depuis hier' : 'nouveau prospect depuis hier'}
            testId="nouveaux"
          />
          <Chiffre
            to={`/admin/prospects?inactif=${joursSansContact}`}
            icon={PhoneCall}
            nombre={attention.aRelancer}
            libelle={`${attention.aRelancer > 1 ? 'prospects' : 'prospect'} à relancer (sans contact depuis ${joursSansContact} jours)`}
            testId="a-relancer"
          />
          <Chiffre
            to="/admin/prospects?action=en-cours"
            icon={Clock}
            nombre={attention.actionsEnCours}
            libelle={attention.actionsEnCours > 1 ? 'actions en cours' : 'action en cours'}
            testId="actions-en-cours"
          />
          <Chiffre
            to="/admin/prospects?action=echec"
            icon={AlertTriangle}
            nombre={attention.actionsEnEchec}
            libelle={attention.actionsEnEchec > 1 ? 'actions en échec' : 'action en échec'}
            alerte={attention.actionsEnEchec > 0}
            testId="actions-en-echec"
          />
          <Chiffre
            to="/admin/logs?resolu=non"
            icon={FileWarning}
            nombre={attention.erreurs}
            libelle={attention.erreurs > 1 ? 'erreurs à résoudre dans le journal' : 'erreur à résoudre dans le journal'}
            alerte={attention.erreurs > 0}
            testId="erreurs"
          />
        </ul>
        {attention.actionsRecentes.length > 0 ? (
          <div className="mt-4 rounded-lg border border-stone-200 bg-white">
            <h3 className="border-b border-stone-100 px-4 py-2 text-sm font-semibold">Dernières actions en cours ou en échec</h3>
            <ul className="divide-y divide-stone-100 text-sm">
              {attention.actionsRecentes.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 px-4 py-2">
                  <Link to={`/admin/prospects/${a.prospect.id}#action-${a.id}`} className="font-medium underline decoration-stone-300 underline-offset-2 hover:decoration-stone-900">
                    {typeActionLabels[a.type]} · {nomComplet(a.prospect)}
                  </Link>
                  <span className={`text-xs ${a.statut === 'ECHEC' ? 'font-medium text-red-800' : 'text-stone-600'}`}>
                    {statutActionLabels[a.statut]} · {formatDateTime(a.dateMiseAJour)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="titre-entonnoir">
        <h2 id="titre-entonnoir" className="text-lg font-semibold">
          Les 12 derniers mois
        </h2>
        <p className="mb-3 text-sm text-stone-600">Prospects arrivés depuis le {formatDate(funnel.depuis)}, selon où ils en sont aujourd’hui.</p>
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="rounded-lg border border-stone-200 bg-white p-4">
            <p className="text-sm" data-testid="conversion">
              <Link to="/admin/candidats" className="font-semibold underline decoration-stone-300 underline-offset-2 hover:decoration-stone-900">
                Taux de conversion : {funnel.taux === null ? '—' : `${funnel.taux} %`}
              </Link>{' '}
              <span className="text-stone-700">
                ({pluriel(funnel.candidats, 'candidat')} sur {pluriel(funnel.total, 'prospect')})
              </span>
            </p>
            <h3 className="mt-4 text-sm font-semibold">Par statut</h3>
            <ul className="mt-2 space-y-2" data-testid="par-statut">
              {funnel.statuts.map((s) => (
                <li key={s.statut} className="grid grid-cols-[7.5rem_1fr_2.5rem] items-center gap-2 text-sm sm:grid-cols-[11rem_1fr_3.5rem]">
                  <Link to={lienStatut(s.statut, funnel.depuis)} className="underline decoration-stone-300 underline-offset-2 hover:decoration-stone-900">
                    {statutLabels[s.statut]}
                  </Link>
                  <Barre valeur={s.nombre} max={maxStatut} className={barreStatut[s.statut]} />
                  <span className="text-right tabular-nums">{formatNumber(s.nombre)}</span>
                </li>
              ))}
            </ul>
          </div>
          <div className="rounded-lg border border-stone-200 bg-white p-4">
            <h3 className="text-sm font-semibold">Par formation souhaitée</h3>
            <p className="mt-1 flex flex-wrap gap-3 text-xs text-stone-600" aria-hidden>
              <span className="inline-flex items-center gap-1">
                <span className="inline-block h-2 w-3 rounded-sm bg-stone-300" /> prospects
              </span>
              <span className="inline-flex items-center gap-1">
                <span className="inline-block h-2 w-3 rounded-sm bg-brand-600" /> devenus candidats
              </span>
            </p>
            <ul className="mt-3 space-y-4" data-testid="par-formation">
              {funnel.formations.map((f) => (
                <li key={f.id} className="text-sm">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <span className="font-medium">{f.nom}</span>
                    <span className="text-stone-700">
                      <Link to={`/admin/prospects?formation=${f.id}&depuis=${funnel.depuis}`} className="underline decoration-stone-300 underline-offset-2 hover:decoration-stone-900">
                        {pluriel(f.prospects, 'prospect')}
                      </Link>
                      {' · '}
                      <Link to={`/admin/candidats?formation=${f.id}`} className="underline decoration-stone-300 underline-offset-2 hover:decoration-stone-900">
                        {pluriel(f.candidats, 'candidat')}
                      </Link>
                      {f.taux === null ? '' : ` · ${f.taux} %`}
                    </span>
                  </div>
                  <div className="relative mt-1 h-3 rounded-sm bg-stone-100" aria-hidden>
                    <div className="absolute inset-y-0 left-0 rounded-sm bg-stone-300" style={{ width: `${(f.prospects / maxFormation) * 100}%` }} />
                    <div className="absolute inset-y-0 left-0 rounded-sm bg-brand-600" style={{ width: `${(f.candidats / maxFormation) * 100}%` }} />
                  </div>
                </li>
              ))}
            </ul>
          </div>
        </div>
      </section>
    </div>
  )
}

function Chiffre({ to, icon: Icon, nombre, libelle, alerte = false, testId }: {
  to: string
  icon: typeof UserPlus
  nombre: number
  libelle: string
  alerte?: boolean
  testId: string
}) {
  return (
    <li>
      <Link
        to={to}
        className={`group flex h-full flex-col gap-1 rounded-lg border bg-white p-3 hover:shadow-sm sm:p-4 ${alerte ? 'border-red-300' : 'border-stone-200'}`}
        data-testid={`chiffre-${testId}`}
      >
        <span className="flex items-center justify-between">
          <span className={`text-3xl font-semibold tabular-nums ${alerte ? 'text-red-800' : ''}`}>{formatNumber(nombre)}</span>
          <Icon className={`h-5 w-5 ${alerte ? 'text-red-700' : 'text-stone-500'}`} aria-hidden />
        </span>
        <span className="text-sm text-stone-700">{libelle}</span>
        <span className="mt-auto inline-flex items-center gap-1 pt-1 text-xs font-medium text-brand-700 group-hover:underline">
          Voir la liste
          <ArrowRight className="h-3.5 w-3.5" aria-hidden />
        </span>
      </Link>
    </li>
  )
}

/** A horizontal bar, its length proportional to `valeur` (the figure itself is written beside it). */
function Barre({ valeur, max, className }: { valeur: number; max: number; className: string }) {
  return (
    <span className="block h-3 rounded-sm bg-stone-100" aria-hidden>
      <span className={`block h-3 rounded-sm ${className}`} style={{ width: `${Math.max(valeur > 0 ? 2 : 0, (valeur / max) * 100)}%` }} />
    </span>
  )
}
