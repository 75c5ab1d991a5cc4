// One database: migrate, seed, then time "Convertir en candidat" form POSTs through the production build's request
// handler (and its job engine, pg-boss), against the n8n simulator over real HTTP:
// - n8n answering in 60 ms: the POST's answer time, and what it adds beyond n8n's own time;
// - the time from enqueue to the worker's start (pgboss.job created_on → started_on, one clock: the database's);
// - n8n hanging: the POST's answer time (the page stops waiting at ACTION_ATTENTE_MS).
// Prints progress on stderr and one JSON line on stdout.
import { ms, stats, type SummaryRow } from './lib'
import { adminCookie, benchN8n, log, productionApp } from './worker-lib'

const N = Number(process.env.BENCH_CONVERSIONS ?? 100)
const HANGING = Number(process.env.BENCH_HANGING ?? 10)
const WARMUP = 10
const isPg = process.env.DATABASE_URL!.startsWith('postgres')
const budget = Number(process.env.ACTION_ATTENTE_MS ?? 2000)

const sim = await benchN8n()

const { handler, db } = await productionApp()
const { seedDatabase } = await import('../prisma/seed-data')
// Two runs of N: one admin at a time (each POST 100 ms after the previous answer, once that action's last bookkeeping,
// its job's completion and the notices to other instances, is done), then back to back (each POST the instant the
// previous one answered, overlapping that bookkeeping).
const PAUSE_MS = 100
const count = 2 * N + WARMUP + HANGING
await seedDatabase(db, { prospects: Math.ceil((count * 6) / 5) + 30, withJournal: false })
if (isPg) await db.$executeRawUnsafe('VACUUM ANALYZE')

const cookie = await adminCookie(handler)
const prospects = await db.prospect.findMany({
  where: { statutProspect: { not: 'CANDIDAT' } },
  orderBy: { id: 'asc' },
  take: count,
  select: { id: true, formationSouhaiteeId: true },
})
if (prospects.length < count) throw new Error(`pas assez de prospects : ${prospects.length}`)
const sessions = new Map<string, string>()
for (const s of await db.sessionFormation.findMany({ where: { ouverte: true }, orderBy: { dateDebut: 'asc' } })) {
  if (!sessions.has(s.formationId)) sessions.set(s.formationId, s.id)
}

// The CSRF token as a browser gets it: from the modal's form.
const modal = await handler(new Request(`http://bench/admin/prospects/${prospects[0].id}/convertir`, { headers: { Cookie: cookie } }))
const token = /name="csrf" value="([^"]+)"/.exec(await modal.text())?.[1]
// The token is derived from the login session: the session cookie is all it needs.
if (!token) throw new Error('jeton CSRF introuvable')

async function convert(p: (typeof prospects)[number]) {
  const body = new URLSearchParams({ csrf: token!, formation: p.formationSouhaiteeId!, session: sessions.get(p.formationSouhaiteeId!)! })
  const start = performance.now()
  const res = await handler(
    new Request(`http://bench/admin/prospects/${p.id}/convertir`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
  )
  const elapsed = performance.now() - start
  if (res.status !== 302) throw new Error(`${p.id} → ${res.status} ${await res.text()}`)
  return elapsed
}

type Run = { total: number[]; n8n: number[]; added: number[] }
async function measure(list: typeof prospects, pauseMs: number, warmup: number): Promise<Run> {
  const run: Run = { total: [], n8n: [], added: [] }
  for (const [i, p] of list.entries()) {
    if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs))
    const before = sim.requests.length
    const elapsed = await convert(p)
    const calls = sim.requests.slice(before)
    if (calls.length !== 1 || calls[0].status !== 200) throw new Error(`${p.id} : ${calls.length} appel(s) n8n, statut ${calls[0]?.status}`)
    if (i < warmup) continue
    run.total.push(elapsed)
    run.n8n.push(calls[0].handledMs)
    run.added.push(elapsed - calls[0].handledMs)
  }
  return run
}

log(`n8n en 60 ms : ${N} conversions une à une (+ ${WARMUP} d’échauffement), puis ${N} à la suite`)
const alone = await measure(prospects.slice(0, N + WARMUP), PAUSE_MS, WARMUP)
const chained = await measure(prospects.slice(N + WARMUP, 2 * N + WARMUP), 0, 0)
const done = await db.actionProspect.count({ where: { type: 'CONVERTIR_CANDIDAT', statut: 'TERMINEE' } })
if (done !== 2 * N + WARMUP) throw new Error(`${done} actions TERMINEE sur ${2 * N + WARMUP}`)
const waits = await db.$queryRawUnsafe<{ ms: number }[]>(
  `SELECT extract(epoch FROM (started_on - created_on)) * 1000 AS ms FROM pgboss.job WHERE name = 'actions' ORDER BY created_on OFFSET ${WARMUP} LIMIT ${N}`,
)
const start = stats(waits.map((w) => Number(w.ms)))

log(`n8n qui ne répond pas : ${HANGING} conversions`)
sim.setFault('CONVERTIR_CANDIDAT', { kind: 'hang' })
const hanging: number[] = []
for (const p of prospects.slice(2 * N + WARMUP)) hanging.push(await convert(p))
const h = stats(hanging)
const lancees = await db.actionProspect.count({ where: { type: 'CONVERTIR_CANDIDAT', statut: 'EN_COURS' } })
if (lancees !== HANGING) throw new Error(`${lancees} actions en cours sur ${HANGING}`)

const t = stats(alone.total)
const s = stats(alone.n8n)
const a = stats(alone.added)
const c = stats(chained.added)
const base = isPg ? 'PostgreSQL' : 'PGlite'
const summary: SummaryRow[] = [
  { bench: 'actions', cas: `n8n en 60 ms (${base})`, mesure: 'POST p50 / p95', valeur: `${ms(t.p50)} / ${ms(t.p95)}`, cible: '—', atteinte: null },
  { bench: 'actions', cas: `n8n en 60 ms (${base})`, mesure: 'ajouté p50 / p95', valeur: `${ms(a.p50)} / ${ms(a.p95)}`, cible: '≤ 25 ms', atteinte: a.p50 <= 25 && a.p95 <= 25 },
  { bench: 'actions', cas: `n8n en 60 ms, POST à la suite (${base})`, mesure: 'ajouté p50 / p95', valeur: `${ms(c.p50)} / ${ms(c.p95)}`, cible: '—', atteinte: null },
  { bench: 'actions', cas: `file → tâche (${base})`, mesure: 'p50', valeur: ms(start.p50), cible: isPg ? '≤ 50 ms' : '—', atteinte: isPg ? start.p50 <= 50 : null },
  { bench: 'actions', cas: `n8n ne répond pas (${base})`, mesure: 'POST p50 / p95', valeur: `${ms(h.p50)} / ${ms(h.p95)}`, cible: `≤ ${budget + 500} ms`, atteinte: h.p95 <= budget + 500 },
]
console.log(JSON.stringify({ row: [ms(t.p50), ms(t.p95), ms(s.p50), ms(a.p50), ms(a.p95), `${ms(c.p50)} / ${ms(c.p95)}`, ms(start.p50), ms(h.p50), ms(h.p95)], summary }))
process.exit(0)
