// One database: migrate, seed, add the journal entries, then measure. Progress on stderr, one JSON line on stdout.
import { adminCookie, log, productionApp } from './worker-lib'
import { ms, stats } from './lib'

const N = Number(process.env.BENCH_REQUESTS ?? 200)
const entries = Number(process.env.BENCH_ENTRIES ?? 100_000)

const { handler, db } = await productionApp()
const { seedDatabase } = await import('../prisma/seed-data')
let t = performance.now()
await seedDatabase(db, { withJournal: true })

// A year of entries, one every ~5 minutes, spread over the real workflows, nodes and messages; 70 % resolved.
// The message carries a prospect id and a reference, as real ones do (that is what makes the trigram index work).
await db.$executeRawUnsafe(`
  INSERT INTO journal_erreurs (date_erreur, nom_workflow, nom_noeud, message_erreur, donnees_entree, resolu, severite, resolu_par, date_resolution, prospect_id)
  SELECT d, w, n, m, jsonb_build_object('prospectId', p, 'attempts', 1 + g % 4, 'status', (ARRAY[403, 404, 500, 502, 504])[1 + g % 5], 'durationMs', 40 + g % 9000),
         r, s::"Severite", CASE WHEN r THEN (ARRAY['Claire Admin', 'Paul Direction'])[1 + g % 2] END,
         CASE WHEN r THEN d + ((g % 72) || ' hours')::interval + ((g % 60) || ' minutes')::interval END, p
  FROM (
    SELECT g,
      now() - (g * interval '5 minutes') - ((g * 37 % 300) * interval '1 second') AS d,
      (ARRAY['prospect_convert_to_candidat','prospect_envoyer_dossier','prospect_generer_devis','prospect_envoyer_email','synchronisation_formulaire','relance_automatique','import_typeform','sauvegarde_drive'])[1 + g % 8] AS w,
      (ARRAY['webhook_n8n_call','n8n_callback','gmail_send','google_drive_create_folder','google_docs_template','typeform_trigger'])[1 + (g / 8) % 6] AS n,
      (ARRAY['Délai dépassé : n8n n’a pas répondu en 10 s (4 tentatives)','Quota Gmail atteint pour la journée','Secret n8n refusé (403)','n8n injoignable (connexion refusée)','Champ « téléphone » manquant dans la réponse du formulaire','Réponse n8n invalide : corps vide','Workflow inactif ou URL inconnue (404)','Erreur dans le workflow (HTTP 500 après 4 tentatives)','Dossier Drive introuvable','Modèle de devis introuvable'])[1 + (g * 7) % 10]
        || ' — prospect PROS_' || lpad((1 + g % 150)::text, 6, '0') || ' — réf. ' || substr(md5(g::text), 1, 12) AS m,
      'PROS_' || lpad((1 + g % 150)::text, 6, '0') AS p,
      g % 10 < 7 AS r,
      CASE WHEN g % 20 = 0 THEN 'CRITIQUE' WHEN g % 20 < 8 THEN 'ERREUR' WHEN g % 20 < 14 THEN 'WARNING' ELSE 'INFO' END AS s
    FROM generate_series(1, ${entries}) g
  ) x`)
log(`  remplissage : ${((performance.now() - t) / 1000).toFixed(1)} s`)
t = performance.now()
await db.$executeRawUnsafe('VACUUM ANALYZE')
log(`  VACUUM ANALYZE : ${((performance.now() - t) / 1000).toFixed(1)} s`)

const cookie = await adminCookie(handler)
const deepPage = Math.max(1, Math.floor((entries / 25) * 0.8))

const cases = [
  { name: 'sans filtre', query: '' },
  { name: 'sévérité CRITIQUE', query: '?severite=CRITIQUE' },
  { name: 'non résolues', query: '?resolu=non' },
  { name: 'non résolues + workflow', query: '?resolu=non&workflow=prospect_generer_devis' },
  { name: 'recherche « quota gmail »', query: '?q=quota%20gmail' },
  { name: 'recherche « PROS_000042 »', query: '?q=PROS_000042' },
  { name: 'période d’un mois', query: `?du=${day(-60)}&au=${day(-30)}` },
  { name: `page profonde (${deepPage})`, query: `?page=${deepPage}` },
]

function day(offset: number) {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

type Row = { cas: string; lignes: number; p50: number; p95: number; max: number; liste: boolean }
const rows: Row[] = []
for (const c of cases) {
  const url = `http://bench/admin/logs${c.query}`
  for (let i = 0; i < 10; i++) await (await handler(new Request(url, { headers: { Cookie: cookie } }))).text()
  const times: number[] = []
  let lines = 0
  for (let i = 0; i < N; i++) {
    const start = performance.now()
    const res = await handler(new Request(url, { headers: { Cookie: cookie } }))
    const html = await res.text()
    times.push(performance.now() - start)
    if (res.status !== 200) throw new Error(`${url} → ${res.status}`)
    if (i === 0) {
      lines = (html.match(/data-testid="entree-journal"/g) ?? []).length
      if (/role="alert"[^>]*>.*?filtre ignoré/s.test(html)) throw new Error(`${url} : filtre refusé`)
    }
  }
  const p = stats(times)
  rows.push({ cas: c.name, lignes: lines, p50: p.p50, p95: p.p95, max: Math.max(...times), liste: true })
  log(`  ${c.name}: p50 ${ms(p.p50)} p95 ${ms(p.p95)} (${lines} lignes)`)
}

// The export streams every entry: its whole time and size, a few times.
const exportTimes: number[] = []
let size = 0
for (let i = 0; i < 5; i++) {
  const start = performance.now()
  const res = await handler(new Request('http://bench/admin/logs/export.csv', { headers: { Cookie: cookie } }))
  size = (await res.arrayBuffer()).byteLength
  exportTimes.push(performance.now() - start)
}
const e = stats(exportTimes)
rows.push({ cas: `export CSV (${(size / 1e6).toFixed(1)} Mo)`, lignes: entries + 5, p50: e.p50, p95: e.p95, max: Math.max(...exportTimes), liste: false })
log(`  export CSV : p50 ${ms(e.p50)} (${(size / 1e6).toFixed(1)} Mo)`)

process.stdout.write(`${JSON.stringify(rows)}\n`)
process.exit(0)
