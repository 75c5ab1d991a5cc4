// Launching an action, the same way for all four: create its actions_prospect row (with parameters checked by the
// action's schema), then run it.
import type { ActionType } from '~/n8n/contract'
import { db, type Prisma } from '~/utils/db.server'
import { runAction, type ActionOutcome, type ActionSpec } from './run-action.server'

export type StartInput<P> = {
  prospectId: string
  demandeParId: string
  /**
   * The parameters, or a function computing them inside the transaction that creates the row (the conversion
   * creates the candidate there); it returns null when the prospect disappeared meanwhile.
   */
  parametres: P | ((tx: Prisma.TransactionClient) => Promise<P | null>)
}

export async function startAction<P>(spec: ActionSpec<ActionType, P>, input: StartInput<P>): Promise<ActionOutcome | { kind: 'introuvable' }> {
  const actionId = await db.$transaction(
    async (tx) => {
      const raw = typeof input.parametres === 'function' ? await (input.parametres as (tx: Prisma.TransactionClient) => Promise<P | null>)(tx) : input.parametres
      if (raw === null) return null
      // The schema that reads the row later checks it now: an action never stores parameters it cannot read.
      const parametres = spec.parametres.parse(raw) as Prisma.InputJsonValue
      const action = await tx.actionProspect.create({
        data: { prospectId: input.prospectId, type: spec.type, demandeParId: input.demandeParId, parametres },
        select: { id: true },
      })
      return action.id
    },
    { maxWait: 15_000, timeout: 15_000 },
  )
  if (actionId === null) return { kind: 'introuvable' }
  return runAction(spec, actionId)
}
