// The admin's flash toast for what an action came to (routes only: domain modules return results, not toasts).
import type { Toast } from '~/notifications/toasts'
import type { ActionOutcome } from '~/prospects/actions/run-action.server'

export function actionToast(outcome: ActionOutcome): Toast {
  switch (outcome.kind) {
    case 'termine':
      return { type: 'succes', titre: outcome.message }
    case 'en_cours':
      return { type: 'info', titre: outcome.message }
    case 'echec':
      return { type: 'erreur', titre: outcome.titre, description: outcome.message }
  }
}
