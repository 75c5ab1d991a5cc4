// "Relancer l'action" (journal entry or panel): the same action row, the same idempotency key (its id), a new
// attempt on the job engine; the page waits for it like a new action. Its journal entries are resolved when it ends
// TERMINEE (see completeAction), never before.
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { wakeWorkers } from '~/utils/jobs.server'
import { actionEngine } from './engine.server'
import { QUEUES } from './queues'
import type { ActionOutcome } from './run-action.server'
import { specOf } from './specs.server'
import { EngineUnavailableError, enqueue, waitThenOutcome } from './start-action.server'

export type ReplayResult =
  | ActionOutcome
  | { kind: 'introuvable' }
  | { kind: 'indisponible' }
  /** Already done: nothing to replay (its entries are resolved in the admin's name). */
  | { kind: 'deja_terminee' }
  /** Running, waiting for n8n's callback, or just replayed by someone else. */
  | { kind: 'occupee'; message: string }

/** `scope.prospectId`: only an action of this prospect (the panel's button). */
export async function retryAction(actionId: string, user: { id: string; nom: string }, scope: { prospectId?: string } = {}): Promise<ReplayResult> {
  const action = await db.actionProspect.findUnique({ where: { id: actionId } })
  if (!action || (scope.prospectId && action.prospectId !== scope.prospectId)) return { kind: 'introuvable' }
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
      message:
        action.statut === 'EN_ATTENTE'
          ? 'Cette action attend le résultat du service d’automatisation : elle ne peut pas être relancée maintenant.'
          : 'Cette action est déjà en cours.',
    }
  }
  try {
    await actionEngine()
  } catch (error) {
    console.error('[actions] moteur de tâches indisponible', error)
    return { kind: 'indisponible' }
  }
  let replayed: boolean
  try {
    // Conditional, so two admins replaying at once run it only once.
    replayed = await db.$transaction(async (tx) => {
      const numeroEssai = action.numeroEssai + 1
      const { count } = await tx.actionProspect.updateMany({
        where: { id: actionId, statut: 'ECHEC', numeroEssai: action.numeroEssai },
        data: {
          statut: 'EN_COURS',
          erreur: null,
          dateFin: null,
          relanceePar: user.nom,
          numeroEssai,
          reprises: 0,
          debutIncident: null,
          prochainEssai: null,
          attenteParId: user.id,
          attenteJusqua: new Date(Date.now() + env.ACTION_ATTENTE_MS),
        },
      })
      if (count) await enqueue(tx, actionId, numeroEssai)
      return count > 0
    })
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error
    console.error('[actions] file des actions injoignable : relance non enregistrée', error.cause)
    return { kind: 'indisponible' }
  }
  if (!replayed) return { kind: 'occupee', message: 'Cette action vient d’être relancée par quelqu’un d’autre.' }
  wakeWorkers(QUEUES.actions)
  return waitThenOutcome(specOf(action.type), actionId)
}
