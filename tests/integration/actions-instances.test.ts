// Two real app processes (node server.js) on one PostgreSQL database share the actions' jobs: each job runs once,
// 20 simultaneous conversions of one prospect spread over both give one candidate and one call to n8n. PostgreSQL
// only (PGlite has one owner per folder).
import crypto from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startN8nSimulator, type N8nSimulator } from '~/n8n/simulator.server'
import { db } from '~/utils/db.server'
import { openSession } from '../utils/actions-helpers'
import { createProspect } from '../utils/db-utils'
import { sessionFor } from '../utils/helpers'
import { waitFor } from '../utils/sse-client'
import { ensureBuild, startInstance, stopInstance, type Instance } from '../utils/sse-server'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const onPostgres = process.env.TEST_DB === 'postgres'
const BUILD_DIR = 'tests/.tmp/build-instances'

let sim: N8nSimulator
let a: Instance
let b: Instance

/** A form POST on an instance, as a browser without JavaScript sends it (session cookie, CSRF cookie and token). */
async function postForm(instance: Instance, path: string, fields: Record<string, string>) {
  const { cookie, csrfToken } = await sessionFor('admin')
  return fetch(`${instance.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, csrf: csrfToken }),
  })
}

describe.skipIf(!onPostgres)('deux instances sur une même base PostgreSQL', () => {
  beforeAll(async () => {
    const apiKey = crypto.randomBytes(12).toString('hex')
    const callbackSecret = crypto.randomBytes(12).toString('hex')
    sim = await startN8nSimulator({ apiKey, callbackSecret, latencyMs: 20 })
    ensureBuild(BUILD_DIR)
    const env = {
      N8N_WEBHOOK_BASE_URL: sim.webhookBaseUrl,
      N8N_API_KEY: apiKey,
      N8N_CALLBACK_SECRET: callbackSecret,
      ACTION_WORKERS: '3',
      JOBS_POLLING_MS: '500',
      INSTANCE_HEARTBEAT_MS: '300',
      // A generous attempt length: on a busy machine a job must not be taken for lost (and run twice) while it runs.
      N8N_TIMEOUT_MS: '5000',
    }
    ;[a, b] = await Promise.all([startInstance({ buildDir: BUILD_DIR, env }), startInstance({ buildDir: BUILD_DIR, env })])
  }, 180_000)

  afterEach((context) => {
    // A failure shows what the instances said (their errors are the likely cause).
    if (context.task.result?.state === 'fail') console.warn([a, b].map((i) => i.output.join('')).join('\n----\n'))
  })

  afterAll(async () => {
    await Promise.all([a, b].map(stopInstance))
    await sim?.stop()
  })

  it('20 conversions simultanées du même prospect, réparties sur les deux : un candidat, un seul appel à n8n', async () => {
    const prospect = await createProspect()
    const session = await openSession('CAP_BIJOUTERIE')
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postForm(i % 2 ? a : b, `/admin/prospects/${prospect.id}/convertir`, { formation: 'CAP_BIJOUTERIE', session: session.id })),
    )
    const statuses = responses.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 302)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    expect(await db.candidat.count({ where: { prospectId: prospect.id } })).toBe(1)
    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect.id } })
    await waitFor(async () => (await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut === 'TERMINEE', { timeoutMs: 15_000, what: 'la fin de la conversion' })
    expect(sim.requests.filter((r) => r.idempotencyKey === action.id)).toHaveLength(1)
  })

  it('40 actions lancées sur les deux instances : chaque tâche exécutée une fois, les deux instances au travail', async () => {
    const prospects = await Promise.all(Array.from({ length: 40 }, () => createProspect()))
    const responses = await Promise.all(prospects.map((p, i) => postForm(i % 2 ? a : b, `/admin/prospects/${p.id}/envoyer-email`, { intent: 'relancer' })))
    expect(responses.map((r) => r.status)).toEqual(prospects.map(() => 302))
    const ids = prospects.map((p) => p.id)
    await waitFor(async () => (await db.actionProspect.count({ where: { prospectId: { in: ids }, statut: 'TERMINEE' } })) === 40, {
      timeoutMs: 30_000,
      what: 'la fin des 40 envois',
    })
    const actions = await db.actionProspect.findMany({ where: { prospectId: { in: ids } }, select: { id: true } })
    // One call to n8n per action, and one job per action that ran once (no retry, nothing left).
    for (const { id } of actions) expect(sim.requests.filter((r) => r.idempotencyKey === id)).toHaveLength(1)
    const jobs = await db.$queryRawUnsafe<{ action: string; state: string; retry_count: number }[]>(
      `SELECT data->>'actionId' AS action, state::text, retry_count FROM pgboss.job WHERE name = 'actions' AND data->>'actionId' = ANY($1::text[])`,
      actions.map((x) => x.id),
    )
    expect(jobs).toHaveLength(40)
    expect(jobs.every((j) => j.state === 'completed' && j.retry_count === 0)).toBe(true)
    expect(await db.historiqueEmail.count({ where: { prospectId: { in: ids } } })).toBe(40)
    // Both heartbeats count work done.
    await waitFor(async () => (await db.instanceApp.findMany()).filter((i) => i.actionsTraitees > 0).length === 2, { timeoutMs: 5_000, what: 'le travail des deux instances' })
  })
})
