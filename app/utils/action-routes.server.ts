// What the prospect action routes share (domain modules return results, not toasts nor statuses): their preamble (the
// admin, the form, the prospect or a 404), the admin's flash toast for an outcome, and the 503 when the job engine
// cannot take actions.
import type { Toast } from '~/notifications/toasts'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { findProspectForAction, type ActionProspect } from '~/prospects/actions/prospect.server'
import type { ActionOutcome } from '~/prospects/actions/run-action.server'
import { invariantResponse, shortId } from './misc'

/**
 * The prospect of an action route's URL, read while `guard` checks the admin (and, for a POST, the form and its CSRF
 * token): one database round trip fewer on every action and every action's modal. The guard answers first (a visitor
 * without a session goes to the login page, a forged form gets its 403, neither learns whether the prospect exists);
 * then a missing prospect is a 404 with a French message.
 */
async function withActionProspect<G>(guard: Promise<G>, id: string | undefined): Promise<[G, ActionProspect]> {
  const lookup = findProspectForAction(id)
  // A failed lookup must not be an unhandled rejection while the guard decides (awaited below, it still throws).
  lookup.catch(() => {})
  const passed = await guard
  const prospect = await lookup
  invariantResponse(prospect, () => `Aucun prospect ne porte l’identifiant « ${shortId(id)} ».`)
  return [passed, prospect]
}

/** An action route's page (its modal, or the redirect to the panel): the admin, then the URL's prospect or a 404. */
export async function requireActionPage(request: Request, id: string | undefined) {
  const [user, prospect] = await withActionProspect(requireAdmin(request), id)
  return { user, prospect }
}

/** An action route's POST preamble, in one call: the admin's form (session, CSRF), then the URL's prospect or a 404. */
export async function requireActionForm(request: Request, id: string | undefined) {
  const [{ user, formData }, prospect] = await withActionProspect(requireAdminForm(request), id)
  return { user, formData, prospect }
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
