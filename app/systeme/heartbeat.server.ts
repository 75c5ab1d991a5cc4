// This process's row in instances_app, refreshed every INSTANCE_HEARTBEAT_MS: what /admin/systeme shows per
// instance (open notification streams, actions run, what it last saw of n8n). Removed on a clean stop; the row of a
// killed process stays, its heartbeat getting old, and goes after a day.
import crypto from 'node:crypto'
import os from 'node:os'
import { n8nReachability } from '~/n8n/client.server'
import { streamStats } from '~/notifications/hub.server'
import { QUEUES } from '~/prospects/actions/queues'
import type { BootTask } from '~/utils/boot.server'
import { db, type Prisma } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { jobsDone } from '~/utils/jobs.server'

type State = { id: string; startedAt: Date; timer?: NodeJS.Timeout }
const holder = globalThis as unknown as { __heartbeat?: State }
const state: State = (holder.__heartbeat ??= { id: crypto.randomUUID(), startedAt: new Date() })

const FORGET_AFTER_MS = 24 * 3600_000

export async function beat() {
  const flux = streamStats()
  const reach = n8nReachability()
  const values = {
    hote: os.hostname(),
    pid: process.pid,
    dateDemarrage: state.startedAt,
    dateBattement: new Date(),
    flux: flux.clients.total,
    fluxParAudience: { ADMIN: flux.clients.ADMIN, FORMATEUR: flux.clients.FORMATEUR, ELEVE: flux.clients.ELEVE } satisfies Prisma.InputJsonValue,
    actionsTraitees: jobsDone(QUEUES.actions),
    n8nDernierSucces: reach.dernierSucces,
    n8nDernierEchec: reach.dernierEchec,
    n8nDerniereErreur: reach.derniereErreur?.slice(0, 500) ?? null,
  }
  await db.instanceApp.upsert({ where: { id: state.id }, create: { id: state.id, ...values }, update: values })
  await db.instanceApp.deleteMany({ where: { dateBattement: { lt: new Date(Date.now() - FORGET_AFTER_MS) } } })
}

export const heartbeatTask: BootTask = {
  name: 'battement de l’instance',
  start: async () => {
    const run = () => beat().catch((error) => console.error('[système] battement de l’instance non enregistré', error))
    await run()
    if (env.INSTANCE_HEARTBEAT_MS > 0) state.timer ??= setInterval(run, env.INSTANCE_HEARTBEAT_MS).unref()
  },
  stop: async () => {
    clearInterval(state.timer)
    state.timer = undefined
    await db.instanceApp.deleteMany({ where: { id: state.id } }).catch(() => {})
  },
}
