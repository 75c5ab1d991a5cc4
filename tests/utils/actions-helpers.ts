// Helpers for the prospect action tests: the flash toast a redirect carries, and fixtures read from the seed.
import { getToast, type Toast } from '~/utils/toast.server'
import { db } from '~/utils/db.server'
import { BASE } from './helpers'

/** The flash toast set by a redirect, as the next page would read it. */
export async function toastOf(response: unknown): Promise<Toast | null> {
  if (!(response instanceof Response)) return null
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0])
  const { toast } = await getToast(new Request(BASE, { headers: { Cookie: cookies.join('; ') } }))
  return toast
}

/** An open session of the formation (and one of another formation, to test mismatches). */
export async function openSession(formationId: string) {
  return db.sessionFormation.findFirstOrThrow({ where: { formationId, ouverte: true }, orderBy: { dateDebut: 'asc' } })
}

export async function closedSession(formationId: string) {
  return db.sessionFormation.findFirstOrThrow({ where: { formationId, ouverte: false } })
}

export async function counts(prospectId: string) {
  const [actions, candidats, emails, journal] = await Promise.all([
    db.actionProspect.count({ where: { prospectId } }),
    db.candidat.count({ where: { prospectId } }),
    db.historiqueEmail.count({ where: { prospectId } }),
    db.journalErreur.count({ where: { prospectId } }),
  ])
  return { actions, candidats, emails, journal }
}

/**
 * Waits until the action is final (TERMINEE or ECHEC) and its failure fully recorded (the journal entry and the
 * admins' notification are written just after the status): the job engine keeps working after the page answered.
 */
export async function settledAction(actionId: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const action = await db.actionProspect.findUniqueOrThrow({ where: { id: actionId } })
    if (action.statut === 'TERMINEE' || (action.statut === 'ECHEC' && (await failureRecorded(actionId)))) return action
    if (Date.now() > until) throw new Error(`action ${actionId} toujours ${action.statut} après ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function failureRecorded(actionId: string) {
  const entry = await db.journalErreur.findFirst({ where: { actionId, severite: { in: ['ERREUR', 'CRITIQUE'] } }, orderBy: { id: 'desc' } })
  return entry !== null && (await db.notification.count({ where: { lienAction: `/admin/logs/${entry.id}` } })) > 0
}

/** Waits until the action's first attempt is over (done, failed, accepted with a 202, or a retry planned). */
export async function attemptedAction(actionId: string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const action = await db.actionProspect.findUniqueOrThrow({ where: { id: actionId } })
    if (action.statut !== 'EN_COURS' || action.prochainEssai) return action
    if (Date.now() > until) throw new Error(`action ${actionId} toujours en cours après ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
