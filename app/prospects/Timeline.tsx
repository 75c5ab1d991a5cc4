// The panel's timeline (what Qualiopi auditors ask for): every exchange, action, statut change, edit and note,
// newest first, each saying who and when. Actions are drawn by the action history's own item component.
import { ArrowDownLeft, ArrowUpRight, Eraser, PenLine, StickyNote, Tag, UserPlus } from 'lucide-react'
import { ActionHistoryItem, type ActionHistoryItemRow } from '~/components/ActionHistory'
import { formatDateTime } from '~/utils/format'
import { champLabels, raisonPerteLabels, sourceLabels, statutLabels, type StatutProspectValue } from './labels'

type Donnees = {
  origine?: 'manuel' | 'n8n' | 'rgpd'
  source?: keyof typeof sourceLabels | null
  changements?: { champ: string; avant: string | null; apres: string | null }[]
  de?: StatutProspectValue
  vers?: StatutProspectValue
  raison?: keyof typeof raisonPerteLabels
  precision?: string | null
  motif?: string
  doublonConfirme?: boolean
}

type Entry =
  | { kind: 'echange'; id: string; date: Date | string; echange: { direction: 'ENTRANT' | 'SORTANT'; sujet: string; extrait: string; tronque: boolean } }
  | { kind: 'evenement'; id: string; date: Date | string; evenement: { type: 'CREATION' | 'MODIFICATION' | 'STATUT' | 'NOTE' | 'ANONYMISATION'; donnees: unknown; texte: string | null; auteur: { nom: string } | null } }
  | { kind: 'action'; id: string; date: Date | string; action: ActionHistoryItemRow }

/** Who wrote an event: an admin, or the outside feed it came from. */
function author(e: { auteur: { nom: string } | null; donnees: Donnees }) {
  if (e.auteur) return e.auteur.nom
  if (e.donnees.origine === 'n8n') return e.donnees.source ? `${sourceLabels[e.donnees.source]} (automatique)` : 'Réception automatique'
  if (e.donnees.origine === 'rgpd') return 'Effacement automatique'
  return 'Utilisateur supprimé'
}

function Item({ icon: Icon, title, who, date, children }: { icon: typeof Tag; title: React.ReactNode; who: string; date: Date | string; children?: React.ReactNode }) {
  return (
    <li className="rounded-md border border-stone-200 p-2 text-sm" data-testid="chronologie-entree">
      <p className="flex items-start gap-1.5 font-medium">
        <Icon className="mt-0.5 h-4 w-4 shrink-0 text-stone-500" aria-hidden />
        <span className="min-w-0 break-words">{title}</span>
      </p>
      <p className="mt-0.5 text-xs text-stone-600">
        {who} · <time dateTime={new Date(date).toISOString()}>{formatDateTime(date)}</time>
      </p>
      {children}
    </li>
  )
}

function EventItem({ entry }: { entry: Extract<Entry, { kind: 'evenement' }> }) {
  const e = entry.evenement
  const d = (e.donnees ?? {}) as Donnees
  const who = author({ auteur: e.auteur, donnees: d })
  switch (e.type) {
    case 'CREATION':
      return (
        <Item icon={UserPlus} title="Fiche créée" who={who} date={entry.date}>
          {d.doublonConfirme ? <p className="mt-1 text-xs text-stone-700">Créée malgré un doublon probable signalé.</p> : null}
        </Item>
      )
    case 'MODIFICATION':
      return (
        <Item icon={PenLine} title={d.origine === 'n8n' ? 'Fiche complétée' : 'Fiche modifiée'} who={who} date={entry.date}>
          <ul className="mt-1 space-y-0.5 text-xs text-stone-700">
            {(d.changements ?? []).map((c) => (
              <li key={c.champ} className="break-words">
                <span className="font-medium">{champLabels[c.champ] ?? c.champ}</span> : {c.avant ?? '—'} → {c.apres ?? '—'}
              </li>
            ))}
          </ul>
        </Item>
      )
    case 'STATUT':
      return (
        <Item icon={Tag} title={`Statut : ${d.de ? statutLabels[d.de] : '—'} → ${d.vers ? statutLabels[d.vers] : '—'}`} who={who} date={entry.date}>
          {d.raison ? <p className="mt-1 text-xs text-stone-700">Raison : {raisonPerteLabels[d.raison]}</p> : null}
          {d.precision ? <p className="mt-1 whitespace-pre-line break-words text-xs text-stone-700">{d.precision}</p> : null}
          {d.motif ? <p className="mt-1 text-xs text-stone-700">{d.motif}</p> : null}
        </Item>
      )
    case 'NOTE':
      return (
        <Item icon={StickyNote} title="Note" who={who} date={entry.date}>
          <p className="mt-1 whitespace-pre-line break-words text-stone-800">{e.texte ?? '(effacée)'}</p>
        </Item>
      )
    case 'ANONYMISATION':
      return <Item icon={Eraser} title="Données personnelles effacées (RGPD)" who={who} date={entry.date} />
  }
}

export function Timeline({ entries, nomProspect, complete, relancerAction }: { entries: Entry[]; nomProspect: string; complete: boolean; relancerAction?: string }) {
  return (
    <section aria-labelledby="titre-chronologie" className="mt-4">
      <h3 id="titre-chronologie" className="text-sm font-semibold">
        Historique
      </h3>
      <p className="text-xs text-stone-600">Échanges, actions, changements de statut, modifications et notes, du plus récent au plus ancien.</p>
      {entries.length === 0 ? (
        <p className="mt-1 text-sm text-stone-500">Rien pour le moment.</p>
      ) : (
        <ol className="mt-2 space-y-2" aria-label="Historique du prospect">
          {entries.map((entry) =>
            entry.kind === 'action' ? (
              <ActionHistoryItem key={`a-${entry.id}`} action={entry.action} relancerAction={relancerAction} />
            ) : entry.kind === 'echange' ? (
              <Item
                key={`e-${entry.id}`}
                icon={entry.echange.direction === 'ENTRANT' ? ArrowDownLeft : ArrowUpRight}
                title={`${entry.echange.direction === 'ENTRANT' ? 'Email reçu' : 'Email envoyé'} : ${entry.echange.sujet}`}
                who={entry.echange.direction === 'ENTRANT' ? nomProspect : 'L’école'}
                date={entry.date}
              >
                {entry.echange.extrait ? <p className="mt-1 line-clamp-4 whitespace-pre-line break-words text-stone-700">{entry.echange.extrait}</p> : null}
              </Item>
            ) : (
              <EventItem key={`v-${entry.id}`} entry={entry} />
            ),
          )}
        </ol>
      )}
      {complete ? null : <p className="mt-2 text-xs text-stone-600">Seules les 100 entrées les plus récentes sont affichées ; « Exporter ses données » donne tout.</p>}
    </section>
  )
}
