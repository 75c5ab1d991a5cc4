// One database: migrate, seed, post the contacts through the production build's request handler, measure the floor,
// check the counts. Progress on stderr, one JSON line on stdout.
import crypto from 'node:crypto'
import pg from 'pg'
import { log, productionApp } from './worker-lib'
import { ms, stats, type SummaryRow } from './lib'

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000)
const SENDERS = Number(process.env.BENCH_SENDERS ?? 20)
const PROSPECTS = Number(process.env.BENCH_PROSPECTS ?? 100_000)
const FLOOR = Math.min(2_000, POSTS)
const SECRET = process.env.N8N_CALLBACK_SECRET!
const isPg = process.env.DATABASE_URL!.startsWith('postgres')
const base = isPg ? 'PostgreSQL' : 'PGlite'

const { handler, db } = await productionApp()
const { seedDatabase } = await import('../prisma/seed-data')
let t = performance.now()
await seedDatabase(db, { prospects: PROSPECTS, withJournal: false })
log(`  remplissage (${PROSPECTS} prospects) : ${((performance.now() - t) / 1000).toFixed(1)} s`)
await db.$executeRawUnsafe('VACUUM ANALYZE')

// ---- the workload: 70 % new people, 20 % someone already known, 10 % a reference sent again ----
const known = await db.$queryRawUnsafe<{ email: string }[]>(`SELECT emails[1] AS email FROM prospects WHERE cardinality(emails) > 0 ORDER BY random() LIMIT 5000`)
const tag = crypto.randomBytes(3).toString('hex')
type Post = { reference: string; nom: string; prenom: string; email?: string; telephone?: string; formation: string; source: string; message: string }
const posts: Post[] = []
const newEmails: string[] = []
for (let i = 0; i < POSTS; i++) {
  const kind = i % 10
  if (kind === 0 && i > 0) {
    posts.push(posts[Math.floor(Math.random() * i)])
  } else if (kind === 1 || kind === 2) {
    posts.push({ reference: `bench-${tag}-${i}`, nom: 'Connu', prenom: 'Déjà', email: known[i % known.length].email, formation: 'Sertissage', source: 'EMAIL', message: `Nouveau message ${i}` })
  } else {
    // Phones in 09: the seed only uses 06 and 07, so a new person never matches a seeded one by chance.
    const email = `nouveau.${tag}.${i}@exemple.fr`
    newEmails.push(email)
    posts.push({ reference: `bench-${tag}-${i}`, nom: `Nouveau${i}`, prenom: 'Bench', email, telephone: `09${String(i).padStart(8, '0')}`, formation: 'CAP Bijouterie', source: 'FORMULAIRE_SITE', message: `Bonjour, je suis intéressé (${i}).` })
  }
}

async function send(body: Post) {
  const res = await handler(
    new Request('http://bench/api/n8n/prospects', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Callback-Secret': SECRET },
      body: JSON.stringify(body),
    }),
  )
  return { status: res.status, body: (await res.json()) as { id?: string; cree?: boolean } }
}

// Warm-up: known people only (creates nothing the count below has to know about).
for (let i = 0; i < 100; i++) await send({ reference: `warmup-${tag}-${i}`, nom: 'Connu', prenom: 'Déjà', email: known[i].email, formation: 'Sertissage', source: 'EMAIL', message: 'échauffement' })

// One sender alone: the cost of a post without queueing behind the 19 others (new people, counted apart).
const alone: number[] = []
for (let i = 0; i < 300; i++) {
  const t0 = performance.now()
  await send({ reference: `seul-${tag}-${i}`, nom: `Seul${i}`, prenom: 'Bench', email: `seul.${tag}.${i}@exemple.fr`, telephone: `0980${String(i).padStart(6, '0')}`, formation: 'Sertissage', source: 'FORMULAIRE_SITE', message: 'Bonjour' })
  alone.push(performance.now() - t0)
}

const before = await db.prospect.count()
const latencies: number[] = []
const statuses = new Map<number, number>()
let created = 0
let next = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: SENDERS }, async () => {
    while (next < posts.length) {
      const post = posts[next++]
      const t0 = performance.now()
      const answer = await send(post)
      latencies.push(performance.now() - t0)
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
      if (answer.body.cree === true && answer.status === 201) created++
    }
  }),
)
const elapsed = performance.now() - started
const after = await db.prospect.count()
const distinctNew = new Set(newEmails).size
// 201 answers include the replays of a creating reference ("same answer"): count the first ones only.
const createdRows = after - before
const duplicates = await db.$queryRawUnsafe<{ n: bigint }[]>(
  `SELECT count(*) AS n FROM (SELECT k FROM prospects, unnest(cles_contact) AS k WHERE k LIKE 'e:nouveau.${tag}.%' GROUP BY k HAVING count(*) > 1) AS d`,
)
const route = stats(latencies)
log(`  envois : p50 ${ms(route.p50)} p95 ${ms(route.p95)} · ${Math.round(POSTS / (elapsed / 1000))} envois/s · statuts ${JSON.stringify(Object.fromEntries(statuses))}`)
log(`  prospects créés : ${createdRows} (attendu ${distinctNew}), réponses 201 : ${created}, doublons : ${duplicates[0].n}`)

// ---- the app's own floor: the same posts refused before the database (no reference: 400), same concurrency ----
// Edge guards, Remix routing, the secret check, JSON parsing and validation: what every post costs before any SQL.
const bareLatencies: number[] = []
let bareNext = 0
const bareStarted = performance.now()
await Promise.all(
  Array.from({ length: SENDERS }, async () => {
    while (bareNext < FLOOR) {
      const { reference: _reference, ...post } = posts[bareNext++]
      const t0 = performance.now()
      const answer = await send(post as Post)
      bareLatencies.push(performance.now() - t0)
      if (answer.status !== 400) throw new Error(`plancher sans base : statut ${answer.status}, 400 attendu`)
    }
  }),
)
const bareElapsed = performance.now() - bareStarted
const bare = stats(bareLatencies)
log(`  même envoi refusé avant la base : p50 ${ms(bare.p50)} p95 ${ms(bare.p95)} · ${Math.round(FLOOR / (bareElapsed / 1000))} envois/s`)

// ---- the floor: the SQL of a new contact, nothing else, alone and with the same concurrency ----
const floorLatencies: number[] = []
let floorNext = 0
const insertProspect = `INSERT INTO prospects (id_prospect, nom, prenom, emails, telephones, texte_recherche, cles_contact, nom_tri, nb_echanges, date_mise_a_jour) VALUES ($1, $2, 'Plancher', ARRAY[$3], ARRAY[$4], $2, ARRAY['e:' || $3, 't:' || $4], $2, 1, now())`
const insertMessage = `INSERT INTO historique_emails (id, prospect_id, direction, sujet, corps) VALUES ($1, $2, 'ENTRANT', 'Premier message', 'Bonjour')`
const floorAlone: number[] = []
const floorStarted = performance.now()
if (isPg) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now()
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query(insertProspect, [`PLANCHER_SEUL_${tag}_${i}`, `plancherseul${i}`, `plancher.seul.${tag}.${i}@exemple.fr`, `0880${String(i).padStart(6, '0')}`])
      await client.query(insertMessage, [`plancher-seul-${tag}-${i}`, `PLANCHER_SEUL_${tag}_${i}`])
      await client.query('COMMIT')
    } finally {
      client.release()
    }
    floorAlone.push(performance.now() - t0)
  }
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (floorNext < FLOOR) {
        const i = floorNext++
        const t0 = performance.now()
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          await client.query(insertProspect, [`PLANCHER_${tag}_${i}`, `plancher${i}`, `plancher.${tag}.${i}@exemple.fr`, `08${String(i).padStart(8, '0')}`])
          await client.query(insertMessage, [`plancher-${tag}-${i}`, `PLANCHER_${tag}_${i}`])
          await client.query('COMMIT')
        } finally {
          client.release()
        }
        floorLatencies.push(performance.now() - t0)
      }
    }),
  )
  await pool.end()
} else {
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (floorNext < FLOOR) {
        const i = floorNext++
        const t0 = performance.now()
        await db.$transaction([
          db.$executeRawUnsafe(insertProspect, `PLANCHER_${tag}_${i}`, `plancher${i}`, `plancher.${tag}.${i}@exemple.fr`, `08${String(i).padStart(8, '0')}`),
          db.$executeRawUnsafe(insertMessage, `plancher-${tag}-${i}`, `PLANCHER_${tag}_${i}`),
        ])
        floorLatencies.push(performance.now() - t0)
      }
    }),
  )
}
const floorElapsed = performance.now() - floorStarted
const floor = stats(floorLatencies)
log(`  plancher SQL : p50 ${ms(floor.p50)} p95 ${ms(floor.p95)} · seul : route p50 ${ms(stats(alone).p50)}, plancher p50 ${floorAlone.length ? ms(stats(floorAlone).p50) : '—'}`)

const exact = createdRows === distinctNew && Number(duplicates[0].n) === 0
const onlyOk = [...statuses.keys()].every((s) => s === 200 || s === 201)
const routeAlone = stats(alone)
const floorSeul = stats(floorAlone.length ? floorAlone : [NaN])
const rows = [
  ['POST /api/n8n/prospects, un seul expéditeur', String(alone.length), ms(routeAlone.p50), ms(routeAlone.p95), ms(routeAlone.p99), '', 'nouveaux contacts, sans attente derrière les autres'],
  ['plancher, un seul expéditeur', String(floorAlone.length), ms(floorSeul.p50), ms(floorSeul.p95), ms(floorSeul.p99), '', 'BEGIN, 2 INSERT, COMMIT (pilote pg)'],
  ['POST /api/n8n/prospects (route complète)', String(POSTS), ms(route.p50), ms(route.p95), ms(route.p99), `${Math.round(POSTS / (elapsed / 1000))}/s`, `statuts ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`],
  ['plancher : la route sans la base (400 avant SQL)', String(FLOOR), ms(bare.p50), ms(bare.p95), ms(bare.p99), `${Math.round(FLOOR / (bareElapsed / 1000))}/s`, 'garde, routage Remix, secret, JSON, validation'],
  ['plancher : SQL brut d’un nouveau contact', String(FLOOR), ms(floor.p50), ms(floor.p95), ms(floor.p99), `${Math.round(FLOOR / (floorElapsed / 1000))}/s`, 'BEGIN, 2 INSERT, COMMIT (pilote pg)'],
  ['prospects créés', '', '', '', '', '', `${createdRows} pour ${distinctNew} nouveaux contacts distincts${exact ? ' : exact' : ' : ÉCART'}, ${Number(duplicates[0].n)} doublon(s)`],
  ['rapport route / plancher (p50)', '', (route.p50 / floor.p50).toFixed(1), '', '', '', isPg ? `cible PG : p50 ≤ 15 ms → ${route.p50 <= 15 ? 'atteinte' : 'NON ATTEINTE'}` : '—'],
]
const summary: SummaryRow[] = [
  { bench: 'intake', cas: `${base} · POST /api/n8n/prospects`, mesure: 'p50', valeur: ms(route.p50), cible: isPg ? '≤ 15 ms' : '—', atteinte: isPg ? route.p50 <= 15 : null },
  { bench: 'intake', cas: `${base} · POST /api/n8n/prospects`, mesure: 'p95', valeur: ms(route.p95), cible: '—', atteinte: null },
  { bench: 'intake', cas: `${base} · plancher sans base (400)`, mesure: 'p50', valeur: ms(bare.p50), cible: '—', atteinte: null },
  { bench: 'intake', cas: `${base} · POST /api/n8n/prospects, un seul expéditeur`, mesure: 'p50', valeur: ms(stats(alone).p50), cible: '—', atteinte: null },
  { bench: 'intake', cas: `${base} · prospects créés`, mesure: 'exact', valeur: `${createdRows}/${distinctNew}`, cible: 'égal', atteinte: exact },
]
process.stdout.write(`${JSON.stringify({ rows, summary, ok: exact && onlyOk })}\n`)
process.exit(0)
