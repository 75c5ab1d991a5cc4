// 1,000 actions through two app processes (node server.js) on one PostgreSQL database: form POSTs ("Envoyer email",
// relance) spread over both, 20 at a time, against the n8n simulator (20 ms). Checks that each action ran exactly
// once (one job, no retry, one n8n call per idempotency key) and prints the total time and how the work was shared.
// Run by bench/actions.ts with DATABASE_URL (a fresh database) and BUILD_DIR; one JSON line on stdout.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import net from 'node:net'
import { startN8nSimulator } from '../app/n8n/simulator.server'
import { migrate } from '../scripts/lib/migrate'
import { ms, type SummaryRow } from './lib'
import { log } from './worker-lib'

const TOTAL = Number(process.env.BENCH_INSTANCE_ACTIONS ?? 1000)
const CONCURRENCY = 20

await migrate('deploy', { log: () => {} })
// This process only prepares and reads the database: it is no app, and needs no n8n (the instances get the simulator).
const ownEnv = { ...process.env }
process.env.N8N_SIMULATEUR = '1'
const { db } = await import('../app/utils/db.server')
const { seedDatabase, DEMO_USERS } = await import('../prisma/seed-data')
await seedDatabase(db, { prospects: TOTAL + 50, withJournal: false })
const prospects = (await db.prospect.findMany({ where: { emails: { isEmpty: false } }, orderBy: { id: 'asc' }, take: TOTAL, select: { id: true } })).map((p) => p.id)
if (prospects.length < TOTAL) throw new Error(`pas assez de prospects avec email : ${prospects.length}`)

const apiKey = crypto.randomBytes(16).toString('hex')
const callbackSecret = crypto.randomBytes(16).toString('hex')
const sim = await startN8nSimulator({ apiKey, callbackSecret, latencyMs: 20, callbackAfterSync: false })

async function freePort() {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

const children: ChildProcess[] = []
async function start() {
  const port = await freePort()
  const child = spawn(process.execPath, ['server.js'], {
    env: {
      ...ownEnv,
      APP_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      N8N_WEBHOOK_BASE_URL: sim.webhookBaseUrl,
      N8N_API_KEY: apiKey,
      N8N_CALLBACK_SECRET: callbackSecret,
      // Frequent heartbeats: the share of the work read at the end is up to date.
      INSTANCE_HEARTBEAT_MS: '300',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  children.push(child)
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/login`).then((r) => r.ok, () => false)) return url
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`l’instance ${url} ne répond pas`)
}
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')))

const instances = await Promise.all([start(), start()])
// One admin session (shared: sessions live in the database) and a CSRF token from a real form.
const login = await fetch(`${instances[0]}/login`, {
  method: 'POST',
  redirect: 'manual',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ email: DEMO_USERS.admin.email, motDePasse: DEMO_USERS.admin.password }),
})
const session = login.headers.getSetCookie().find((c) => c.startsWith('bo_session='))!.split(';')[0]
const modal = await fetch(`${instances[0]}/admin/prospects/${prospects[0]}/envoyer-email`, { headers: { Cookie: session } })
const token = /name="csrf" value="([^"]+)"/.exec(await modal.text())![1]
// The token is derived from the login session: the session cookie is all it needs.
const cookie = session

log(`${TOTAL} actions sur deux instances, ${CONCURRENCY} à la fois`)
const started = performance.now()
let next = 0
async function lane() {
  while (next < prospects.length) {
    const i = next++
    const res = await fetch(`${instances[i % 2]}/admin/prospects/${prospects[i]}/envoyer-email`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: token, intent: 'relancer' }),
    })
    await res.arrayBuffer()
    if (res.status !== 302) throw new Error(`${prospects[i]} → ${res.status}`)
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, lane))
const posted = performance.now() - started
while ((await db.actionProspect.count({ where: { statut: 'TERMINEE' } })) < TOTAL) {
  if (performance.now() - started > 600_000) throw new Error('les actions ne sont pas toutes terminées après 10 min')
  await new Promise((r) => setTimeout(r, 100))
}
const elapsed = performance.now() - started
await new Promise((r) => setTimeout(r, 1_000))

const jobs = await db.$queryRawUnsafe<{ n: number; once: number }[]>(
  `SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'completed' AND retry_count = 0)::int AS once FROM pgboss.job WHERE name = 'actions'`,
)
const perKey = new Map<string, number>()
for (const r of sim.requests) if (r.idempotencyKey) perKey.set(r.idempotencyKey, (perKey.get(r.idempotencyKey) ?? 0) + 1)
const actionIds = (await db.actionProspect.findMany({ select: { id: true } })).map((a) => a.id)
const exactlyOnce = actionIds.length === TOTAL && jobs[0].n === TOTAL && jobs[0].once === TOTAL && actionIds.every((id) => perKey.get(id) === 1)
const shares = await db.instanceApp.findMany({ select: { actionsTraitees: true } })
for (const c of children) c.kill('SIGTERM')
await sim.stop()
const share = shares.map((s) => s.actionsTraitees).join(' / ')
log(`terminé en ${ms(elapsed)} (POST envoyés en ${ms(posted)}) ; partage ${share} ; une seule fois : ${exactlyOnce}`)
const summary: SummaryRow[] = [
  { bench: 'actions', cas: `${TOTAL} actions, deux instances (PostgreSQL)`, mesure: 'durée totale', valeur: `${(elapsed / 1000).toFixed(1)} s`, cible: '—', atteinte: null },
  { bench: 'actions', cas: `${TOTAL} actions, deux instances (PostgreSQL)`, mesure: 'chacune exactement une fois', valeur: exactlyOnce ? 'oui' : 'NON', cible: 'oui', atteinte: exactlyOnce },
]
console.log(JSON.stringify({ row: [`${(elapsed / 1000).toFixed(1)} s`, `${(TOTAL / (elapsed / 1000)).toFixed(0)} /s`, share, exactlyOnce ? 'oui' : 'NON'], summary }))
process.exit(exactlyOnce ? 0 : 1)
