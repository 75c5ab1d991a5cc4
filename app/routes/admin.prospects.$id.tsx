import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation, useOutlet } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { Calendar, Download, Mail, MapPin, PenLine, Sparkles, StickyNote, Tag, X } from 'lucide-react'
import { RunningActionsRefresh } from '~/components/ActionHistory'
import { GeneralErrorBoundary, messageForError } from '~/components/error-boundary'
import { ProspectActions } from '~/components/ProspectActions'
import { StatutBadge } from '~/components/StatutBadge'
import { getActionHistory } from '~/prospects/actions/history.server'
import { requireAdmin } from '~/auth/session.server'
import { financementLabels, raisonPerteLabels, sourceText, type FinancementValue } from '~/prospects/labels'
import { getProspect, isProspectId } from '~/prospects/prospects.server'
import { Timeline } from '~/prospects/Timeline'
import { getTimelineRows, mergeTimeline } from '~/prospects/timeline.server'
import { formatDateTime, nomComplet } from '~/utils/format'
import { safeHttpUrl } from '~/utils/url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.prospect.prenom} ${data.prospect.nom} — Prospects` : 'Prospect introuvable' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const prospect = isProspectId(params.id) ? await getProspect(params.id) : null
  if (!prospect) throw new Response(`Aucun prospect ne porte l’identifiant « ${String(params.id).slice(0, 60)} ».`, { status: 404 })
  // The timeline (issue 12): exchanges, actions and events, newest first, 100 at most.
  const [actions, rows] = await Promise.all([getActionHistory(prospect.id, TIMELINE_MAX + 1), getTimelineRows(prospect.id, TIMELINE_MAX + 1)])
  const timeline = mergeTimeline(rows, actions, TIMELINE_MAX + 1)
  return { prospect, timeline: timeline.slice(0, TIMELINE_MAX), timelineComplete: timeline.length <= TIMELINE_MAX }
}

const TIMELINE_MAX = 100

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-1.5">
      <dt className="text-xs uppercase tracking-wide text-stone-500">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  )
}

/**
 * The panel's frame. `beside` (the panel's dialogs) is drawn after it, not inside: the sticky panel is its own
 * stacking layer, under the page header, and a dialog inside it would slip under the header.
 */
function PanelShell({ children, closeTo, labelledBy, beside }: { children: React.ReactNode; closeTo: string; labelledBy: string; beside?: React.ReactNode }) {
  return (
    <>
      <aside aria-labelledby={labelledBy} className="w-full shrink-0 self-start rounded-lg border border-stone-200 bg-white shadow-sm xl:sticky xl:top-20 xl:w-[440px]" data-testid="panneau-prospect">
        <div className="flex justify-end px-3 pt-3">
          <Link to={closeTo} preventScrollReset className="btn-secondary px-2 py-1" aria-label="Fermer le panneau">
            <X className="h-4 w-4" aria-hidden />
            Fermer
          </Link>
        </div>
        {children}
      </aside>
      {beside}
    </>
  )
}

export default function ProspectPanel() {
  const { prospect, timeline, timelineComplete } = useLoaderData<typeof loader>()
  const { search } = useLocation()
  const outlet = useOutlet()
  const base = `/admin/prospects/${prospect.id}`
  const closeTo = `/admin/prospects${search}`
  // Opening a prospect takes the keyboard to its panel (a dialog opened with it keeps its own first field).
  const heading = useRef<HTMLHeadingElement>(null)
  const withDialog = useRef(Boolean(outlet))
  withDialog.current = Boolean(outlet)
  useEffect(() => {
    if (!withDialog.current) heading.current?.focus()
  }, [prospect.id])
  return (
    <PanelShell closeTo={closeTo} labelledBy="titre-panneau" beside={outlet}>
      <div className="px-5 pb-5">
        <h2 id="titre-panneau" ref={heading} tabIndex={-1} className="text-xl font-semibold focus:outline-none">
          {prospect.prenom} {prospect.nom.toUpperCase()}
        </h2>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-stone-600">
          <StatutBadge statut={prospect.statutProspect} />
          <span>{prospect.id}</span>
        </div>

        {prospect.dateAnonymisation ? (
          <p className="mt-3 rounded-md bg-stone-100 p-2 text-sm">Données personnelles effacées le {formatDateTime(prospect.dateAnonymisation)} (RGPD) : seules les statistiques restent.</p>
        ) : (
          <nav aria-label="Fiche du prospect" className="mt-3 flex flex-wrap gap-2">
            <Link to={`${base}/modifier${search}`} className="btn-secondary" preventScrollReset>
              <PenLine className="h-4 w-4" aria-hidden />
              Modifier
            </Link>
            {prospect.statutProspect === 'CANDIDAT' ? null : (
              <Link to={`${base}/statut${search}`} className="btn-secondary" preventScrollReset>
                <Tag className="h-4 w-4" aria-hidden />
                {prospect.statutProspect === 'PERDU' ? 'Rouvrir' : 'Changer le statut'}
              </Link>
            )}
            <Link to={`${base}/notes${search}`} className="btn-secondary" preventScrollReset>
              <StickyNote className="h-4 w-4" aria-hidden />
              Ajouter une note
            </Link>
          </nav>
        )}

        {prospect.dateAnonymisation ? null : (
          <ProspectActions
            prospectId={prospect.id}
            search={search}
            candidat={prospect.statutProspect === 'CANDIDAT' ? { numeroDossier: prospect.candidat?.numeroDossier ?? null } : null}
          />
        )}

        <dl className="mt-5 divide-y divide-stone-100">
          <Detail label="Email">
            {prospect.emails.length ? prospect.emails.map((e) => <div key={e}>{e}</div>) : '—'}
          </Detail>
          <Detail label="Téléphone">
            {prospect.telephones.length ? prospect.telephones.map((t) => <div key={t}>{t}</div>) : '—'}
          </Detail>
          <Detail label="Adresse">
            <span className="flex gap-1">
              <MapPin className="mt-0.5 h-4 w-4 shrink-0 text-stone-400" aria-hidden />
              <span>
                {[prospect.adresse, [prospect.codePostal, prospect.ville].filter(Boolean).join(' ')].filter(Boolean).join(', ') || '—'}
              </span>
            </span>
          </Detail>
          <Detail label="Formation souhaitée">{prospect.formationSouhaitee?.nom ?? '—'}</Detail>
          <Detail label="Financement">
            {prospect.modeFinancement ? financementLabels[prospect.modeFinancement as FinancementValue] : '—'}
          </Detail>
          <Detail label="Source">{sourceText(prospect.source, prospect.sourcePrecision) ?? '—'}</Detail>
          {prospect.statutProspect === 'PERDU' && prospect.raisonPerte ? <Detail label="Raison de la perte">{raisonPerteLabels[prospect.raisonPerte]}</Detail> : null}
          <Detail label="Échanges">
            <span className="flex items-center gap-3">
              <span>{prospect.nbEchanges}</span>
              <Link to={`${base}/echanges${search}`} className="inline-flex items-center gap-1 text-brand-700 underline-offset-2 hover:underline" preventScrollReset>
                <Mail className="h-4 w-4" aria-hidden />
                Historique des emails ({prospect._count.historiqueEmails})
              </Link>
            </span>
          </Detail>
          <Detail label="Premier contact">
            <span className="flex items-center gap-1">
              <Calendar className="h-4 w-4 text-stone-400" aria-hidden />
              {formatDateTime(prospect.datePremierContact)}
            </span>
          </Detail>
          <Detail label="Dernier contact">{formatDateTime(prospect.dateDernierContact)}</Detail>
          {safeHttpUrl(prospect.candidat?.driveFolderUrl) ? (
            <Detail label="Dossier Google Drive">
              <a href={safeHttpUrl(prospect.candidat?.driveFolderUrl)!} target="_blank" rel="noreferrer noopener" className="text-brand-700 underline">
                Ouvrir le dossier {prospect.candidat?.numeroDossier}
              </a>
            </Detail>
          ) : null}
          {safeHttpUrl(prospect.devisUrl) ? (
            <Detail label="Devis">
              <a href={safeHttpUrl(prospect.devisUrl)!} target="_blank" rel="noreferrer noopener" className="text-brand-700 underline">
                Ouvrir le devis (PDF)
              </a>
            </Detail>
          ) : null}
        </dl>

        <section aria-labelledby="titre-resume" className="mt-4 rounded-md bg-brand-50 p-3">
          <h3 id="titre-resume" className="flex items-center gap-1 text-sm font-semibold text-brand-900">
            <Sparkles className="h-4 w-4" aria-hidden />
            Résumé IA
          </h3>
          <p className="mt-1 whitespace-pre-line text-sm text-stone-800">{prospect.resumeIa || 'Pas encore de résumé pour ce prospect.'}</p>
        </section>

        <RunningActionsRefresh actions={timeline.flatMap((e) => (e.kind === 'action' ? [e.action] : []))} enabled={!outlet} />
        <Timeline entries={timeline} nomProspect={nomComplet(prospect)} complete={timelineComplete} relancerAction={`${base}/relancer${search}`} />

        <section aria-labelledby="titre-rgpd" className="mt-4 border-t border-stone-100 pt-3">
          <h3 id="titre-rgpd" className="text-sm font-semibold">
            Données personnelles
          </h3>
          <p className="text-xs text-stone-600">Pour une demande d’accès : tout ce que le back-office sait de cette personne, dans un fichier.</p>
          <a href={`${base}/donnees`} className="btn-secondary mt-2" download>
            <Download className="h-4 w-4" aria-hidden />
            Exporter ses données
          </a>
        </section>
      </div>
    </PanelShell>
  )
}

export function ErrorBoundary() {
  const { search } = useLocation()
  return (
    <PanelShell closeTo={`/admin/prospects${search}`} labelledBy="titre-erreur-panneau">
      <GeneralErrorBoundary
        className="px-5 pb-5"
        statusHandlers={{
          404: ({ error }) => (
            <>
              <h2 id="titre-erreur-panneau" className="text-lg font-semibold">
                Prospect introuvable
              </h2>
              <p className="mt-2 text-sm text-stone-700">{messageForError(error)}</p>
            </>
          ),
        }}
        defaultStatusHandler={({ error }) => (
          <>
            <h2 id="titre-erreur-panneau" className="text-lg font-semibold">
              Impossible d’afficher ce prospect
            </h2>
            <p className="mt-2 text-sm text-stone-700">{messageForError(error)}</p>
          </>
        )}
        unexpectedErrorHandler={() => (
          <>
            <h2 id="titre-erreur-panneau" className="text-lg font-semibold">
              Impossible d’afficher ce prospect
            </h2>
            <p className="mt-2 text-sm text-stone-700">Une erreur inattendue est survenue ; elle a été enregistrée.</p>
          </>
        )}
      />
    </PanelShell>
  )
}
