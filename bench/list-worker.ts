// One database: migrate, seed, then measure. Prints progress on stderr and one JSON line on stdout.
import { adminCookie, log, productionApp } from './worker-lib'
import { ms, stats, type SummaryRow } from './lib'

const N = Number(process.env.BENCH_REQUESTS ?? 200)
const prospects = Number(process.env.BENCH_PROSPECTS ?? 100_000)
const isPg = process.env.DATABASE_URL!.startsWith('postgres')

const { handler, db } = await productionApp()
const { seedDatabase } = await import('../prisma/seed-data')
let t = performance.now()
// BENCH_SKIP_SEED=1: a database filled beforehand (bench/seed-db.ts), for measuring one change again and again.
if (!process.env.BENCH_SKIP_SEED) await seedDatabase(db, { prospects, withJournal: true })
log(`  remplissage : ${((performance.now() - t) / 1000).toFixed(1)} s`)
t = performance.now()
await db.$executeRawUnsafe('VACUUM ANALYZE')
log(`  VACUUM ANALYZE : ${((performance.now() - t) / 1000).toFixed(1)} s`)

const cookie = await adminCookie(handler)

const notCandidat = `statut_prospect <> 'CANDIDAT'`
const cols = `p.id_prospect, p.nom, p.prenom, p.emails, p.telephones, p.mode_financement, p.statut_prospect, p.source, p.source_precision, p.nb_echanges, p.date_premier_contact, p.date_dernier_contact, f.id, f.nom`
const byContact = 'date_dernier_contact DESC, id_prospect DESC'
// The same statements the page runs: the count (or, for formation and statut sorts, the groups' sizes), the
// page's ids, then its rows.
const ids = (where: string, offset: number, order = byContact) =>
  `SELECT id_prospect FROM prospects WHERE ${where} ORDER BY ${order} LIMIT 25 OFFSET ${offset}`
const rowsById = (list: string[]) =>
  `SELECT ${cols} FROM prospects p LEFT JOIN formations f ON f.id = p.formation_souhaitee WHERE p.id_prospect IN (${list.map((id) => `'${id}'`).join(',')})`
const count = (where: string) => `SELECT count(*) FROM prospects WHERE ${where}`
const groups = (column: string, where: string) => `SELECT ${column}, count(*) FROM prospects WHERE ${where} GROUP BY ${column}`
const inactif = (days: number) => `date_dernier_contact < now() - interval '${days} days'`
// The first group of each grouped sort (formations by name, statuts in the pipeline's order).
const [firstFormation, lastFormation] = await db.formation.findMany({ orderBy: { nom: 'asc' }, select: { id: true } }).then((f) => [f[0].id, f[f.length - 1].id])
type Case = { name: string; query: string; count: string; ids: string }
const simple = (name: string, query: string, where: string, order = byContact, offset = 0): Case => ({ name, query, count: count(where), ids: ids(where, offset, order) })
const cases: Case[] = [
  simple('sans filtre', '', notCandidat),
  simple('statut + formation', '?statut=NOUVEAU&formation=SERTISSAGE', `statut_prospect = 'NOUVEAU' AND formation_souhaitee = 'SERTISSAGE'`),
  simple('recherche texte', '?q=dumitru', `${notCandidat} AND texte_recherche LIKE '%dumitru%'`),
  simple('page profonde (2000)', '?page=2000', notCandidat, byContact, 1999 * 25),
  // Issue 12: each sort, both orders where the index is read the other way, and the new filters.
  simple('tri nom', '?tri=nom', notCandidat, 'nom_tri ASC, id_prospect ASC'),
  simple('tri nom décroissant', '?tri=nom&ordre=desc', notCandidat, 'nom_tri DESC, id_prospect DESC'),
  simple('tri premier contact', '?tri=premierContact', notCandidat, 'date_premier_contact DESC, id_prospect DESC'),
  simple('tri premier contact croissant', '?tri=premierContact&ordre=asc', notCandidat, 'date_premier_contact ASC, id_prospect ASC'),
  simple('tri dernier contact croissant', '?ordre=asc', notCandidat, 'date_dernier_contact ASC, id_prospect ASC'),
  { name: 'tri formation', query: '?tri=formation', count: groups('formation_souhaitee', notCandidat), ids: ids(`${notCandidat} AND formation_souhaitee = '${firstFormation}'`, 0) },
  { name: 'tri formation décroissant', query: '?tri=formation&ordre=desc', count: groups('formation_souhaitee', notCandidat), ids: ids(`${notCandidat} AND formation_souhaitee = '${lastFormation}'`, 0) },
  { name: 'tri statut', query: '?tri=statut', count: groups('statut_prospect', notCandidat), ids: ids(`statut_prospect = 'NOUVEAU'`, 0) },
  { name: 'tri statut décroissant', query: '?tri=statut&ordre=desc', count: groups('statut_prospect', notCandidat), ids: ids(`statut_prospect = 'PERDU'`, 0) },
  simple('filtre source', '?source=SALON', `${notCandidat} AND source = 'SALON'`),
  simple('filtre inactif 30 j', '?inactif=30', `${notCandidat} AND ${inactif(30)}`),
  simple('inactif 90 j + tri nom', '?inactif=90&tri=nom', `${notCandidat} AND ${inactif(90)}`, 'nom_tri ASC, id_prospect ASC'),
  simple('source + tri premier contact', '?source=FORMULAIRE_SITE&tri=premierContact', `${notCandidat} AND source = 'FORMULAIRE_SITE'`, 'date_premier_contact DESC, id_prospect DESC'),
]
const only = process.env.BENCH_CASES?.split(',').map((c) => c.trim())
const selected = only ? cases.filter((c) => only.includes(c.name)) : cases

const rows: string[][] = []
const summary: SummaryRow[] = []
for (const c of selected) {
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
    const [, found] = await Promise.all([db.$queryRawUnsafe(c.count), db.$queryRawUnsafe<{ id_prospect: string }[]>(c.ids)])
    if (found.length) await db.$queryRawUnsafe(rowsById(found.map((r) => r.id_prospect)))
    sqlTimes.push(performance.now() - start)
    allSqlTimes.push(performance.now() - before)
  }
  const p = stats(pageTimes)
  const s = stats(sqlTimes)
  const all = stats(allSqlTimes)
  const ok = !isPg || (p.p95 <= 50 && p.p50 / s.p50 <= 3)
  // Issue 10: what the page costs beyond everything it reads (session, formations, the list's SQL), p50.
  const beyond = p.p50 - all.p50
  summary.push(
    { bench: 'list', cas: `${isPg ? 'PostgreSQL' : 'PGlite'} · ${c.name}`, mesure: 'page p95', valeur: ms(p.p95), cible: isPg ? '≤ 50 ms' : '—', atteinte: isPg ? p.p95 <= 50 : null },
    { bench: 'list', cas: `${isPg ? 'PostgreSQL' : 'PGlite'} · ${c.name}`, mesure: 'page au-delà du SQL p50', valeur: ms(beyond), cible: isPg ? '≤ 8 ms' : '—', atteinte: isPg ? beyond <= 8 : null },
    { bench: 'list', cas: `${isPg ? 'PostgreSQL' : 'PGlite'} · ${c.name}`, mesure: 'ratio page/SQL p50', valeur: (p.p50 / s.p50).toFixed(2), cible: isPg ? '≤ 3' : '—', atteinte: isPg ? p.p50 / s.p50 <= 3 : null },
  )
  rows.push([c.name, String(lines), ms(p.p50), ms(p.p95), ms(s.p50), (p.p50 / s.p50).toFixed(2), ms(all.p50), (p.p50 / all.p50).toFixed(2), ms(beyond), isPg ? (ok ? 'OK' : p.p95 <= 50 ? 'p95 OK, ratio > 3' : 'NON ATTEINTE') : '—'])
  log(`  ${c.name}: page p50 ${ms(p.p50)} p95 ${ms(p.p95)} · SQL p50 ${ms(s.p50)}`)
}
process.stdout.write(`${JSON.stringify({ rows, summary })}\n`)
process.exit(0)
