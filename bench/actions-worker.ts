// One database: migrate, seed, then time conversions through the production build's request handler, against the
// n8n simulator over real HTTP. Prints progress on stderr and one JSON line on stdout.
import crypto from 'node:crypto'
import { startN8nSimulator } from '../app/n8n/simulator.server'
import { adminCookie, log, productionApp } from './worker-lib'
import { ms, stats, type SummaryRow } from './lib'

const N = Number(process.env.BENCH_CONVERSIONS ?? 200)
const WARMUP = 20
const isPg = process.env.DATABASE_URL!.startsWith('postgres')

// A real n8n configuration (not the built-in simulator): env is read when the build is imported.
const apiKey = crypto.randomBytes(16).toString('hex')
const callbackSecret = crypto.randomBytes(16).toString('hex')
// Only the answer is measured: the duplicate callback the shipped workflows send after it is left out.
const sim = await startN8nSimulator({ apiKey, callbackSecret, latencyMs: 0, callbackAfterSync: false })
// No callback is sent (callbackAfterSync: false), but a real n8n configuration requires APP_URL.
Object.assign(process.env, { N8N_WEBHOOK_BASE_URL: sim.webhookBaseUrl, N8N_API_KEY: apiKey, N8N_CALLBACK_SECRET: callbackSecret, APP_URL: 'http://127.0.0.1' })

const { handler, db } = await productionApp()
const { seedDatabase } = await import('../prisma/seed-data')
await seedDatabase(db, { prospects: Math.ceil(((N + WARMUP) * 6) / 5) + 30, withJournal: false })
if (isPg) await db.$executeRawUnsafe('VACUUM ANALYZE')

let cookie = await adminCookie(handler)

const prospects = await db.prospect.findMany({
  where: { statutProspect: { not: 'CANDIDAT' } },
  orderBy: { id: 'asc' },
  take: N + WARMUP,
  select: { id: true, formationSouhaiteeId: true },
})
if (prospects.length < N + WARMUP) throw new Error(`pas assez de prospects : ${prospects.length}`)
const sessions = new Map<string, string>()
for (const s of await db.sessionFormation.findMany({ where: { ouverte: true }, orderBy: { dateDebut: 'asc' } })) {
  if (!sessions.has(s.formationId)) sessions.set(s.formationId, s.id)
}

// The CSRF token as a browser gets it: from the modal's form, with its cookie.
const modal = await handler(new Request(`http://bench/admin/prospects/${prospects[0].id}/convertir`, { headers: { Cookie: cookie } }))
const token = /name="csrf" value="([^"]+)"/.exec(await modal.text())?.[1]
const csrfCookie = modal.headers.getSetCookie().find((c) => c.startsWith('bo_csrf='))
if (!token || !csrfCookie) throw new Error('jeton CSRF introuvable')
cookie = `${cookie}; ${csrfCookie.split(';')[0]}`

const total: number[] = []
const n8n: number[] = []
const added: number[] = []
for (const [i, p] of prospects.entries()) {
  const body = new URLSearchParams({ csrf: token, formation: p.formationSouhaiteeId!, session: sessions.get(p.formationSouhaiteeId!)! })
  const before = sim.requests.length
  const start = performance.now()
  const res = await handler(
    new Request(`http://bench/admin/prospects/${p.id}/convertir`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    }),
  )
  const elapsed = performance.now() - start
  if (res.status !== 302) throw new Error(`${p.id} → ${res.status} ${await res.text()}`)
  const calls = sim.requests.slice(before)
  if (calls.length !== 1 || calls[0].status !== 200) throw new Error(`${p.id} : ${calls.length} appel(s) n8n`)
  if (i < WARMUP) continue
  total.push(elapsed)
  n8n.push(calls[0].handledMs)
  added.push(elapsed - calls[0].handledMs)
}
const done = await db.actionProspect.count({ where: { type: 'CONVERTIR_CANDIDAT', statut: 'TERMINEE' } })
if (done !== N + WARMUP) throw new Error(`${done} actions TERMINEE sur ${N + WARMUP}`)
await sim.stop()

const t = stats(total)
const s = stats(n8n)
const a = stats(added)
const base = isPg ? 'PostgreSQL' : 'PGlite'
const summary: SummaryRow[] = [
  { bench: 'actions', cas: `conversion (${base})`, mesure: 'ajouté p50', valeur: ms(a.p50), cible: isPg ? '≤ 25 ms' : '—', atteinte: isPg ? a.p50 <= 25 : null },
  { bench: 'actions', cas: `conversion (${base})`, mesure: 'ajouté p95', valeur: ms(a.p95), cible: '—', atteinte: null },
]
console.log(JSON.stringify({ row: [ms(t.p50), ms(t.p95), ms(s.p50), ms(a.p50), ms(a.p95)], summary }))
process.exit(0)
