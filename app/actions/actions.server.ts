// Entry points shared by every prospect action: replay (retryAction, used by /admin/logs), n8n callbacks, recovery
// of actions interrupted by a restart, and the history shown in the panel.
import { retryBudgetMs } from '~/n8n/client.server'
import { formatIssues, resultatSchemas, type ActionType, type CallbackBody } from '~/n8n/contract'
import { onBoot } from '~/utils/boot.server'
import { db, type ActionProspect } from '~/utils/db.server'
import { convertirSpec } from './convertir.server'
import { envoyerDossierSpec } from './envoyer-dossier.server'
import { envoyerEmailSpec } from './envoyer-email.server'
import { genererDevisSpec } from './generer-devis.server'
import { completeAction, failAction, loadAction, runAction, type ActionOutcome, type ActionSpec } from './run.server'

export type { ActionOutcome }

const SPECS: { [T in ActionType]: ActionSpec<T> } = {
  CONVERTIR_CANDIDAT: convertirSpec,
  ENVOYER_DOSSIER: envoyerDossierSpec,
  GENERER_DEVIS: genererDevisSpec,
  ENVOYER_EMAIL: envoyerEmailSpec,
}

function specOf(type: ActionType) {
  return SPECS[type] as unknown as ActionSpec<ActionType>
}

async function resolveJournal(actionId: string, user: { nom: string }) {
  await db.journalErreur.updateMany({
    where: { actionId, resolu: false },
    data: { resolu: true, resoluPar: user.nom, dateResolution: new Date() },
  })
}

/**
 * Replays a failed action: same action row, same idempotency key (its id), attempts added to `tentatives`.
 * On success the action's unresolved journal entries are resolved in `user`'s name; on failure a new journal
 * entry is written. An action that is not ECHEC is left alone.
 */
export async function retryAction(actionId: string, user: { id: string; nom: string }): Promise<ActionOutcome> {
  const action = await db.actionProspect.findUnique({ where: { id: actionId } })
  if (!action) throw new Response('Action introuvable.', { status: 404 })
  if (action.statut === 'TERMINEE') {
    await resolveJournal(actionId, user)
    return { ok: true, action, message: 'Cette action est déjà terminée : rien à relancer.' }
  }
  if (action.statut !== 'ECHEC') {
    return {
      ok: false,
      action,
      message: action.statut === 'EN_ATTENTE' ? 'Cette action attend le rappel de n8n : elle ne peut pas être relancée maintenant.' : 'Cette action est déjà en cours.',
    }
  }
  // Conditional, so two admins replaying at once run it only once.
  const { count } = await db.actionProspect.updateMany({
    where: { id: actionId, statut: 'ECHEC' },
    data: { statut: 'EN_COURS', erreur: null, dateFin: null },
  })
  if (count === 0) {
    return { ok: false, action: await db.actionProspect.findUniqueOrThrow({ where: { id: actionId } }), message: 'Cette action vient d’être relancée par quelqu’un d’autre.' }
  }
  const outcome = await runAction(specOf(action.type), actionId, user.id)
  if (outcome.ok) await resolveJournal(actionId, user)
  return { ok: outcome.ok, action: outcome.action, message: outcome.message }
}

export type CallbackOutcome = { status: 200 | 400 | 404 | 409; body: Record<string, unknown> }

/** Applies an n8n callback (already authenticated and shape-checked): idempotent, never against a final status. */
export async function applyCallback(actionId: string, body: CallbackBody): Promise<CallbackOutcome> {
  const found = await db.actionProspect.findUnique({ where: { id: actionId }, select: { id: true } })
  if (!found) return { status: 404, body: { erreur: `Action inconnue : ${actionId}` } }
  const action = await loadAction(actionId)
  const spec = specOf(action.type)
  if (body.statut === 'TERMINEE') {
    const parsed = resultatSchemas[action.type].safeParse(body.resultat)
    if (!parsed.success) return { status: 400, body: { erreur: 'Corps du rappel invalide', raisons: formatIssues(parsed.error, 'resultat') } }
    if (await completeAction(spec, action, parsed.data)) return { status: 200, body: { statut: 'TERMINEE' } }
  } else {
    const failed = await failAction(
      spec,
      action,
      { message: `n8n signale un échec : ${body.erreur ?? 'sans précision'}`, severite: 'ERREUR', httpStatus: null, attempts: 0, durationMs: 0 },
      { nomNoeud: 'n8n_callback', payload: body },
    )
    if (failed) return { status: 200, body: { statut: 'ECHEC' } }
  }
  const current = await db.actionProspect.findUniqueOrThrow({ where: { id: actionId }, select: { statut: true } })
  if (current.statut === body.statut) return { status: 200, body: { statut: current.statut, doublon: true } }
  return {
    status: 409,
    body: { erreur: `L’action est déjà ${current.statut === 'TERMINEE' ? 'terminée' : 'en échec'} : un rappel « ${body.statut} » la contredit.`, statut: current.statut },
  }
}

/** How long an EN_ATTENTE action waits for n8n's callback before it is declared failed. */
export const CALLBACK_WAIT_MS = 30 * 60_000

/**
 * Actions left EN_COURS longer than a whole webhook call with every retry were interrupted (the server stopped
 * mid-call): they become ECHEC "interrompue", journaled, and can be replayed. Same for actions whose callback
 * never came.
 */
export async function recoverInterruptedActions(options: { now?: Date; budgetMs?: number; callbackWaitMs?: number } = {}) {
  const now = options.now ?? new Date()
  const budget = options.budgetMs ?? retryBudgetMs()
  const wait = options.callbackWaitMs ?? CALLBACK_WAIT_MS
  const rules: { from: 'EN_COURS' | 'EN_ATTENTE'; before: Date; message: string; nomNoeud: 'webhook_n8n_call' | 'n8n_callback' }[] = [
    { from: 'EN_COURS', before: new Date(now.getTime() - budget), message: 'interrompue : le serveur s’est arrêté pendant l’appel à n8n', nomNoeud: 'webhook_n8n_call' },
    { from: 'EN_ATTENTE', before: new Date(now.getTime() - wait), message: `interrompue : aucun rappel de n8n après ${Math.round(wait / 60_000)} min`, nomNoeud: 'n8n_callback' },
  ]
  const recovered: ActionProspect[] = []
  for (const rule of rules) {
    const stuck = await db.actionProspect.findMany({ where: { statut: rule.from, dateMiseAJour: { lt: rule.before } }, select: { id: true }, take: 500 })
    for (const { id } of stuck) {
      const action = await loadAction(id)
      const failed = await failAction(
        specOf(action.type),
        action,
        { message: rule.message, severite: 'ERREUR', httpStatus: null, attempts: 0, durationMs: now.getTime() - action.dateMiseAJour.getTime() },
        { nomNoeud: rule.nomNoeud, from: [rule.from] },
      )
      if (failed) recovered.push(await db.actionProspect.findUniqueOrThrow({ where: { id } }))
    }
  }
  return recovered
}

const recovery = (globalThis as unknown as { __actionRecovery?: { timer?: NodeJS.Timeout } }).__actionRecovery ??= {}

onBoot({
  name: 'reprise des actions interrompues',
  start: async () => {
    const run = () =>
      recoverInterruptedActions().catch((error) => console.error('[actions] reprise des actions interrompues impossible', error))
    await run()
    // Actions interrupted shortly before a restart are only past their budget later.
    recovery.timer ??= setInterval(run, 5 * 60_000).unref()
  },
  stop: () => {
    clearInterval(recovery.timer)
    recovery.timer = undefined
  },
})

export async function getActionHistory(prospectId: string, take = 10) {
  return db.actionProspect.findMany({
    where: { prospectId },
    orderBy: [{ dateCreation: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      type: true,
      statut: true,
      parametres: true,
      resultat: true,
      erreur: true,
      tentatives: true,
      dateCreation: true,
      dateFin: true,
      demandePar: { select: { nom: true } },
    },
  })
}

export type ActionHistoryRow = Awaited<ReturnType<typeof getActionHistory>>[number]
