import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { EntryContent } from '~/journal/EntryContent'
import { logError, meanTimeToResolution } from '~/journal/journal.server'
import { action as listAction, loader as listLoader } from '~/routes/admin.logs'
import { loader as csvLoader } from '~/routes/admin.logs.export[.]csv'
import { action as entryAction, loader as entryLoader } from '~/routes/admin.logs_.$id'
import { db, type Prisma } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { createAction, createProspect } from '../utils/db-utils'
import { allowConsoleError, call, dataOf, get, post, statusOf } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

type List = Awaited<ReturnType<typeof listLoader>>
type Entry = Awaited<ReturnType<typeof entryLoader>>

let seq = 0
/** A workflow name of its own keeps each test's rows apart from the seed's and the other tests'. */
const uniqueWorkflow = (name: string) => `test_${name}_${++seq}_${Math.random().toString(36).slice(2, 7)}`

async function createEntries(rows: Partial<Prisma.JournalErreurUncheckedCreateInput>[]) {
  const created = []
  for (const r of rows) {
    created.push(
      await db.journalErreur.create({
        data: { nomWorkflow: 'test', nomNoeud: 'noeud_test', messageErreur: 'Erreur de test', severite: 'ERREUR', ...r },
      }),
    )
  }
  return created
}

async function list(query = '') {
  const result = await call(listLoader, await get(`/admin/logs${query}`))
  expect(statusOf(result)).toBe(200)
  return dataOf<List>(result)
}

async function entry(id: number) {
  const result = await call(entryLoader, await get(`/admin/logs/${id}`), { id: String(id) })
  expect(statusOf(result)).toBe(200)
  return dataOf<Entry>(result)
}

function location(res: unknown) {
  expect(res).toBeInstanceOf(Response)
  return (res as Response).headers.get('Location')
}

describe('liste du journal', () => {
  it('liste les entrées de la plus récente à la plus ancienne, paginées, avec le total', async () => {
    const workflow = uniqueWorkflow('ordre')
    const base = Date.UTC(2026, 5, 1, 12)
    // Two rows share a date: the id breaks the tie, newest id first.
    const created = await createEntries(
      Array.from({ length: 30 }, (_, i) => ({ nomWorkflow: workflow, dateErreur: new Date(base + Math.floor(i / 2) * 60_000) })),
    )
    const p1 = await list(`?workflow=${workflow}`)
    expect(p1.total).toBe(30)
    expect(p1.pageCount).toBe(2)
    expect(p1.rows).toHaveLength(25)
    const expected = [...created].sort((a, b) => b.dateErreur.getTime() - a.dateErreur.getTime() || b.id - a.id).map((r) => r.id)
    expect(p1.rows.map((r) => r.id)).toEqual(expected.slice(0, 25))
    const p2 = await list(`?workflow=${workflow}&page=2`)
    expect(p2.rows.map((r) => r.id)).toEqual(expected.slice(25))
    const beyond = await list(`?workflow=${workflow}&page=999`)
    expect(beyond.page).toBe(2)
    expect(beyond.rows.map((r) => r.id)).toEqual(expected.slice(25))
    const big = await list(`?workflow=${workflow}&taille=50`)
    expect(big.rows).toHaveLength(30)
  })

  it('pages profondes : même ordre et mêmes lignes qu’une lecture directe', async () => {
    const workflow = uniqueWorkflow('profond')
    const base = Date.UTC(2026, 4, 1)
    await db.journalErreur.createMany({
      data: Array.from({ length: 650 }, (_, i) => ({ nomWorkflow: workflow, nomNoeud: 'n', messageErreur: `m${i}`, dateErreur: new Date(base + Math.floor(i / 3) * 1000) })),
    })
    const expected = (await db.journalErreur.findMany({ where: { nomWorkflow: workflow }, orderBy: [{ dateErreur: 'desc' }, { id: 'desc' }], select: { id: true } })).map((r) => r.id)
    // Page 6 of 100 skips 500 rows: read through the ids first.
    const p6 = await list(`?workflow=${workflow}&taille=100&page=6`)
    expect(p6.rows.map((r) => r.id)).toEqual(expected.slice(500, 600))
    expect(p6.rows[0]).toMatchObject({ nomWorkflow: workflow, nomNoeud: 'n' })
    const last = await list(`?workflow=${workflow}&taille=100&page=50`)
    expect(last.page).toBe(7)
    expect(last.rows.map((r) => r.id)).toEqual(expected.slice(600))
  })

  it('compte les entrées par sévérité, avec les autres filtres appliqués', async () => {
    const workflow = uniqueWorkflow('comptes')
    await createEntries([
      ...Array.from({ length: 3 }, () => ({ nomWorkflow: workflow, severite: 'CRITIQUE' as const })),
      ...Array.from({ length: 2 }, () => ({ nomWorkflow: workflow, severite: 'ERREUR' as const })),
      { nomWorkflow: workflow, severite: 'WARNING' as const, resolu: true, resoluPar: 'x', dateResolution: new Date() },
    ])
    const data = await list(`?workflow=${workflow}`)
    expect(data.counts).toEqual({ CRITIQUE: 3, ERREUR: 2, WARNING: 1, INFO: 0 })
    // The severity filter narrows the rows but leaves the counts, so each count stays a way to switch.
    const critiques = await list(`?workflow=${workflow}&severite=CRITIQUE`)
    expect(critiques.total).toBe(3)
    expect(critiques.rows.every((r) => r.severite === 'CRITIQUE')).toBe(true)
    expect(critiques.counts).toEqual(data.counts)
    const ouvertes = await list(`?workflow=${workflow}&resolu=non`)
    expect(ouvertes.counts).toEqual({ CRITIQUE: 3, ERREUR: 2, WARNING: 0, INFO: 0 })
    // Without filters, the counts are the table's.
    const all = await list()
    for (const s of ['CRITIQUE', 'ERREUR', 'WARNING', 'INFO'] as const) {
      expect(all.counts[s]).toBe(await db.journalErreur.count({ where: { severite: s } }))
    }
    expect(all.total).toBe(await db.journalErreur.count())
  })

  it('filtre par état résolu / non résolu et par workflow', async () => {
    const workflow = uniqueWorkflow('etat')
    const [open, done] = await createEntries([
      { nomWorkflow: workflow },
      { nomWorkflow: workflow, resolu: true, resoluPar: 'Claire Admin', dateResolution: new Date() },
    ])
    expect((await list(`?workflow=${workflow}&resolu=non`)).rows.map((r) => r.id)).toEqual([open.id])
    expect((await list(`?workflow=${workflow}&resolu=oui`)).rows.map((r) => r.id)).toEqual([done.id])
    expect((await list(`?workflow=${workflow}`)).total).toBe(2)
    expect((await list('?resolu=non')).rows.every((r) => !r.resolu)).toBe(true)
    expect((await list()).workflows).toContain(workflow)
  })

  it('filtre par dates selon les journées de Paris (heure d’hiver et d’été)', async () => {
    const workflow = uniqueWorkflow('dates')
    const [avantMinuitHiver, apresMinuitHiver, apresMinuitEte, finEte] = await createEntries([
      // 28/03/2026 23:59 in Paris (UTC+1)
      { nomWorkflow: workflow, dateErreur: new Date('2026-03-28T22:59:00Z') },
      // 29/03/2026 00:30 in Paris, the night the clocks go forward
      { nomWorkflow: workflow, dateErreur: new Date('2026-03-28T23:30:00Z') },
      // 15/07/2026 00:30 in Paris (UTC+2): still 14 July in UTC
      { nomWorkflow: workflow, dateErreur: new Date('2026-07-14T22:30:00Z') },
      // 15/07/2026 23:59 in Paris
      { nomWorkflow: workflow, dateErreur: new Date('2026-07-15T21:59:00Z') },
    ])
    const ids = async (q: string) => (await list(`?workflow=${workflow}${q}`)).rows.map((r) => r.id).sort((a, b) => a - b)
    expect(await ids('&au=2026-03-28')).toEqual([avantMinuitHiver.id])
    expect(await ids('&du=2026-03-29&au=2026-03-29')).toEqual([apresMinuitHiver.id])
    expect(await ids('&du=2026-07-15&au=2026-07-15')).toEqual([apresMinuitEte.id, finEte.id])
    expect(await ids('&au=2026-07-14')).toEqual([avantMinuitHiver.id, apresMinuitHiver.id])
    // The French way of writing a date works too.
    expect(await ids('&du=15/07/2026')).toEqual([apresMinuitEte.id, finEte.id])
  })

  it('cherche dans le message sans tenir compte de la casse, % et _ pris à la lettre', async () => {
    const workflow = uniqueWorkflow('recherche')
    const [timeout, quota, pourcent] = await createEntries([
      { nomWorkflow: workflow, messageErreur: 'Délai dépassé : n8n n’a pas répondu en 10 s' },
      { nomWorkflow: workflow, messageErreur: 'Quota Gmail atteint pour la journée' },
      { nomWorkflow: workflow, messageErreur: 'Remise de 100% refusée sur devis_42' },
    ])
    const ids = async (q: string) => (await list(`?workflow=${workflow}&q=${encodeURIComponent(q)}`)).rows.map((r) => r.id)
    expect(await ids('DÉLAI DÉPASSÉ')).toEqual([timeout.id])
    expect(await ids('gmail')).toEqual([quota.id])
    expect(await ids('100%')).toEqual([pourcent.id])
    expect(await ids('%')).toEqual([pourcent.id])
    expect(await ids('devis_4')).toEqual([pourcent.id])
    expect(await ids('_')).toEqual([pourcent.id])
    expect(await ids('introuvable')).toEqual([])
    const [antislash] = await createEntries([{ nomWorkflow: workflow, messageErreur: 'Chemin C:\\temp\\devis introuvable' }])
    expect(await ids('C:\\temp')).toEqual([antislash.id])
  })

  it('répond aux paramètres invalides par des messages clairs, jamais une erreur 500', async () => {
    const data = await list(
      '?severite=FATAL&resolu=peut-etre&workflow=%3Cscript%3E&du=2026-02-30&au=demain&page=-3&taille=100000&q=' + 'x'.repeat(300),
    )
    const text = data.warnings.join(' ')
    expect(text).toMatch(/Sévérité inconnue « FATAL »/)
    expect(text).toMatch(/invalide pour « résolu »/)
    expect(text).toMatch(/Workflow inconnu « <script> »/)
    expect(text).toMatch(/Date de début invalide « 2026-02-30 »/)
    expect(text).toMatch(/Date de fin invalide « demain »/)
    expect(text).toMatch(/Numéro de page invalide/)
    expect(text).toMatch(/Au plus 100 entrées/)
    expect(text).toMatch(/Recherche tronquée/)
    expect(data.filters).toMatchObject({ severite: null, resolu: null, workflow: null, du: null, au: null, page: 1, taille: 100 })
    const swapped = await list('?du=2026-12-01&au=2026-11-01')
    expect(swapped.filters).toMatchObject({ du: '2026-11-01', au: '2026-12-01' })
    expect(swapped.warnings.join(' ')).toMatch(/inversées/)
  })

  it('affiche le temps moyen de résolution des 30 derniers jours', async () => {
    const now = new Date('2031-03-01T12:00:00Z')
    const hour = 3600_000
    await createEntries([
      // resolved in 2 h and in 4 h inside the window: mean 3 h
      { dateErreur: new Date(now.getTime() - 50 * hour), resolu: true, resoluPar: 'a', dateResolution: new Date(now.getTime() - 48 * hour) },
      { dateErreur: new Date(now.getTime() - 100 * hour), resolu: true, resoluPar: 'a', dateResolution: new Date(now.getTime() - 96 * hour) },
      // resolved 31 days ago: outside
      { dateErreur: new Date(now.getTime() - 32 * 24 * hour), resolu: true, resoluPar: 'a', dateResolution: new Date(now.getTime() - 31 * 24 * hour) },
      // not resolved
      { dateErreur: new Date(now.getTime() - 10 * hour) },
    ])
    expect(await meanTimeToResolution(now)).toEqual({ moyenneMs: 3 * hour, nombre: 2 })
    const page = await list()
    const since = new Date(Date.now() - 30 * 24 * hour)
    expect(page.mttr.nombre).toBe(await db.journalErreur.count({ where: { resolu: true, dateResolution: { gte: since } } }))
  })
})

describe('détail d’une entrée', () => {
  it('montre message, workflow, nœud, date, sévérité, données, prospect et action', async () => {
    const actionRow = await db.actionProspect.create({
      data: { prospectId: 'PROS_000001', type: 'GENERER_DEVIS', parametres: {}, statut: 'ECHEC', tentatives: 4, erreur: 'Délai dépassé', httpStatus: 504 },
    })
    const [first, second] = await createEntries([
      { nomWorkflow: 'prospect_generer_devis', nomNoeud: 'webhook_n8n_call', actionId: actionRow.id, prospectId: 'PROS_000001', donneesEntree: { prospectId: 'PROS_000001', attempts: 4 } },
      { nomWorkflow: 'prospect_generer_devis', nomNoeud: 'webhook_n8n_call', actionId: actionRow.id, prospectId: 'PROS_000001' },
    ])
    const data = await entry(first.id)
    expect(data.entry).toMatchObject({ id: first.id, nomWorkflow: 'prospect_generer_devis', nomNoeud: 'webhook_n8n_call', severite: 'ERREUR' })
    expect(data.entry.donneesEntree).toEqual({ prospectId: 'PROS_000001', attempts: 4 })
    expect(data.prospect).toMatchObject({ id: 'PROS_000001', prenom: 'Marie', nom: 'Dumitru' })
    expect(data.entry.action).toMatchObject({ id: actionRow.id, type: 'GENERER_DEVIS', statut: 'ECHEC', tentatives: 4 })
    expect(data.autres.map((a) => a.id)).toEqual([second.id])
  })

  it('répond 404 pour une entrée inconnue ou un identifiant farfelu', async () => {
    for (const id of ['999999999', '0', '-1', 'abc', '1.5', '99999999999', "1' OR 1=1"]) {
      const res = await call(entryLoader, await get(`/admin/logs/${encodeURIComponent(id)}`), { id })
      expect(statusOf(res), id).toBe(404)
      const post_ = await call(entryAction, await post(`/admin/logs/${encodeURIComponent(id)}`, { intent: 'resoudre' }), { id })
      expect(statusOf(post_), id).toBe(404)
    }
  })

  it('une nouvelle ERREUR ou CRITIQUE notifie les admins, en mots simples, avec un lien qui ouvre l’entrée', async () => {
    allowConsoleError(/\[journal\] CRITIQUE test_notif/)
    const created = await logError({ nomWorkflow: 'test_notif', nomNoeud: 'n', messageErreur: 'Panne de test', severite: 'CRITIQUE' })
    const notification = await db.notification.findFirstOrThrow({ where: { lienAction: `/admin/logs/${created!.id}` } })
    expect(notification.titre).toBe('Une opération automatique n’a pas abouti')
    expect(notification.audience).toBe('ADMIN')
    expect(notification.lienAction).toBe(`/admin/logs/${created!.id}`)
    const id = notification.lienAction!.split('/').pop()!
    const data = dataOf<Entry>(await call(entryLoader, await get(notification.lienAction!), { id }))
    expect(data.entry.messageErreur).toBe('Panne de test')
  })
})

describe('résoudre, rouvrir, résoudre en masse', () => {
  it('résout avec le nom de l’admin et la date, puis rouvre en effaçant les deux', async () => {
    const [e] = await createEntries([{}])
    const before = Date.now()
    const res = await call(entryAction, await post(`/admin/logs/${e.id}?severite=ERREUR`, { intent: 'resoudre' }), { id: String(e.id) })
    expect(statusOf(res)).toBe(302)
    expect(location(res)).toBe(`/admin/logs/${e.id}?severite=ERREUR`)
    expect((res as Response).headers.get('Set-Cookie')).toMatch(/bo_toast=/)
    const resolved = await db.journalErreur.findUniqueOrThrow({ where: { id: e.id } })
    expect(resolved.resolu).toBe(true)
    expect(resolved.resoluPar).toBe(DEMO_USERS.admin.nom)
    expect(resolved.dateResolution!.getTime()).toBeGreaterThanOrEqual(before - 1000)

    // A second admin resolving again changes nothing: the first resolution stays on record.
    const again = await call(entryAction, await post(`/admin/logs/${e.id}`, { intent: 'resoudre' }, 'admin2'), { id: String(e.id) })
    expect(statusOf(again)).toBe(302)
    expect((await db.journalErreur.findUniqueOrThrow({ where: { id: e.id } })).resoluPar).toBe(DEMO_USERS.admin.nom)

    const reopened = await call(entryAction, await post(`/admin/logs/${e.id}`, { intent: 'rouvrir' }, 'admin2'), { id: String(e.id) })
    expect(statusOf(reopened)).toBe(302)
    expect(await db.journalErreur.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ resolu: false, resoluPar: null, dateResolution: null })
  })

  it('refuse un formulaire sans jeton CSRF ou avec une intention inconnue, sans rien changer', async () => {
    const [e] = await createEntries([{}])
    const forged = await call(entryAction, await post(`/admin/logs/${e.id}`, { intent: 'resoudre' }, 'admin', { csrf: false }), { id: String(e.id) })
    expect(statusOf(forged)).toBe(403)
    const bad = await call(entryAction, await post(`/admin/logs/${e.id}`, { intent: 'supprimer' }), { id: String(e.id) })
    expect(statusOf(bad)).toBe(400)
    expect(JSON.stringify(dataOf(bad))).toMatch(/Action inconnue/)
    expect((await db.journalErreur.findUniqueOrThrow({ where: { id: e.id } })).resolu).toBe(false)
  })

  it('résout en masse les seules entrées cochées et revient à la liste filtrée', async () => {
    const workflow = uniqueWorkflow('masse')
    const [a, b, c, dejaResolue] = await createEntries([
      { nomWorkflow: workflow },
      { nomWorkflow: workflow },
      { nomWorkflow: workflow },
      { nomWorkflow: workflow, resolu: true, resoluPar: 'Paul Direction', dateResolution: new Date('2026-01-01T00:00:00Z') },
    ])
    const path = `/admin/logs?workflow=${workflow}&resolu=non`
    const res = await call(listAction, await post(path, { intent: 'resoudre-selection', ids: [String(a.id), String(c.id), String(dejaResolue.id)] }))
    expect(statusOf(res)).toBe(302)
    expect(location(res)).toBe(path)
    const rows = await db.journalErreur.findMany({ where: { nomWorkflow: workflow }, orderBy: { id: 'asc' } })
    expect(rows.map((r) => [r.id, r.resolu, r.resoluPar])).toEqual([
      [a.id, true, DEMO_USERS.admin.nom],
      [b.id, false, null],
      [c.id, true, DEMO_USERS.admin.nom],
      [dejaResolue.id, true, 'Paul Direction'],
    ])
    expect(rows[3].dateResolution).toEqual(new Date('2026-01-01T00:00:00Z'))
  })

  it('refuse une sélection vide, invalide ou sans CSRF (400/403) sans rien changer', async () => {
    const workflow = uniqueWorkflow('masse_invalide')
    const [a] = await createEntries([{ nomWorkflow: workflow }])
    const empty = await call(listAction, await post('/admin/logs', { intent: 'resoudre-selection' }))
    expect(statusOf(empty)).toBe(400)
    expect(JSON.stringify(dataOf(empty))).toMatch(/Cochez au moins une entrée/)
    const garbage = await call(listAction, await post('/admin/logs', { intent: 'resoudre-selection', ids: [String(a.id), 'abc'] }))
    expect(statusOf(garbage)).toBe(400)
    const tooMany = await call(listAction, await post('/admin/logs', { intent: 'resoudre-selection', ids: Array.from({ length: 101 }, (_, i) => String(i + 1)) }))
    expect(statusOf(tooMany)).toBe(400)
    expect(JSON.stringify(dataOf(tooMany))).toMatch(/Au plus 100/)
    const forged = await call(listAction, await post('/admin/logs', { intent: 'resoudre-selection', ids: [String(a.id)] }, 'admin', { csrf: false }))
    expect(statusOf(forged)).toBe(403)
    expect((await db.journalErreur.findUniqueOrThrow({ where: { id: a.id } })).resolu).toBe(false)
  })
})

describe('accès', () => {
  it('renvoie les anonymes vers /login et refuse formateurs et élèves (403), pages, export et formulaires', async () => {
    const [e] = await createEntries([{}])
    const id = String(e.id)
    const anon = await call(listLoader, await get('/admin/logs?resolu=non', 'anonyme'))
    expect(statusOf(anon)).toBe(302)
    expect(location(anon)).toBe('/login?redirectTo=%2Fadmin%2Flogs%3Fresolu%3Dnon')
    expect(location(await call(entryLoader, await get(`/admin/logs/${id}`, 'anonyme'), { id }))).toMatch(/^\/login\?redirectTo=/)
    expect(location(await call(csvLoader, await get('/admin/logs/export.csv', 'anonyme')))).toMatch(/^\/login\?redirectTo=/)
    for (const who of ['formateur', 'eleve'] as const) {
      expect(statusOf(await call(listLoader, await get('/admin/logs', who)))).toBe(403)
      expect(statusOf(await call(entryLoader, await get(`/admin/logs/${id}`, who), { id }))).toBe(403)
      expect(statusOf(await call(csvLoader, await get('/admin/logs/export.csv', who)))).toBe(403)
      expect(statusOf(await call(entryAction, await post(`/admin/logs/${id}`, { intent: 'resoudre' }, who), { id }))).toBe(403)
      expect(statusOf(await call(listAction, await post('/admin/logs', { intent: 'resoudre-selection', ids: [id] }, who)))).toBe(403)
    }
    expect((await db.journalErreur.findUniqueOrThrow({ where: { id: e.id } })).resolu).toBe(false)
  })
})

describe('export CSV', () => {
  async function csv(query = '') {
    const res = await call(csvLoader, await get(`/admin/logs/export.csv${query}`))
    expect(res).toBeInstanceOf(Response)
    return res as Response
  }

  /** Splits RFC 4180 text (quoted fields may hold separators and line breaks). */
  function parseCsv(text: string, sep = ';') {
    const rows: string[][] = []
    let row: string[] = []
    let cell = ''
    let quoted = false
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          cell += '"'
          i++
        } else if (ch === '"') quoted = false
        else cell += ch
      } else if (ch === '"') quoted = true
      else if (ch === sep) {
        row.push(cell)
        cell = ''
      } else if (ch === '\r' && text[i + 1] === '\n') {
        row.push(cell)
        rows.push(row)
        row = []
        cell = ''
        i++
      } else cell += ch
    }
    if (cell || row.length) rows.push([...row, cell])
    return rows
  }

  it('exporte la liste filtrée : BOM UTF-8, en-têtes français, guillemets, formules neutralisées', async () => {
    const workflow = uniqueWorkflow('csv')
    const [simple, hostile] = await createEntries([
      { nomWorkflow: workflow, messageErreur: 'Quota Gmail atteint', severite: 'WARNING', dateErreur: new Date('2026-07-14T22:30:00Z') },
      {
        nomWorkflow: workflow,
        nomNoeud: '@SUM(A1:A9)',
        messageErreur: '=HYPERLINK("http://evil.example","clic"); suite\nligne 2',
        severite: 'CRITIQUE',
        prospectId: '+33612345678',
        resolu: true,
        resoluPar: '-Claire',
        dateResolution: new Date('2026-07-15T08:00:00Z'),
        donneesEntree: { note: 'café; "guillemets"' },
        dateErreur: new Date('2026-07-15T06:00:00Z'),
      },
      { nomWorkflow: `${workflow}_autre` },
    ])
    const res = await csv(`?workflow=${workflow}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="journal-erreurs-\d{4}-\d{2}-\d{2}\.csv"$/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1)
    const rows = parseCsv(text)
    expect(rows[0]).toEqual(['N°', 'Date', 'Sévérité', 'Workflow', 'Nœud', 'Message', 'Résolue', 'Résolue par', 'Date de résolution', 'Action', 'Prospect', 'Données d’entrée'])
    expect(rows).toHaveLength(3)
    expect(rows[1]).toEqual([
      String(hostile.id),
      '15/07/2026 08:00:00',
      'Critique',
      workflow,
      "'@SUM(A1:A9)",
      '\'=HYPERLINK("http://evil.example","clic"); suite\nligne 2',
      'Oui',
      "'-Claire",
      '15/07/2026 10:00:00',
      '',
      "'+33612345678",
      '{"note":"café; \\"guillemets\\""}',
    ])
    expect(rows[2]).toEqual([String(simple.id), '15/07/2026 00:30:00', 'Avertissement', workflow, 'noeud_test', 'Quota Gmail atteint', 'Non', '', '', '', '', ''])
    // No cell of the file starts with a formula character.
    expect(rows.flat().filter((c) => /^[=+\-@]/.test(c))).toEqual([])
  })

  it('exporte tout le filtre sur plusieurs lots, dans l’ordre, sans doublon ni oubli', async () => {
    const workflow = uniqueWorkflow('csv_lots')
    const date = new Date('2026-05-05T10:00:00Z')
    // 2,300 rows, many sharing a date: the batches must page by (date, id), not by date alone.
    const data = Array.from({ length: 2300 }, (_, i) => ({
      nomWorkflow: workflow,
      nomNoeud: 'n',
      messageErreur: `message ${i}`,
      dateErreur: new Date(date.getTime() - Math.floor(i / 7) * 1000),
      severite: (i % 2 ? 'ERREUR' : 'INFO') as 'ERREUR' | 'INFO',
    }))
    await db.journalErreur.createMany({ data })
    const expected = (
      await db.journalErreur.findMany({ where: { nomWorkflow: workflow, severite: 'ERREUR' }, orderBy: [{ dateErreur: 'desc' }, { id: 'desc' }], select: { id: true } })
    ).map((r) => String(r.id))
    const res = await csv(`?workflow=${workflow}&severite=ERREUR&page=3&taille=25`)
    const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''))
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected)
    expect(expected).toHaveLength(1150)
  })

  it('refuse des filtres invalides (400, message clair)', async () => {
    const res = await csv('?severite=FATAL&du=hier')
    expect(res.status).toBe(400)
    const text = await res.text()
    expect(text).toMatch(/Sévérité inconnue « FATAL »/)
    expect(text).toMatch(/Date de début invalide « hier »/)
  })
})

describe('texte hostile', () => {
  const message = '<script>alert("xss")</script><img src=x onerror="alert(1)">'
  const donnees = { html: '<img src=x onerror=alert(2)>', '<b>cle</b>': '</pre><script>alert(3)</script>' }

  it('le détail rend message et données comme du texte échappé', async () => {
    const [e] = await createEntries([{ messageErreur: message, donneesEntree: donnees }])
    const data = await entry(e.id)
    expect(data.entry.messageErreur).toBe(message)
    const html = renderToString(createElement(EntryContent, { messageErreur: data.entry.messageErreur, donneesEntree: data.entry.donneesEntree }))
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<img/i)
    expect(html).not.toMatch(/<\/pre><script/i)
    expect(html).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;')
    // Pretty-printed: one key per line.
    expect(html).toMatch(/\{\n {2}&quot;html&quot;: &quot;&lt;img src=x onerror=alert\(2\)&gt;&quot;,\n/)
  })

  it('la liste renvoie le message tel quel (à échapper au rendu) et tronqué', async () => {
    const workflow = uniqueWorkflow('hostile')
    await createEntries([{ nomWorkflow: workflow, messageErreur: message }, { nomWorkflow: workflow, messageErreur: 'a'.repeat(4000) }])
    const data = await list(`?workflow=${workflow}`)
    expect(data.rows.map((r) => r.messageErreur)).toEqual([`${'a'.repeat(280)}…`, message])
  })
})

describe('le journal parle à une secrétaire', () => {
  it('la liste et le détail donnent un titre avec « Hugo DURAND », ce qui s’est passé et quoi faire', async () => {
    const hugo = await createProspect({ prenom: 'Hugo', nom: 'Durand' })
    const conversion = await createAction({ prospectId: hugo.id, type: 'CONVERTIR_CANDIDAT', statut: 'ECHEC' })
    const [e] = await createEntries([
      {
        actionId: conversion.id,
        nomWorkflow: 'prospect_convert_to_candidat',
        nomNoeud: 'webhook_n8n_call',
        messageErreur: 'La conversion en candidat (Hugo Durand) : secret n8n refusé (403) : vérifiez N8N_API_KEY (1 tentative)',
        prospectId: hugo.id,
      },
    ])
    const data = await list(`?q=${encodeURIComponent('Hugo Durand')}`)
    const row = data.rows.find((r) => r.id === e.id)!
    expect(row).toMatchObject({
      titre: 'La conversion de Hugo DURAND n’a pas abouti',
      conseil: expect.stringContaining('Le service d’automatisation refuse la clé : prévenez la personne qui l’administre'),
    })
    const detail = await entry(e.id)
    expect(detail.explication.titre).toBe('La conversion de Hugo DURAND n’a pas abouti')
    expect(detail.explication.constat).toContain('Le candidat est bien créé')
    for (const text of [detail.explication.titre, detail.explication.constat, detail.explication.conseil]) {
      expect(text).not.toMatch(/n8n|webhook|nœud|workflow|json|403/i)
    }
  })
})
