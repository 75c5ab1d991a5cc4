import { db, Prisma, utcSql } from '~/utils/db.server'
import { digitsOnly, normalizeSearch } from '~/utils/text'
import type { ProspectFilters } from './filters'
import { STATUTS_PROSPECT } from './labels'

/** The formations by name (plain SQL: every list page reads it). */
export async function listFormations() {
  return db.$queryRaw<{ id: string; nom: string }[]>`SELECT id, nom FROM formations ORDER BY nom`
}

const DAY_MS = 24 * 3600_000

type WhereFilters = Pick<ProspectFilters, 'statut' | 'formation' | 'financement' | 'q'> & Partial<Pick<ProspectFilters, 'source' | 'inactif'>>

/** The search box's text as the list compares it: "06 12 34 56" finds 0612345678 (phone-like queries as digits). */
export function searchTerm(text: string) {
  const q = normalizeSearch(text)
  return /^[\d\s.+()-]+$/.test(q) && digitsOnly(q).length >= 2 ? digitsOnly(q) : q
}

/**
 * What the list's filters keep, as SQL: the list's counts, pages and groups and the CSV export all use it. Plain SQL
 * because Prisma's count and groupBy wrap the query in a subquery with an OFFSET, which costs PostgreSQL 8 to 15 ms
 * more at 100,000 prospects than the plain count (bench:list). A test compares it with the same conditions written as
 * a Prisma filter, on every filter (the search is an unescaped LIKE, as Prisma's `contains`).
 */
export function prospectWhereSql(filters: WhereFilters, now = new Date()): Prisma.Sql {
  const parts = [filters.statut ? Prisma.sql`statut_prospect = ${filters.statut}::"StatutProspect"` : Prisma.sql`statut_prospect <> 'CANDIDAT'`]
  if (filters.formation) parts.push(Prisma.sql`formation_souhaitee = ${filters.formation}`)
  if (filters.financement) parts.push(Prisma.sql`mode_financement = ${filters.financement}::"ModeFinancement"`)
  if (filters.source) parts.push(Prisma.sql`source = ${filters.source}::"SourceProspect"`)
  if (filters.inactif) parts.push(Prisma.sql`date_dernier_contact < ${utcSql(new Date(now.getTime() - filters.inactif * DAY_MS))}`)
  if (filters.q) parts.push(Prisma.sql`texte_recherche LIKE ${`%${searchTerm(filters.q)}%`}`)
  return Prisma.join(parts, ' AND ')
}

async function countWhere(whereSql: Prisma.Sql) {
  const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM prospects WHERE ${whereSql}`
  return n
}

/** How many prospects the filters keep (see prospectWhereSql). */
export function countProspects(filters: WhereFilters, now = new Date()) {
  return countWhere(prospectWhereSql(filters, now))
}

/** A row of the list, as the page shows it. */
export type ProspectRow = {
  id: string
  nom: string
  prenom: string
  emails: string[]
  telephones: string[]
  modeFinancement: Prisma.ProspectGetPayload<object>['modeFinancement']
  statutProspect: Prisma.ProspectGetPayload<object>['statutProspect']
  source: Prisma.ProspectGetPayload<object>['source']
  sourcePrecision: string | null
  nbEchanges: number
  datePremierContact: Date
  dateDernierContact: Date
  formationSouhaitee: { id: string; nom: string } | null
}

type RawRow = Omit<ProspectRow, 'formationSouhaitee'> & { formationId: string | null; formationNom: string | null }

/**
 * The page's rows with their formation, in one statement: `page` yields the ids in order (an index-only scan, even
 * deep in the list), the rows are then read by primary key. Prisma would need one query for the ids, one for the
 * rows and one for their formations.
 */
async function readRows(page: Prisma.Sql, order: Prisma.Sql): Promise<ProspectRow[]> {
  const rows = await db.$queryRaw<RawRow[]>`
    SELECT p.id_prospect AS id, p.nom, p.prenom, COALESCE(p.emails, '{}') AS emails, COALESCE(p.telephones, '{}') AS telephones, p.mode_financement::text AS "modeFinancement",
      p.statut_prospect::text AS "statutProspect", p.source::text AS source, p.source_precision AS "sourcePrecision",
      p.nb_echanges AS "nbEchanges", p.date_premier_contact AS "datePremierContact", p.date_dernier_contact AS "dateDernierContact",
      f.id AS "formationId", f.nom AS "formationNom"
    FROM (${page}) AS page
    JOIN prospects p ON p.id_prospect = page.id_prospect
    LEFT JOIN formations f ON f.id = p.formation_souhaitee
    ORDER BY ${order}`
  return rows.map(({ formationId, formationNom, ...row }) => ({ ...row, formationSouhaitee: formationId ? { id: formationId, nom: formationNom ?? '' } : null }))
}

type Sort = Pick<ProspectFilters, 'tri' | 'ordre'>

/** The list's order for a sort that an index serves directly (every sort but formation and statut), on `table`. */
function listOrder({ tri, ordre }: Sort, table: 'prospects' | 'p'): Prisma.Sql {
  const column = tri === 'nom' ? 'nom_tri' : tri === 'premierContact' ? 'date_premier_contact' : 'date_dernier_contact'
  const dir = ordre === 'asc' ? 'ASC' : 'DESC'
  return Prisma.raw(`${table}.${column} ${dir}, ${table}.id_prospect ${dir}`)
}

/**
 * The groups of a formation or statut sort in the screen's order (formations by name, then none; statuts in the
 * pipeline's order; reversed for `desc`), each with its condition: the list's pages and the CSV export read them one
 * after the other, newest contact first within each.
 */
export function sortGroups(sort: Sort, formations: { id: string }[]): { value: string | null; where: Prisma.Sql }[] {
  const groups =
    sort.tri === 'formation'
      ? [...formations.map((f) => ({ value: f.id, where: Prisma.sql`formation_souhaitee = ${f.id}` })), { value: null, where: Prisma.sql`formation_souhaitee IS NULL` }]
      : STATUTS_PROSPECT.map((statut) => ({ value: statut, where: Prisma.sql`statut_prospect = ${statut}::"StatutProspect"` }))
  return sort.ordre === 'desc' ? groups.reverse() : groups
}

type Group = { value: string | null; count: number }

/**
 * Sorted by formation (by name) or statut (in the pipeline's order), newest contact first within each group: the
 * groups' sizes come from one GROUP BY, then the page is read from the one or two groups it spans, each an index
 * range (formation or statut, last contact, id). The sizes add up to the total, so nothing is counted twice.
 */
async function groupedPage(whereSql: Prisma.Sql, sort: Sort, formations: { id: string }[], page: number, taille: number) {
  const byFormation = sort.tri === 'formation'
  const column = byFormation ? Prisma.sql`formation_souhaitee` : Prisma.sql`statut_prospect`
  const inOrder = sortGroups(sort, formations)
  const order = inOrder.map((g) => g.value)
  const inGroup = (value: string | null) => inOrder.find((g) => g.value === value)!.where
  /** Rows `skip`… of each group in turn; `g` keeps the groups' order. */
  const read = (segments: { value: string | null; skip: number; take: number }[]) =>
    segments.length === 0
      ? Promise.resolve([])
      : readRows(
          Prisma.join(
            segments.map(
              (seg, g) => Prisma.sql`(SELECT id_prospect, ${g}::int AS g FROM prospects WHERE ${whereSql} AND ${inGroup(seg.value)}
                ORDER BY date_dernier_contact DESC, id_prospect DESC LIMIT ${seg.take} OFFSET ${seg.skip})`,
            ),
            ' UNION ALL ',
          ),
          Prisma.sql`page.g, p.date_dernier_contact DESC, p.id_prospect DESC`,
        )
  // The first page almost always lies in the first group: read it while the groups are counted.
  const [counts, head] = await Promise.all([
    db.$queryRaw<{ value: string | null; n: number }[]>`SELECT ${column}::text AS value, count(*)::int AS n FROM prospects WHERE ${whereSql} GROUP BY ${column}`,
    page === 1 ? read([{ value: order[0], skip: 0, take: taille }]) : Promise.resolve(null),
  ])
  const sizes = new Map(counts.map((c) => [c.value, c.n]))
  const groups: Group[] = order.map((value) => ({ value, count: sizes.get(value) ?? 0 })).filter((g) => g.count > 0)
  const total = groups.reduce((sum, g) => sum + g.count, 0)
  const readPage = async (p: number) => {
    let skip = (p - 1) * taille
    let need = taille
    const segments: { value: string | null; skip: number; take: number }[] = []
    for (const g of groups) {
      if (need === 0) break
      if (skip >= g.count) {
        skip -= g.count
        continue
      }
      const take = Math.min(need, g.count - skip)
      segments.push({ value: g.value, skip, take })
      need -= take
      skip = 0
    }
    // The head already holds the first page when it lies in the first group.
    if (p === 1 && head && segments.length === 1 && segments[0].value === order[0]) return head
    return read(segments)
  }
  return { total, readPage }
}

export async function listProspects(filters: ProspectFilters, formations: { id: string }[] = []) {
  const whereSql = prospectWhereSql(filters)
  const { taille } = filters
  let total: number
  let readPage: (page: number) => Promise<ProspectRow[]>
  let rows: ProspectRow[]
  if (filters.tri === 'formation' || filters.tri === 'statut') {
    const g = await groupedPage(whereSql, filters, formations, filters.page, taille)
    total = g.total
    readPage = g.readPage
    rows = await readPage(filters.page)
  } else {
    readPage = (p) =>
      readRows(Prisma.sql`SELECT id_prospect FROM prospects WHERE ${whereSql} ORDER BY ${listOrder(filters, 'prospects')} LIMIT ${taille} OFFSET ${(p - 1) * taille}`, listOrder(filters, 'p'))
    ;[total, rows] = await Promise.all([countWhere(whereSql), readPage(filters.page)])
  }
  const pageCount = Math.max(1, Math.ceil(total / taille))
  // A page past the end shows the last page rather than an empty table.
  const page = Math.min(filters.page, pageCount)
  if (page !== filters.page) rows = await readPage(page)
  return { rows, total, page, pageCount }
}

export async function getProspect(id: string) {
  return db.prospect.findUnique({
    where: { id },
    include: {
      formationSouhaitee: { select: { id: true, nom: true } },
      candidat: { select: { numeroDossier: true, driveFolderUrl: true } },
      _count: { select: { historiqueEmails: true } },
    },
  })
}

export async function getEmailHistory(prospectId: string) {
  return db.historiqueEmail.findMany({
    where: { prospectId },
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    select: { id: true, direction: true, date: true, sujet: true, corps: true },
  })
}

export { isProspectId } from './ids'
