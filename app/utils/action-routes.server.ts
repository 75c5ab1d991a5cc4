// What the prospect action routes share (domain modules return results, not toasts nor statuses): the prospect or
// a 404, the admin's flash toast for an outcome, and the 503 when the job engine cannot take actions.
import type { Toast } from '~/notifications/toasts'
import { findProspectForAction } from '~/prospects/actions/prospect.server'
import type { ActionOutcome } from '~/prospects/actions/run-action.server'
import { invariantResponse, shortId } from './misc'

/** The prospect of an action route's URL, or a 404 with a French message. */
export async function requireActionProspect(id: string | undefined) {
  const prospect = await findProspectForAction(id)
  invariantResponse(prospect, () => `Aucun prospect ne porte l’identifiant « ${shortId(id)} ».`)
  return prospect
}

export function actionToast(outcome: ActionOutcome): Toast {
  switch (outcome.kind) {
    case 'termine':
      return { type: 'succes', titre: outcome.message }
    case 'en_cours':
    case 'lancee':
      return { type: 'info', titre: outcome.message }
    case 'reprise':
      return { type: 'info', titre: 'Nouvel essai automatique prévu', description: outcome.message }
    case 'echec':
      return { type: 'erreur', titre: outcome.titre, description: outcome.message }
  }
}

/** 404 when the prospect went away meanwhile, 503 when the actions' job engine is unreachable (nothing was created). */
export function assertStarted<R extends { kind: string }>(result: R): asserts result is Exclude<R, { kind: 'introuvable' } | { kind: 'indisponible' }> {
  invariantResponse(result.kind !== 'introuvable', 'Prospect introuvable.')
  invariantResponse(result.kind !== 'indisponible', 'Les actions sont momentanément indisponibles : rien n’a été lancé. Réessayez dans quelques instants.', {
    status: 503,
    headers: { 'Retry-After': '10' },
  })
}
