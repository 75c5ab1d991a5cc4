import { ExternalLink } from 'lucide-react'
import { statutActionLabels, statutActionStyles, typeActionLabels, typeEmailLabels } from '~/actions/labels'
import { formatDateTime } from '~/utils/format'
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

/** One action: type, who, when, status, then the result link or the error. Also an entry of the panel's timeline. */
export function ActionHistoryItem({ action: a }: { action: Row }) {
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
      {a.statut === 'ECHEC' && a.erreur ? <p className="mt-1 text-xs text-red-800">{a.erreur}</p> : null}
      {a.statut === 'EN_ATTENTE' ? <p className="mt-1 text-xs text-stone-600">n8n travaille ; le résultat arrivera par rappel.</p> : null}
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
export function ActionHistory({ actions }: { actions: Row[] }) {
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
            <ActionHistoryItem key={a.id} action={a} />
          ))}
        </ol>
      )}
    </section>
  )
}
