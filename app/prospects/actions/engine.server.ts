// The prospect actions on the job engine: the queues, their workers, and the start of the engine (once per process,
// at boot or at the first action). Every attempt is a job; a crashed process's job is run again by the engine once
// it expires, with the same idempotency key (the action id), so n8n does the work once.
import { retryBudgetMs } from '~/n8n/client.server'
import { env } from '~/utils/env.server'
import { startJobEngine, type QueueDefinition } from '~/utils/jobs.server'
import { QUEUES, type AttemptJob } from './queues'
import { failAction, loadStoredAction, runAttempt } from './run-action.server'
import { specOf } from './specs.server'

/** Longest attempt: every quick retry of the n8n client, plus a margin; beyond it the job is declared lost. */
export function attemptExpirySeconds() {
  return Math.ceil(retryBudgetMs() / 1000) + 5
}

const attempts: QueueDefinition<AttemptJob> = {
  name: QUEUES.actions,
  workers: env.ACTION_WORKERS,
  // The engine's own retries are for lost jobs (a killed process) and database errors; n8n's failures are
  // retried by runAttempt with its own schedule. Past them the job goes to the dead letter queue.
  options: { retryLimit: 5, retryDelay: 1, retryBackoff: true, deadLetter: QUEUES.abandon, expireInSeconds: attemptExpirySeconds() },
  handler: async (job) => {
    await runAttempt(job.data.actionId, job.data.numeroEssai)
  },
}

const callbackChecks: QueueDefinition<AttemptJob> = {
  name: QUEUES.rappel,
  workers: 1,
  options: { retryLimit: 5, retryDelay: 5, retryBackoff: true },
  handler: async (job) => {
    const stored = await loadStoredAction(job.data.actionId)
    if (!stored || stored.statut !== 'EN_ATTENTE' || stored.numeroEssai !== job.data.numeroEssai) return
    const minutes = env.ACTION_RAPPEL_ATTENTE_MS / 60_000
    const waited = minutes >= 1 ? `${Math.round(minutes)} min` : `${Math.round(env.ACTION_RAPPEL_ATTENTE_MS / 1000)} s`
    await failAction(
      specOf(stored.type),
      stored,
      { message: `interrompue : aucun rappel de n8n après ${waited}`, severite: 'ERREUR', httpStatus: null, attempts: 0, durationMs: Date.now() - stored.dateMiseAJour.getTime() },
      { nomNoeud: 'n8n_callback', from: ['EN_ATTENTE'], numeroEssai: job.data.numeroEssai },
    )
  },
}

const abandoned: QueueDefinition<AttemptJob> = {
  name: QUEUES.abandon,
  workers: 1,
  options: { retryLimit: 10, retryDelay: 30, retryBackoff: true },
  handler: async (job) => {
    const stored = await loadStoredAction(job.data.actionId)
    if (!stored || stored.statut !== 'EN_COURS' || stored.numeroEssai !== job.data.numeroEssai) return
    await failAction(
      specOf(stored.type),
      stored,
      { message: 'erreur interne : l’action n’a pas pu être exécutée (voir la console du serveur)', severite: 'CRITIQUE', httpStatus: null, attempts: 0, durationMs: 0 },
      { nomNoeud: 'webhook_n8n_call', from: ['EN_COURS'], numeroEssai: job.data.numeroEssai },
    )
  },
}

/** Starts the job engine with the actions' queues (idempotent). */
export function actionEngine() {
  return startJobEngine({ queues: [abandoned, attempts, callbackChecks] as QueueDefinition[], expireInSeconds: attemptExpirySeconds() })
}
