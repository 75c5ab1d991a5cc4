// One database: migrate, seed, then measure. Prints progress on stderr and one JSON line on stdout.
import { adminCookie, log, productionApp } from './worker-lib'
import { ms, stats, type SummaryRow } from './lib'

const N = Number(process.env.BENCH_REQUESTS ?? 200)
const prospects = Number(process.env.BENCH_PROSPECTS ?? 100_000)
const isPg = process.env.DATABASE_URL!.startsWith('postgres')

const { handler, db } = await productionApp()
const { seedDatabase } = await import('../prisma/seed-data')
let t = performance.now()
await seedDatabase(db, { prospects, withJournal: true })
log(`  remplissage : ${((performance.now() - t) / 1000).toFixed(1)} s`)
t = performance.now()
await db.$executeRawUnsafe('VACUUM ANALYZE')
log(`  VACUUM ANALYZE : ${((performance.now() - t) / 1000).toFixed(1)} s`)

const cookie = await adminCookie(handler)

const notCandidat = `statut_prospect <> 'CANDIDAT'`
const cols = `p.id_prospect, p.nom, p.prenom, p.emails, p.telephones, p.mode_financement, p.statut_prospect, p.source, p.nb_echanges, p.date_dernier_contact, f.id, f.nom`
// The same three statements the page runs: count, the page's ids, then its rows.
const ids = (where: string, offset: number) =>
  `SELECT id_prospect FROM prospects WHERE ${where} ORDER BY date_dernier_contact DESC, id_prospect DESC LIMIT 25 OFFSET ${offset}`
const rowsById = (list: string[]) =>
  `SELECT ${cols} FROM prospects p LEFT JOIN formations f ON f.id = p.formation_souhaitee WHERE p.id_prospect IN (${list.map((id) => `'${id}'`).join(',')})`
const count = (where: string) => `SELECT count(*) FROM prospects WHERE ${where}`
const cases = [
  { name: 'sans filtre', query: '', where: notCandidat, offset: 0 },
  { name: 'statut + formation', query: '?statut=NOUVEAU&formation=SERTISSAGE', where: `statut_prospect = 'NOUVEAU' AND formation_souhaitee = 'SERTISSAGE'`, offset: 0 },
  { name: 'recherche texte', query: '?q=dumitru', where: `${notCandidat} AND texte_recherche LIKE '%dumitru%'`, offset: 0 },
  { name: 'page profonde (2000)', query: '?page=2000', where: notCandidat, offset: 1999 * 25 },
]

const rows: string[][] = []
const summary: SummaryRow[] = []
for (const c of cases) {
  const url = `http://bench/admin/prospects${c.query}`
  for (let i = 0; i < 10; i++) await (await handler(new Request(url, { headers: { Cookie: cookie } }))).text()
  const pageTimes: number[] = []
  let lines = 0
  for (let i = 0; i < N; i++) {
    const start = performance.now()
    const res = await handler(new Request(url, { headers: { Cookie: cookie } }))
    const html = await res.text()
    pageTimes.push(performance.now() - start)
    if (res.status !== 200) throw new Error(`${url} → ${res.status}`)
    if (i === 0) lines = (html.match(/<tr class=/g) ?? []).length
  }
  const sqlTimes: number[] = []
  const allSqlTimes: number[] = []
  const sessionId = decodeURIComponent(cookie.split('=')[1])
  for (let i = 0; i < N; i++) {
    // Everything else the request reads: its session and the formations of the filter form.
    const before = performance.now()
    await db.$queryRawUnsafe(`SELECT s.date_expiration, u.id, u.email, u.nom, u.role FROM sessions_connexion s JOIN utilisateurs u ON u.id = s.utilisateur_id WHERE s.id = $1`, sessionId)
    await db.$queryRawUnsafe(`SELECT id, nom FROM formations ORDER BY nom`)
    const start = performance.now()
    const [, found] = await Promise.all([
      db.$queryRawUnsafe(count(c.where)),
      db.$queryRawUnsafe<{ id_prospect: string }[]>(ids(c.where, c.offset)),
    ])
    if (found.length) await db.$queryRawUnsafe(rowsById(found.map((r) => r.id_prospect)))
    sqlTimes.push(performance.now() - start)
    allSqlTimes.push(performance.now() - before)
  }
  const p = stats(pageTimes)
  const s = stats(sqlTimes)
  const all = stats(allSqlTimes)
  const ok = !isPg || (p.p95 <= 50 && p.p50 / s.p50 <= 3)
  summary.push(
    { bench: 'list', cas: `${isPg ? 'PostgreSQL' : 'PGlite'} · ${c.name}`, mesure: 'page p95', valeur: ms(p.p95), cible: isPg ? '≤ 50 ms' : '—', atteinte: isPg ? p.p95 <= 50 : null },
    { bench: 'list', cas: `${isPg ? 'PostgreSQL' : 'PGlite'} · ${c.name}`, mesure: 'ratio page/SQL p50', valeur: (p.p50 / s.p50).toFixed(2), cible: isPg ? '≤ 3' : '—', atteinte: isPg ? p.p50 / s.p50 <= 3 : null },
  )
  rows.push([c.name, String(lines), ms(p.p50), ms(p.p95), ms(s.p50), (p.p50 / s.p50).toFixed(2), ms(all.p50), (p.p50 / all.p50).toFixed(2), isPg ? (ok ? 'OK' : p.p95 <= 50 ? 'p95 OK, ratio > 3' : 'NON ATTEINTE') : '—'])
  log(`  ${c.name}: page p50 ${ms(p.p50)} p95 ${ms(p.p95)} · SQL p50 ${ms(s.p50)}`)
}
process.stdout.write(`${JSON.stringify({ rows, summary })}\n`)
process.exit(0)
