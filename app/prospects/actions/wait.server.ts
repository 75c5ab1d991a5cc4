// The wait budget of an action's POST: the page waits at most ACTION_ATTENTE_MS for the action to settle (done,
// failed, accepted for a callback, or scheduled for a retry), woken by the action's status events (from this
// instance or, on PostgreSQL, from another through LISTEN/NOTIFY), with a slow poll of the row as a safety net.
import { subscribe } from '~/notifications/bus.server'
import { db, type ActionProspect } from '~/utils/db.server'

const POLL_MS = 250

function settled(action: Pick<ActionProspect, 'statut' | 'prochainEssai'>) {
  return action.statut !== 'EN_COURS' || action.prochainEssai !== null
}

export function waitForAction(actionId: string, budgetMs: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false
    let checking = false
    const finish = () => {
      if (done) return
      done = true
      unsubscribe()
      clearInterval(poll)
      clearTimeout(deadline)
      resolve()
    }
    const check = async () => {
      if (done || checking) return
      checking = true
      try {
        const row = await db.actionProspect.findUnique({ where: { id: actionId }, select: { statut: true, prochainEssai: true } })
        if (!row || settled(row)) finish()
      } catch {
        // The caller reads the row again and reports what it can.
        finish()
      } finally {
        checking = false
      }
    }
    const unsubscribe = subscribe((event) => {
      if (event.kind !== 'action' || event.actionId !== actionId) return
      // A final status (or the 202) settles it; a retry being planned (still EN_COURS) needs the row.
      if (event.statut !== 'EN_COURS') finish()
      else void check()
    })
    const poll = setInterval(() => void check(), POLL_MS)
    const deadline = setTimeout(finish, budgetMs)
  })
}
