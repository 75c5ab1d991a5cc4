// The job engine: pg-boss 10 on the app's own database — PostgreSQL through pg-boss's pool, the embedded PGlite
// through its `db` option (one owner per folder, so it shares the app's instance). Jobs can be sent inside a Prisma
// interactive transaction, so a job exists exactly when the rows it works on were committed. Domain modules give
// their queues and handlers; this file knows nothing of what the jobs do.
import type { PGlite } from '@electric-sql/pglite'
import PgBoss from 'pg-boss'
import { resolveDatabaseTarget } from './database-url'
import { embeddedDatabase, type Prisma } from './db.server'
import { env } from './env.server'

export type JobHandler<T extends object> = (job: PgBoss.Job<T>) => Promise<void>

export type QueueDefinition<T extends object = object> = {
  name: string
  options?: Omit<PgBoss.Queue, 'name'>
  /** Local workers polling this queue; each runs one job at a time. */
  workers: number
  handler: JobHandler<T>
}

export type JobEngineConfig = {
  queues: QueueDefinition[]
  /** Longest a job may run before the engine declares it lost (a crashed process) and runs it again. */
  expireInSeconds: number
}

type EngineState = {
  started?: Promise<PgBoss>
  boss?: PgBoss
  workers: Map<string, string[]>
  /** Workers running a job now, and the next one to wake (in turn). */
  busy: Set<string>
  nextWake: number
  stopping?: Promise<void>
  done?: Map<string, number>
}
const holder = globalThis as unknown as { __jobs?: EngineState }
const state: EngineState = (holder.__jobs ??= { workers: new Map(), busy: new Set(), nextWake: 0 })
state.done ??= new Map()
state.busy ??= new Set()
state.nextWake ??= 0

/** pg-boss's `db` option on PGlite: multi-statement scripts (its schema) need exec(), parameterised ones query(). */
function pgliteExecutor(pglite: PGlite): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await pglite.exec(text)
        const last = results[results.length - 1]
        return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 }
      }
      const result = await pglite.query(text, values)
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 }
    },
  }
}

function connection(): PgBoss.ConstructorOptions {
  const target = resolveDatabaseTarget(env.DATABASE_URL)
  if (target.kind === 'postgres') return { connectionString: target.url, max: 4, application_name: 'bo-jobs' }
  const pglite = embeddedDatabase()
  if (!pglite) throw new Error('base PGlite non ouverte : le moteur de tâches la partage avec l’application')
  return { db: pgliteExecutor(pglite) }
}

/** Starts the engine once per process (later calls get the same promise): schema, queues, then local workers. */
export function startJobEngine(config: JobEngineConfig): Promise<PgBoss> {
  state.started ??= (async () => {
    const boss = new PgBoss({
      ...connection(),
      // No cron here: every job is sent by the app.
      schedule: false,
      pollingIntervalSeconds: env.JOBS_POLLING_MS / 1000,
      expireInSeconds: config.expireInSeconds,
      // Lost jobs (a killed process) are found by the maintenance pass: often enough to resume soon after a restart.
      maintenanceIntervalSeconds: Math.max(1, Math.min(30, Math.ceil(config.expireInSeconds / 2))),
      monitorStateIntervalSeconds: 60,
    })
    boss.on('error', (error) => console.error('[tâches] erreur du moteur de tâches', error))
    await boss.start()
    for (const queue of config.queues) {
      // createQueue keeps an existing queue; updateQueue applies changed settings (a new expiry, a dead letter).
      await retryConflicts(() => boss.createQueue(queue.name, { name: queue.name, ...queue.options }))
      await retryConflicts(() => boss.updateQueue(queue.name, { name: queue.name, ...queue.options }))
    }
    for (const queue of config.queues) {
      const ids: string[] = []
      for (let i = 0; i < queue.workers; i++) {
        const id: string = await boss.work<object>(queue.name, { batchSize: 1 }, async ([job]) => {
          state.busy.add(id)
          try {
            await queue.handler(job)
            state.done!.set(queue.name, (state.done!.get(queue.name) ?? 0) + 1)
          } catch (error) {
            // The engine runs it again later (retryLimit), then hands it to the queue's dead letter.
            console.error(`[tâches] la tâche ${job.id} de la file « ${queue.name} » a échoué ; le moteur la relancera`, error)
            throw error
          } finally {
            state.busy.delete(id)
            // Drained queues are fetched again at once rather than after a polling interval.
            boss.notifyWorker(id)
          }
        })
        ids.push(id)
      }
      state.workers.set(queue.name, ids)
    }
    state.boss = boss
    return boss
  })()
  state.started.catch(() => {
    state.started = undefined
  })
  return state.started
}

/** Jobs of a queue this process's workers ran to completion since it started. */
export function jobsDone(queue: string) {
  return state.done?.get(queue) ?? 0
}

/**
 * Instances starting together on a fresh database create the same queues (and their partitions) at once: PostgreSQL
 * answers one of them with a deadlock or a duplicate; trying again a moment later finds the queue made.
 */
async function retryConflicts(work: () => Promise<void>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      const code = (error as { code?: string }).code
      if (attempt >= 5 || (code !== '40P01' && code !== '23505' && code !== '42P07')) throw error
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300 * attempt))
    }
  }
}

export function jobEngineRunning() {
  return state.boss !== undefined
}

export async function stopJobEngine() {
  const started = state.started
  if (!started) return
  state.stopping ??= (async () => {
    const boss = await started.catch(() => null)
    state.started = undefined
    state.boss = undefined
    state.workers.clear()
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 })
  })()
  await state.stopping
  state.stopping = undefined
}

function running(): PgBoss {
  if (!state.boss) throw new Error('moteur de tâches non démarré')
  return state.boss
}

/**
 * Sends a job; with `tx`, inside that Prisma interactive transaction (committed or rolled back with it). Returns the
 * job id. Throws when the engine's tables cannot be written: the caller's transaction fails with it.
 */
export async function sendJob(queue: string, data: object, options: { tx?: Prisma.TransactionClient; startAfter?: Date } = {}) {
  const boss = running()
  const db: PgBoss.Db | undefined = options.tx
    ? { executeSql: async (text, values) => ({ rows: await options.tx!.$queryRawUnsafe<unknown[]>(text, ...values) }) }
    : undefined
  const id = await boss.send(queue, data, { ...(options.startAfter ? { startAfter: options.startAfter } : {}), ...(db ? { db } : {}) })
  if (!id) throw new Error(`la file « ${queue} » n’a pas accepté la tâche`)
  return id
}

/**
 * Wakes one idle worker of a queue in this process (after a commit): the job starts now, not at the next poll. One
 * is enough for one job (waking them all sends them all to fetch, for one to win); when all are busy, each fetches
 * again as soon as it finishes.
 */
export function wakeWorkers(queue: string) {
  const boss = state.boss
  const ids = state.workers.get(queue) ?? []
  // In turn: jobs sent one after another wake different workers, which fetch side by side.
  for (let i = 0; i < ids.length; i++) {
    const id = ids[(state.nextWake + i) % ids.length]
    if (state.busy.has(id)) continue
    state.nextWake = (state.nextWake + i + 1) % ids.length
    boss?.notifyWorker(id)
    return
  }
}

/** What /admin/systeme shows of a queue: jobs ready, deferred (a retry later), running, and the oldest ready one. */
export async function queueStats(queue: string) {
  const boss = running()
  const db = boss.getDb()
  const { rows } = await db.executeSql(
    `SELECT
       count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS prets,
       count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after > now())::int AS differes,
       count(*) FILTER (WHERE state = 'active')::int AS en_cours,
       min(created_on) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now()) AS plus_ancien,
       min(start_after) FILTER (WHERE state IN ('created', 'retry') AND start_after > now()) AS prochain
     FROM pgboss.job WHERE name = $1`,
    [queue],
  )
  const row = rows[0] as { prets: number; differes: number; en_cours: number; plus_ancien: Date | string | null; prochain: Date | string | null }
  const date = (v: Date | string | null) => (v === null ? null : new Date(v))
  return { prets: row.prets, differes: row.differes, enCours: row.en_cours, plusAncien: date(row.plus_ancien), prochain: date(row.prochain) }
}
