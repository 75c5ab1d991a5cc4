// Actions that never finished: left EN_COURS by a server that stopped mid-call, or EN_ATTENTE for a callback that
// never came. They become ECHEC "interrompue", journaled and replayable; checked at boot and every 5 minutes.
import { retryBudgetMs } from '~/n8n/client.server'
import type { BootTask } from '~/utils/boot.server'
import { db, type ActionProspect } from '~/utils/db.server'
import { failAction, loadStoredAction } from './run-action.server'
import { specOf } from './specs.server'

/** How long an EN_ATTENTE action waits for n8n's callback before it is declared failed. */
export const CALLBACK_WAIT_MS = 30 * 60_000

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
      const action = await loadStoredAction(id)
      if (!action) continue
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

/** Registered by entry.server.tsx (explicitly: the package is side-effect free, a bare import would be dropped). */
export const recoveryTask: BootTask = {
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
}
