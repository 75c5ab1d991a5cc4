// What /admin/systeme shows: the actions waiting for an automatic retry, the job queue, n8n's reachability as the
// instances last saw it, and each instance's heartbeat.
import { QUEUES } from '~/prospects/actions/queues'
import { db } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { queueStats } from '~/utils/jobs.server'
import { actionEngine } from '~/prospects/actions/engine.server'
import { beat } from './heartbeat.server'

/** An instance silent for three heartbeats is shown as stopped. */
const aliveWithinMs = () => Math.max(3 * env.INSTANCE_HEARTBEAT_MS, 30_000)

export async function getSystemStatus(now = new Date()) {
  await actionEngine()
  // This instance's own row, fresh: what the admin looks at includes their own connection.
  await beat()
  const [file, reprises, enAttenteRappel, instances] = await Promise.all([
    queueStats(QUEUES.actions),
    db.actionProspect.findMany({
      where: { statut: 'EN_COURS', prochainEssai: { not: null } },
      orderBy: { prochainEssai: 'asc' },
      take: 50,
      select: { id: true, type: true, prochainEssai: true, reprises: true, debutIncident: true, prospect: { select: { id: true, prenom: true, nom: true } } },
    }),
    db.actionProspect.count({ where: { statut: 'EN_ATTENTE' } }),
    db.instanceApp.findMany({ orderBy: { dateDemarrage: 'asc' } }),
  ])
  const rows = instances.map((i) => ({ ...i, active: now.getTime() - i.dateBattement.getTime() <= aliveWithinMs() }))
  const latest = (values: (Date | null)[]) => values.reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null)
  const lastFailure = rows.filter((i) => i.n8nDernierEchec).sort((a, b) => b.n8nDernierEchec!.getTime() - a.n8nDernierEchec!.getTime())[0]
  const n8n = {
    dernierSucces: latest(rows.map((i) => i.n8nDernierSucces)),
    dernierEchec: lastFailure?.n8nDernierEchec ?? null,
    derniereErreur: lastFailure?.n8nDerniereErreur ?? null,
  }
  const joignable = n8n.dernierEchec === null || (n8n.dernierSucces !== null && n8n.dernierSucces > n8n.dernierEchec)
  return { file, reprises, enAttenteRappel, instances: rows, n8n: { ...n8n, joignable } }
}
