// The panel's timeline: exchanges, actions, statut changes, edits, notes, newest first, each with its author and
// date. Actions come from the action history (the panel's loader passes them in); emails sent by an action are
// shown by that action, not twice.
import { db } from '~/utils/db.server'

const EXCERPT = 600

export async function getTimelineRows(prospectId: string, take: number) {
  const [echanges, evenements] = await Promise.all([
    db.historiqueEmail.findMany({
      where: { prospectId, actionId: null },
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      take,
      select: { id: true, direction: true, date: true, sujet: true, corps: true },
    }),
    db.evenementProspect.findMany({
      where: { prospectId },
      orderBy: [{ date: 'desc' }, { id: 'desc' }],
      take,
      select: { id: true, type: true, date: true, donnees: true, texte: true, auteur: { select: { nom: true } } },
    }),
  ])
  return {
    echanges: echanges.map(({ corps, ...e }) => ({ ...e, extrait: corps.length > EXCERPT ? `${corps.slice(0, EXCERPT)}…` : corps, tronque: corps.length > EXCERPT })),
    evenements,
  }
}

type Rows = Awaited<ReturnType<typeof getTimelineRows>>
export type TimelineEntry<A> =
  | { kind: 'echange'; id: string; date: Date; echange: Rows['echanges'][number] }
  | { kind: 'evenement'; id: string; date: Date; evenement: Rows['evenements'][number] }
  | { kind: 'action'; id: string; date: Date; action: A }

/** One list, newest first, at most `take` entries (ties: the most recently written first). */
export function mergeTimeline<A extends { id: string; dateCreation: Date }>(rows: Rows, actions: A[], take: number): TimelineEntry<A>[] {
  const entries: TimelineEntry<A>[] = [
    ...rows.echanges.map((e) => ({ kind: 'echange' as const, id: e.id, date: e.date, echange: e })),
    ...rows.evenements.map((e) => ({ kind: 'evenement' as const, id: e.id, date: e.date, evenement: e })),
    ...actions.map((a) => ({ kind: 'action' as const, id: a.id, date: a.dateCreation, action: a })),
  ]
  return entries.sort((a, b) => b.date.getTime() - a.date.getTime()).slice(0, take)
}
