// The list's sorts and new filters, its CSV export, and the RGPD page: loaders and actions with real requests on
// the test database. Each test compares with what the database says, on rows it created itself where it counts.
import { describe, expect, it } from 'vitest'
import { loader as exportLoader } from '~/routes/admin.prospects.export[.]csv'
import { loader as listLoader } from '~/routes/admin.prospects'
import { loader as donneesLoader } from '~/routes/admin.prospects.$id.donnees'
import { action as anonymiserAction, loader as anonymiserLoader } from '~/routes/admin.prospects_.rgpd.anonymiser'
import { loader as rgpdLoader } from '~/routes/admin.prospects_.rgpd'
import { prospectsCsvStream } from '~/prospects/csv.server'
import { parseProspectFilters, type ProspectFilters } from '~/prospects/filters'
import { countProspects, listFormations, listProspects, searchTerm } from '~/prospects/prospects.server'
import { db, type Prisma } from '~/utils/db.server'
import { adminUser, createAction, createCandidat, createJournalEntry, createProspect } from '../utils/db-utils'
import { call, dataOf, get, post } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

type List = Awaited<ReturnType<typeof listLoader>>
async function list(query = '') {
  const result = await call(listLoader, await get(`/admin/prospects${query}`))
  expect(result).toHaveStatus(200)
  return dataOf<List>(result)
}

const DAY = 24 * 3600_000
const yearsAgo = (years: number) => new Date(Date.now() - years * 366 * DAY)

/** The list's conditions written as a Prisma filter: the oracle prospectWhereSql (list, counts, export) is compared with. */
function prospectWhere(filters: Pick<ProspectFilters, 'statut' | 'formation' | 'financement' | 'q' | 'source' | 'inactif'>, now: Date): Prisma.ProspectWhereInput {
  const where: Prisma.ProspectWhereInput = { statutProspect: filters.statut ?? { not: 'CANDIDAT' } }
  if (filters.formation) where.formationSouhaiteeId = filters.formation
  if (filters.financement) where.modeFinancement = filters.financement
  if (filters.source) where.source = filters.source
  if (filters.inactif) where.dateDernierContact = { lt: new Date(now.getTime() - filters.inactif * DAY) }
  if (filters.q) where.texteRecherche = { contains: searchTerm(filters.q) }
  return where
}

describe('tri de la liste', () => {
  it('par nom (sans accents ni casse), dans les deux sens', async () => {
    const asc = await list('?tri=nom&ordre=asc&taille=100')
    const keys = asc.rows.map((r) => `${r.nom} ${r.prenom}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase())
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    const desc = await list('?tri=nom&ordre=desc&taille=100')
    expect(desc.rows[0].nom.localeCompare(asc.rows[0].nom, 'fr')).toBeGreaterThanOrEqual(0)
    expect(desc.total).toBe(asc.total)
  })

  it('par premier et dernier contact, croissant et décroissant', async () => {
    for (const [tri, field] of [['premierContact', 'datePremierContact'], ['dernierContact', 'dateDernierContact']] as const) {
      for (const ordre of ['asc', 'desc'] as const) {
        const data = await list(`?tri=${tri}&ordre=${ordre}&taille=50`)
        const times = data.rows.map((r) => new Date(r[field]).getTime())
        expect(times).toEqual([...times].sort((a, b) => (ordre === 'asc' ? a - b : b - a)))
      }
    }
  })

  it('par formation (ordre alphabétique des noms) et par statut (ordre du parcours), chaque groupe du plus récent au plus ancien, pages jointives', async () => {
    const formations = (await db.formation.findMany({ orderBy: { nom: 'asc' } })).map((f) => f.id)
    const all: List['rows'] = []
    for (let page = 1; ; page++) {
      const data = await list(`?tri=formation&taille=100&page=${page}`)
      all.push(...data.rows)
      if (page >= data.pageCount) break
    }
    expect(all.length).toBe(await db.prospect.count({ where: { statutProspect: { not: 'CANDIDAT' } } }))
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length)
    const rank = (r: List['rows'][number]) => (r.formationSouhaitee ? formations.indexOf(r.formationSouhaitee.id) : formations.length)
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]]
      expect(rank(a) < rank(b) || (rank(a) === rank(b) && new Date(a.dateDernierContact) >= new Date(b.dateDernierContact))).toBe(true)
    }
    const desc = await list('?tri=formation&ordre=desc&taille=10')
    expect(rank(desc.rows[0])).toBeGreaterThanOrEqual(rank(all[all.length - 1]))

    const order = ['NOUVEAU', 'CONTACTE', 'INTERESSE', 'EN_ATTENTE_DOSSIER', 'PERDU']
    const statuts = (await list('?tri=statut&taille=100')).rows.map((r) => order.indexOf(r.statutProspect))
    expect(statuts).toEqual([...statuts].sort((a, b) => a - b))
    const last = await list('?tri=statut&ordre=desc&taille=10')
    expect(last.rows[0].statutProspect).toBe('PERDU')
  })

  it('tri ou ordre inconnus : avertissement en français, tri par dernier contact', async () => {
    const data = await list('?tri=salaire&ordre=haut')
    expect(data.filters).toMatchObject({ tri: 'dernierContact', ordre: 'desc' })
    expect(data.warnings).toEqual(['Tri inconnu « salaire » : tri par dernier contact.', 'Ordre inconnu « haut » : « asc » ou « desc » attendu.'])
  })
})

describe('filtres source et inactivité', () => {
  it('source : seulement les prospects venus par ce canal', async () => {
    const p = await createProspect({ source: 'VISITE', dateDernierContact: new Date(Date.now() + 60_000) })
    const data = await list('?source=VISITE')
    expect(data.total).toBe(await db.prospect.count({ where: { source: 'VISITE', statutProspect: { not: 'CANDIDAT' } } }))
    expect(data.rows[0].id).toBe(p.id)
    expect(data.rows.every((r) => r.source === 'VISITE')).toBe(true)
    expect((await list('?source=PIGEON')).warnings[0]).toMatch(/^Source inconnue « PIGEON »/)
  })

  it('inactif=30 : seulement ceux sans contact depuis au moins 30 jours', async () => {
    const vieux = await createProspect({ dateDernierContact: new Date(Date.now() - 31 * DAY) })
    const recent = await createProspect({ dateDernierContact: new Date(Date.now() - 29 * DAY) })
    const data = await list('?inactif=30&tri=dernierContact&taille=100')
    const cutoff = Date.now() - 30 * DAY
    expect(data.total).toBe(await db.prospect.count({ where: { dateDernierContact: { lt: new Date(cutoff) }, statutProspect: { not: 'CANDIDAT' } } }))
    expect(data.rows.every((r) => new Date(r.dateDernierContact).getTime() < cutoff)).toBe(true)
    const newest = await db.prospect.findFirstOrThrow({ where: { dateDernierContact: { lt: new Date(cutoff) }, statutProspect: { not: 'CANDIDAT' } }, orderBy: [{ dateDernierContact: 'desc' }, { id: 'desc' }] })
    expect(data.rows[0].id).toBe(newest.id)
    expect((await list(`?inactif=30&q=${encodeURIComponent(vieux.emails[0])}`)).total).toBe(1)
    expect((await list(`?inactif=30&q=${encodeURIComponent(recent.emails[0])}`)).total).toBe(0)
    expect((await list('?inactif=-3')).warnings[0]).toMatch(/^Durée sans contact invalide/)
  })
})

describe('les requêtes SQL de la liste et le filtre Prisma de l’export disent la même chose', () => {
  // The list counts and reads in SQL (prospectWhereSql), the CSV export filters with Prisma (prospectWhere): every
  // filter must keep the same prospects in both, in the same order.
  const base: ProspectFilters = { q: '', statut: null, formation: null, financement: null, source: null, inactif: null, tri: 'dernierContact', ordre: 'desc', page: 1, taille: 100 }
  const cases: Partial<ProspectFilters>[] = [
    {},
    { statut: 'NOUVEAU' },
    { statut: 'PERDU' },
    { statut: 'CANDIDAT' },
    { formation: 'CAP_BIJOUTERIE' },
    { financement: 'CPF' },
    { source: 'VISITE' },
    { inactif: 30 },
    { inactif: 400, statut: 'CONTACTE' },
    { q: 'marie' },
    { q: 'Hélène' },
    { q: '06 12' },
    { q: '%' },
    { q: 'a_b' },
    { formation: 'CAP_BIJOUTERIE', financement: 'CPF', q: 'e', tri: 'nom', ordre: 'asc' },
    { tri: 'premierContact', ordre: 'asc' },
  ]
  it('même nombre et mêmes lignes, dans le même ordre, pour chaque filtre', async () => {
    await createProspect({ prenom: 'Hélène', source: 'VISITE', dateDernierContact: new Date(Date.now() - 45 * DAY) })
    await createProspect({ nom: 'Pour%cent_Souligne', statutProspect: 'PERDU' })
    const now = new Date()
    for (const c of cases) {
      const filters = { ...base, ...c }
      const where = prospectWhere(filters, now)
      const expected = await db.prospect.count({ where })
      expect({ c, n: await countProspects(filters, now) }).toEqual({ c, n: expected })
      const column = filters.tri === 'nom' ? 'nomTri' : filters.tri === 'premierContact' ? 'datePremierContact' : 'dateDernierContact'
      const ids = await db.prospect.findMany({ where, orderBy: [{ [column]: filters.ordre }, { id: filters.ordre }], take: 100, select: { id: true } })
      const listed = await listProspects(filters, [])
      expect({ c, total: listed.total, ids: listed.rows.map((r) => r.id) }).toEqual({ c, total: expected, ids: ids.map((r) => r.id) })
    }
  })

  it('une ligne lue en SQL a les mêmes champs que Prisma les lit (dates, listes, formation)', async () => {
    const p = await createProspect({ prenom: 'Zoé', dateDernierContact: new Date(Date.now() + 3_600_000), formationSouhaiteeId: 'SERTISSAGE', modeFinancement: null, source: null })
    const [row] = (await listProspects({ ...base, taille: 1 }, [])).rows
    // Created by Prisma without its lists: the columns hold NULL, which Prisma reads as [].
    const sansListes = await db.prospect.create({ data: { id: 'PROS_TEST_LISTE_SANS', nom: 'Vide', prenom: 'Liste', dateDernierContact: new Date(Date.now() + 7_200_000) } })
    expect((await listProspects({ ...base, taille: 1 }, [])).rows[0]).toMatchObject({ id: sansListes.id, emails: [], telephones: [] })
    const prisma = await db.prospect.findUniqueOrThrow({ where: { id: p.id }, include: { formationSouhaitee: { select: { id: true, nom: true } } } })
    expect(row).toEqual({
      id: p.id,
      nom: prisma.nom,
      prenom: 'Zoé',
      emails: prisma.emails,
      telephones: prisma.telephones,
      modeFinancement: null,
      statutProspect: 'NOUVEAU',
      source: null,
      sourcePrecision: null,
      nbEchanges: prisma.nbEchanges,
      datePremierContact: prisma.datePremierContact,
      dateDernierContact: prisma.dateDernierContact,
      formationSouhaitee: prisma.formationSouhaitee,
    })
  })
})

describe('export CSV des prospects', () => {
  async function csv(query: string) {
    const res = (await call(exportLoader, await get(`/admin/prospects/export.csv${query}`))) as Response
    // Response.text() would drop the byte order mark the file must start with.
    return { res, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) }
  }

  it('reprend filtres et tri : BOM, en-têtes français, points-virgules, formules neutralisées, tout le filtre', async () => {
    const hostile = await createProspect({ nom: '=HYPERLINK("http://x")', prenom: '+33 Marie;"la"', source: 'TELEPHONE', dateDernierContact: new Date(Date.now() + 120_000) })
    const { res, text } = await csv('?source=TELEPHONE&tri=dernierContact&page=3&taille=10')
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; filename="prospects-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect(text.startsWith('\uFEFFN° prospect;Nom;Prénom;Emails;Téléphones;')).toBe(true)
    const lines = text.trim().split('\r\n')
    expect(lines).toHaveLength(1 + (await db.prospect.count({ where: { source: 'TELEPHONE', statutProspect: { not: 'CANDIDAT' } } })))
    const expected = [hostile.id, `"'=HYPERLINK(""http://x"")"`, `"'+33 Marie;""la"""`, hostile.emails[0], hostile.telephones[0], '', '69002', 'Lyon', 'CAP Bijouterie-Joaillerie', 'CPF', 'Nouveau', '', 'Téléphone', '', '0'].join(';')
    expect(lines[1].startsWith(`${expected};`)).toBe(true)
    expect(lines[1]).toMatch(/;\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d;\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/)
  })

  it('le tri par formation donne le même ordre que l’écran ; paramètre invalide → 400', async () => {
    const screen = (await list('?tri=formation&ordre=desc&taille=100')).rows.map((r) => r.id)
    const { text } = await csv('?tri=formation&ordre=desc')
    const ids = text.trim().split('\r\n').slice(1).map((l) => l.split(';')[0])
    expect(ids.slice(0, 100)).toEqual(screen)
    expect(ids.length).toBe(await db.prospect.count({ where: { statutProspect: { not: 'CANDIDAT' } } }))
    const bad = await csv('?statut=FOO')
    expect(bad.res.status).toBe(400)
    expect(bad.text).toMatch(/^Export impossible : Statut inconnu « FOO »/)
  })
})

describe('export CSV lu par lots', () => {
  it('lu 7 par 7, l’export donne les lignes de l’écran dans son ordre, égalités de date et de nom comprises, pour chaque tri', async () => {
    const same = new Date(Date.now() - 5 * DAY)
    for (let i = 0; i < 9; i++) await createProspect({ nom: 'Égalité', prenom: 'Même', dateDernierContact: same, datePremierContact: same, formationSouhaiteeId: i % 2 ? 'SERTISSAGE' : null })
    const formations = await listFormations()
    const queries = ['', '?ordre=asc', '?tri=nom', '?tri=nom&ordre=desc', '?tri=premierContact&ordre=asc', '?tri=statut', '?tri=formation&ordre=desc', '?q=e&tri=nom&ordre=asc', '?source=SALON']
    for (const query of queries) {
      const { filters } = parseProspectFilters(new URLSearchParams(query), formations.map((f) => f.id))
      const text = await new Response(prospectsCsvStream(filters, formations, 7)).text()
      const exported = text.trim().split('\r\n').slice(1).map((line) => line.split(';')[0])
      const screen: string[] = []
      for (let page = 1; ; page++) {
        const data = await list(`${query || '?'}${query ? '&' : ''}taille=100&page=${page}`)
        screen.push(...data.rows.map((r) => r.id))
        if (page >= data.pageCount) break
      }
      expect({ query, ids: exported }).toEqual({ query, ids: screen })
    }
  })
})

describe('RGPD', () => {
  it('liste les prospects sans contact depuis plus de trois ans, jamais les candidats', async () => {
    const ancien = await createProspect({ dateDernierContact: yearsAgo(4), datePremierContact: yearsAgo(5) })
    const jeune = await createProspect({ dateDernierContact: yearsAgo(2) })
    const { prospect: candidat } = await createCandidat()
    await db.prospect.update({ where: { id: candidat.id }, data: { dateDernierContact: yearsAgo(6) } })
    const data = dataOf<{ rows: { id: string }[]; total: number }>(await call(rgpdLoader, await get('/admin/prospects/rgpd')))
    const ids = data.rows.map((r) => r.id)
    expect(ids).toContain(ancien.id)
    expect(ids).not.toContain(jeune.id)
    expect(ids).not.toContain(candidat.id)
    expect(await call(anonymiserLoader, await get(`/admin/prospects/rgpd/anonymiser?id=${candidat.id}`))).toHaveStatus(409)
    expect(await call(anonymiserLoader, await get(`/admin/prospects/rgpd/anonymiser?id=${jeune.id}`))).toHaveStatus(409)
  })

  it('anonymiser un prospect efface nom, coordonnées, corps des messages et textes libres ; garde les statistiques', async () => {
    const p = await createProspect({ statutProspect: 'PERDU', raisonPerte: 'NE_REPOND_PLUS', source: 'SALON', sourcePrecision: 'Salon de Lyon', resumeIa: 'Marie veut…', dateDernierContact: yearsAgo(4) })
    await db.historiqueEmail.create({ data: { prospectId: p.id, direction: 'ENTRANT', sujet: 'Je suis Marie', corps: 'Mon numéro : 06…' } })
    await db.evenementProspect.create({ data: { prospectId: p.id, type: 'NOTE', texte: 'Habite chez ses parents' } })
    await db.evenementProspect.create({ data: { prospectId: p.id, type: 'MODIFICATION', donnees: { changements: [{ champ: 'ville', avant: 'Lyon', apres: 'Nantes' }] } } })
    await createAction({ prospectId: p.id, type: 'ENVOYER_DOSSIER', statut: 'TERMINEE', parametres: { email: p.emails[0], formationId: 'CAP_BIJOUTERIE' } })
    await createJournalEntry({ prospectId: p.id, donneesEntree: { email: p.emails[0] } })
    await db.notification.create({ data: { categorie: 'prospect', type: 'nouveau_prospect', titre: `Nouveau prospect : ${p.prenom}`, message: '…', audience: 'ADMIN', lienAction: `/admin/prospects/${p.id}` } })

    const missing = await call(anonymiserAction, await post('/admin/prospects/rgpd/anonymiser', { cible: 'un' }))
    expect(missing).toHaveStatus(400)
    const res = await call(anonymiserAction, await post('/admin/prospects/rgpd/anonymiser', { cible: 'un', id: p.id }))
    expect(res).toHaveRedirect('/admin/prospects/rgpd')
    await expect(res).toSendToast({ type: 'succes', titre: '1 prospect anonymisé' })

    const after = await db.prospect.findUniqueOrThrow({ where: { id: p.id }, include: { historiqueEmails: true, evenements: true, actions: true } })
    expect(after).toMatchObject({
      nom: 'Anonyme', prenom: '', emails: [], telephones: [], adresse: null, codePostal: null, ville: null, resumeIa: null, sourcePrecision: null,
      texteRecherche: '', clesContact: [],
      statutProspect: 'PERDU', raisonPerte: 'NE_REPOND_PLUS', source: 'SALON', formationSouhaiteeId: 'CAP_BIJOUTERIE', nbEchanges: 0,
    })
    expect(after.dateAnonymisation).not.toBeNull()
    expect(after.historiqueEmails).toEqual([expect.objectContaining({ sujet: '(effacé)', corps: '' })])
    expect(after.evenements.find((e) => e.type === 'NOTE')?.texte).toBeNull()
    expect(after.evenements.find((e) => e.type === 'MODIFICATION')?.donnees).toEqual({ origine: null, changements: [{ champ: 'ville', avant: null, apres: null }] })
    expect(after.evenements.some((e) => e.type === 'ANONYMISATION' && e.auteurId === null)).toBe(false)
    expect(after.actions[0].parametres).toEqual({ formationId: 'CAP_BIJOUTERIE' })
    expect((await db.journalErreur.findFirstOrThrow({ where: { prospectId: p.id } })).donneesEntree).toEqual({})
    expect((await db.notification.findFirstOrThrow({ where: { lienAction: `/admin/prospects/${p.id}` } })).titre).toBe('Prospect anonymisé')
    // Nothing of the person left in the search index, and the contact no longer matches anything.
    expect((await list(`?q=${encodeURIComponent(p.nom)}`)).rows.some((r) => r.id === p.id)).toBe(false)
    // A second time: refused, nothing changes.
    expect(await call(anonymiserAction, await post('/admin/prospects/rgpd/anonymiser', { cible: 'un', id: p.id }))).toHaveStatus(409)
  })

  it('« tout anonymiser » demande la case de confirmation, puis traite tous les prospects concernés et eux seuls', async () => {
    const anciens = await Promise.all([1, 2, 3].map(() => createProspect({ dateDernierContact: yearsAgo(4) })))
    const jeune = await createProspect({ dateDernierContact: yearsAgo(1) })
    const { prospect: candidat } = await createCandidat()
    await db.prospect.update({ where: { id: candidat.id }, data: { dateDernierContact: yearsAgo(6) } })
    expect(await call(anonymiserAction, await post('/admin/prospects/rgpd/anonymiser', { cible: 'tous' }))).toHaveStatus(400)
    const res = await call(anonymiserAction, await post('/admin/prospects/rgpd/anonymiser', { cible: 'tous', confirmation: 'oui' }))
    expect(res).toHaveRedirect('/admin/prospects/rgpd')
    for (const a of anciens) expect((await db.prospect.findUniqueOrThrow({ where: { id: a.id } })).nom).toBe('Anonyme')
    expect((await db.prospect.findUniqueOrThrow({ where: { id: jeune.id } })).nom).toBe(jeune.nom)
    expect((await db.prospect.findUniqueOrThrow({ where: { id: candidat.id } })).nom).toBe(candidat.nom)
    expect(dataOf<{ total: number }>(await call(rgpdLoader, await get('/admin/prospects/rgpd'))).total).toBe(0)
  })

  it('« Exporter ses données » : un fichier avec tout ce que l’application sait de la personne', async () => {
    const p = await createProspect()
    await db.historiqueEmail.create({ data: { prospectId: p.id, direction: 'ENTRANT', sujet: 'Question', corps: 'Bonjour' } })
    await db.evenementProspect.create({ data: { prospectId: p.id, type: 'NOTE', texte: 'Rappeler', auteurId: (await adminUser()).id } })
    const res = (await call(donneesLoader, await get(`/admin/prospects/${p.id}/donnees`), { id: p.id })) as Response
    expect(res.headers.get('Content-Disposition')).toMatch(new RegExp(`^attachment; filename="donnees-${p.id}-\\d{4}-\\d{2}-\\d{2}\\.json"$`))
    const body = (await res.json()) as Record<string, unknown>
    expect(body.prospect).toMatchObject({ id: p.id, nom: p.nom, emails: p.emails, telephones: p.telephones })
    expect(body.prospect).not.toHaveProperty('texteRecherche')
    expect(body.echanges).toEqual([expect.objectContaining({ sujet: 'Question', corps: 'Bonjour' })])
    expect(body.historique).toEqual([expect.objectContaining({ type: 'NOTE', texte: 'Rappeler', auteur: 'Claire Admin' })])
    expect(await call(donneesLoader, await get('/admin/prospects/PROS_RIEN/donnees'), { id: 'PROS_RIEN' })).toHaveStatus(404)
    expect(await call(donneesLoader, await get(`/admin/prospects/${p.id}/donnees`, 'formateur'), { id: p.id })).toHaveStatus(403)
  })
})
