// n8n's callbacks (already authenticated and shape-checked by the route): the result of an action that answered
// 202, applied once; a duplicate is harmless; a callback contradicting a final status is refused.
import { formatIssues, resultatSchemas, type CallbackBody } from '~/n8n/contract'
import { db } from '~/utils/db.server'
import { completeAction, failAction, loadStoredAction, parseAction } from './run-action.server'
import { specOf } from './specs.server'

export type CallbackResult =
  | { kind: 'introuvable' }
  | { kind: 'invalide'; raisons: string[] }
  | { kind: 'applique'; statut: 'TERMINEE' | 'ECHEC' }
  | { kind: 'doublon'; statut: 'TERMINEE' | 'ECHEC' }
  | { kind: 'contradiction'; statut: 'TERMINEE' | 'ECHEC' | 'EN_COURS' | 'EN_ATTENTE'; message: string }

/** Idempotent, and never against a final status. */
export async function applyCallback(actionId: string, body: CallbackBody): Promise<CallbackResult> {
  const stored = await loadStoredAction(actionId)
  if (!stored) return { kind: 'introuvable' }
  const spec = specOf(stored.type)
  if (body.statut === 'TERMINEE') {
    const resultat = resultatSchemas[stored.type].safeParse(body.resultat)
    if (!resultat.success) return { kind: 'invalide', raisons: formatIssues(resultat.error, 'resultat') }
    const parsed = parseAction(spec, stored)
    if (!parsed.ok) return { kind: 'invalide', raisons: [`action illisible : ${parsed.raison}`] }
    if (await completeAction(spec, parsed.action, resultat.data)) return { kind: 'applique', statut: 'TERMINEE' }
  } else {
    const failed = await failAction(
      spec,
      stored,
      { message: `n8n signale un échec : ${body.erreur ?? 'sans précision'}`, severite: 'ERREUR', httpStatus: null, attempts: 0, durationMs: 0 },
      { nomNoeud: 'n8n_callback', payload: body },
    )
    if (failed) return { kind: 'applique', statut: 'ECHEC' }
  }
  const current = await db.actionProspect.findUniqueOrThrow({ where: { id: actionId }, select: { statut: true } })
  if (current.statut === body.statut) return { kind: 'doublon', statut: body.statut }
  return {
    kind: 'contradiction',
    statut: current.statut,
    message: `L’action est déjà ${current.statut === 'TERMINEE' ? 'terminée' : 'en échec'} : un rappel « ${body.statut} » la contredit.`,
  }
}
