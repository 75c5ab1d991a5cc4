// "Relancer l'action" (journal entry): the same action row, the same idempotency key (its id), attempts added to
// `tentatives`. Its journal entries are resolved when it ends TERMINEE (see completeAction), never before.
import { db } from '~/utils/db.server'
import { runAction, type ActionOutcome } from './run-action.server'
import { specOf } from './specs.server'

export type ReplayResult =
  | ActionOutcome
  | { kind: 'introuvable' }
  /** Already done: nothing to replay (its entries are resolved in the admin's name). */
  | { kind: 'deja_terminee' }
  /** Running, waiting for n8n's callback, or just replayed by someone else. */
  | { kind: 'occupee'; message: string }

export async function retryAction(actionId: string, user: { id: string; nom: string }): Promise<ReplayResult> {
  const action = await db.actionProspect.findUnique({ where: { id: actionId } })
  if (!action) return { kind: 'introuvable' }
  if (action.statut === 'TERMINEE') {
    await db.journalErreur.updateMany({
      where: { actionId, resolu: false },
      data: { resolu: true, resoluPar: user.nom, dateResolution: new Date() },
    })
    return { kind: 'deja_terminee' }
  }
  if (action.statut !== 'ECHEC') {
    return {
      kind: 'occupee',
      message: action.statut === 'EN_ATTENTE' ? 'Cette action attend le rappel de n8n : elle ne peut pas être relancée maintenant.' : 'Cette action est déjà en cours.',
    }
  }
  // Conditional, so two admins replaying at once run it only once.
  const { count } = await db.actionProspect.updateMany({
    where: { id: actionId, statut: 'ECHEC' },
    data: { statut: 'EN_COURS', erreur: null, dateFin: null, relanceePar: user.nom },
  })
  if (count === 0) return { kind: 'occupee', message: 'Cette action vient d’être relancée par quelqu’un d’autre.' }
  return runAction(specOf(action.type), actionId, user.id)
}
