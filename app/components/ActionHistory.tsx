import { Form } from '@remix-run/react'
import { ExternalLink, RefreshCw } from 'lucide-react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { raisonEchec, statutActionLabels, statutActionStyles, typeActionLabels, typeEmailLabels } from '~/prospects/actions/labels'
import { formatDateTime, formatHeure } from '~/utils/format'
import { safeHttpUrl } from '~/utils/url'

export type ActionHistoryItemRow = Row

type Row = {
  id: string
  type: keyof typeof typeActionLabels
  statut: keyof typeof statutActionLabels
  parametres: unknown
  resultat: unknown
  erreur: string | null
  tentatives: number
  prochainEssai: string | Date | null
  dateCreation: string | Date
  demandePar: { nom: string } | null
}

function safeUrl(value: unknown) {
  return typeof value === 'string' ? safeHttpUrl(value) : null
}

function resultLink(row: Row) {
  const r = (row.resultat ?? {}) as Record<string, unknown>
  if (row.type === 'CONVERTIR_CANDIDAT') return { href: safeUrl(r.driveFolderUrl), label: 'Dossier Google Drive' }
  if (row.type === 'GENERER_DEVIS') return { href: safeUrl(r.devisUrl), label: 'Devis (PDF)' }
  if (row.type === 'ENVOYER_DOSSIER') return { href: safeUrl(r.formulaireUrl), label: 'Formulaire de candidature' }
  return { href: null, label: typeof r.sujet === 'string' ? `« ${r.sujet} »` : null }
}

function detail(row: Row) {
  const p = (row.parametres ?? {}) as Record<string, unknown>
  if (row.type === 'ENVOYER_EMAIL' && typeof p.typeEmail === 'string') return typeEmailLabels[p.typeEmail as keyof typeof typeEmailLabels] ?? null
  if (row.type === 'CONVERTIR_CANDIDAT' && typeof p.numeroDossier === 'string') return p.numeroDossier
  if (row.type === 'ENVOYER_DOSSIER' && typeof p.email === 'string') return p.email
  return null
}

/** Seconds between two reloads of the panel without JavaScript while an action is running. */
const REFRESH_SECONDS = 5

export function isRunning(a: Pick<Row, 'statut'>) {
  return a.statut === 'EN_COURS' || a.statut === 'EN_ATTENTE'
}

/**
 * While an action runs, the page reloads itself without JavaScript (not while a modal is open: pass enabled=false);
 * with JavaScript the live stream refreshes it instead (a <noscript> meta refresh does nothing then).
 */
export function RunningActionsRefresh({ actions, enabled }: { actions: Pick<Row, 'statut'>[]; enabled: boolean }) {
  if (!enabled || !actions.some(isRunning)) return null
  return (
    <noscript>
      <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
    </noscript>
  )
}

/**
 * One action: type, who, when, status, then the result link, the plain reason of a failure (with « Relancer ») or
 * the time of the next automatic attempt. Also an entry of the panel's timeline.
 */
export function ActionHistoryItem({ action: a, relancerAction }: { action: Row; relancerAction?: string }) {
  const link = resultLink(a)
  const extra = detail(a)
  return (
    <li id={`action-${a.id}`} className="rounded-md border border-stone-200 p-2 text-sm" data-testid="action-historique">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">
          {typeActionLabels[a.type]}
          {extra ? <span className="font-normal text-stone-600"> · {extra}</span> : null}
        </span>
        <span className={`badge ${statutActionStyles[a.statut]}`}>{statutActionLabels[a.statut]}</span>
      </div>
      <p className="mt-0.5 text-xs text-stone-600">
        {a.demandePar?.nom ?? 'Utilisateur supprimé'} · <time dateTime={new Date(a.dateCreation).toISOString()}>{formatDateTime(a.dateCreation)}</time>
        {a.tentatives > 1 ? ` · ${a.tentatives} tentatives` : ''}
      </p>
      {a.statut === 'ECHEC' ? <p className="mt-1 text-xs text-red-800">Échec : {raisonEchec(a.erreur)}.</p> : null}
      {a.statut === 'ECHEC' && relancerAction ? (
        <Form method="post" action={relancerAction} className="mt-1">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="actionId" value={a.id} />
          <button type="submit" className="btn-secondary px-2 py-1 text-xs">
            <RefreshCw className="h-3 w-3" aria-hidden />
            Relancer cette action
          </button>
        </Form>
      ) : null}
      {a.statut === 'EN_COURS' && a.prochainEssai ? (
        <p className="mt-1 text-xs text-amber-900" data-testid="prochain-essai">
          Le service d’automatisation ne répond pas pour l’instant : nouvel essai automatique à {formatHeure(a.prochainEssai)}.
        </p>
      ) : null}
      {a.statut === 'EN_COURS' && !a.prochainEssai ? <p className="mt-1 text-xs text-stone-600">En cours de traitement…</p> : null}
      {a.statut === 'EN_ATTENTE' ? <p className="mt-1 text-xs text-stone-600">Le traitement continue ; le résultat arrivera ici dès qu’il sera prêt.</p> : null}
      {a.statut === 'TERMINEE' && link.href ? (
        <a href={link.href} target="_blank" rel="noreferrer noopener" className="mt-1 inline-flex items-center gap-1 text-xs text-brand-700 underline">
          <ExternalLink className="h-3 w-3" aria-hidden />
          {link.label}
        </a>
      ) : a.statut === 'TERMINEE' && link.label ? (
        <p className="mt-1 text-xs text-stone-700">{link.label}</p>
      ) : null}
    </li>
  )
}

/** The prospect's actions, newest first. */
export function ActionHistory({ actions, relancerAction }: { actions: Row[]; relancerAction?: string }) {
  return (
    <section aria-labelledby="titre-actions" className="mt-4">
      <h3 id="titre-actions" className="text-sm font-semibold">
        Historique des actions
      </h3>
      {actions.length === 0 ? (
        <p className="mt-1 text-sm text-stone-500">Aucune action pour le moment.</p>
      ) : (
        <ol className="mt-2 space-y-2" aria-label="Actions du prospect">
          {actions.map((a) => (
            <ActionHistoryItem key={a.id} action={a} relancerAction={relancerAction} />
          ))}
        </ol>
      )}
    </section>
  )
}
