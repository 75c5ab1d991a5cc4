// Launching an action, the same way for all four: in one transaction, its actions_prospect row (parameters checked
// by the action's schema) and the job of its first attempt; then the page waits at most ACTION_ATTENTE_MS for it.
import type { ActionType } from '~/n8n/contract'
import { db, type Prisma } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { sendJob, wakeWorkers } from '~/utils/jobs.server'
import { actionEngine } from './engine.server'
import { QUEUES } from './queues'
import { currentOutcome, takeSettled, type ActionOutcome, type ActionSpec, type AnyActionSpec } from './run-action.server'
import { waitForAction } from './wait.server'

export type StartInput<P> = {
  prospectId: string
  demandeParId: string
  /**
   * The parameters, or a function computing them inside the transaction that creates the row (the conversion
   * creates the candidate there); it returns null when the prospect disappeared meanwhile.
   */
  parametres: P | ((tx: Prisma.TransactionClient) => Promise<P | null>)
}

/** The job engine could not take the action (its tables unreachable): nothing was created. */
export class EngineUnavailableError extends Error {}

export type StartResult = ActionOutcome | { kind: 'introuvable' } | { kind: 'indisponible' }

export async function startAction<P>(spec: ActionSpec<ActionType, P>, input: StartInput<P>): Promise<StartResult> {
  try {
    await actionEngine()
  } catch (error) {
    console.error('[actions] moteur de tâches indisponible', error)
    return { kind: 'indisponible' }
  }
  let actionId: string | null
  try {
    actionId = await db.$transaction(
      async (tx) => {
        const raw = typeof input.parametres === 'function' ? await (input.parametres as (tx: Prisma.TransactionClient) => Promise<P | null>)(tx) : input.parametres
        if (raw === null) return null
        // The schema that reads the row later checks it now: an action never stores parameters it cannot read.
        const parametres = spec.parametres.parse(raw) as Prisma.InputJsonValue
        const action = await tx.actionProspect.create({
          data: {
            prospectId: input.prospectId,
            type: spec.type,
            demandeParId: input.demandeParId,
            parametres,
            attenteParId: input.demandeParId,
            attenteJusqua: new Date(Date.now() + env.ACTION_ATTENTE_MS),
          },
          select: { id: true },
        })
        await enqueue(tx, action.id, 1)
        return action.id
      },
      { maxWait: 15_000, timeout: 15_000 },
    )
  } catch (error) {
    if (!(error instanceof EngineUnavailableError)) throw error
    console.error('[actions] file des actions injoignable : rien n’a été créé', error.cause)
    return { kind: 'indisponible' }
  }
  if (actionId === null) return { kind: 'introuvable' }
  wakeWorkers(QUEUES.actions)
  return waitThenOutcome(spec, actionId)
}

/**
 * Waits for the action within the budget, then says where it stands. The page stops waiting first (attenteJusqua):
 * an end the page does not report is notified to its admin live, and one it reports is not notified twice.
 */
export async function waitThenOutcome(spec: AnyActionSpec, actionId: string): Promise<ActionOutcome> {
  await waitForAction(actionId, env.ACTION_ATTENTE_MS)
  const outcome = takeSettled(actionId) ?? (await currentOutcome(spec, actionId))
  if (outcome.kind === 'termine' || outcome.kind === 'echec') return outcome
  // Not over: from now on its end is notified live; read again, in case it ended meanwhile.
  await db.actionProspect.updateMany({ where: { id: actionId, attenteJusqua: { not: null } }, data: { attenteJusqua: null } })
  return currentOutcome(spec, actionId)
}

/** The job of an attempt, inside the transaction that writes the action: both or neither. */
export async function enqueue(tx: Prisma.TransactionClient, actionId: string, numeroEssai: number) {
  try {
    await sendJob(QUEUES.actions, { actionId, numeroEssai }, { tx })
  } catch (error) {
    throw new EngineUnavailableError('file des actions injoignable', { cause: error })
  }
}
