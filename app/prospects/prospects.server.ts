import { db, type Prisma } from '~/utils/db.server'
import { digitsOnly, normalizeSearch } from '~/utils/text'
import type { ProspectFilters } from './filters'
import { STATUTS_PROSPECT } from './labels'

export async function listFormations() {
  return db.formation.findMany({ orderBy: { nom: 'asc' }, select: { id: true, nom: true } })
}

const DAY_MS = 24 * 3600_000

export function prospectWhere(
  filters: Pick<ProspectFilters, 'statut' | 'formation' | 'financement' | 'q'> & Partial<Pick<ProspectFilters, 'source' | 'inactif'>>,
  now = new Date(),
): Prisma.ProspectWhereInput {
  const where: Prisma.ProspectWhereInput = {
    statutProspect: filters.statut ?? { not: 'CANDIDAT' },
  }
  if (filters.formation) where.formationSouhaiteeId = filters.formation
  if (filters.financement) where.modeFinancement = filters.financement
  if (filters.source) where.source = filters.source
  if (filters.inactif) where.dateDernierContact = { lt: new Date(now.getTime() - filters.inactif * DAY_MS) }
  if (filters.q) {
    const q = normalizeSearch(filters.q)
    // "06 12 34 56" finds 0612345678: phone-like queries are compared as digits.
    const term = /^[\d\s.+()-]+$/.test(q) && digitsOnly(q).length >= 2 ? digitsOnly(q) : q
    where.texteRecherche = { contains: term }
  }
  return where
}

const listSelect = {
  id: true,
  nom: true,
  prenom: true,
  emails: true,
  telephones: true,
  modeFinancement: true,
  statutProspect: true,
  source: true,
  sourcePrecision: true,
  nbEchanges: true,
  datePremierContact: true,
  dateDernierContact: true,
  formationSouhaitee: { select: { id: true, nom: true } },
} satisfies Prisma.ProspectSelect

type Sort = Pick<ProspectFilters, 'tri' | 'ordre'>

/** The list's order for a sort that an index serves directly (every sort but formation and statut). */
export function listOrder({ tri, ordre }: Sort): Prisma.ProspectOrderByWithRelationInput[] {
  switch (tri) {
    case 'nom':
      return [{ nomTri: ordre }, { id: ordre }]
    case 'premierContact':
      return [{ datePremierContact: ordre }, { id: ordre }]
    default:
      return [{ dateDernierContact: ordre }, { id: ordre }]
  }
}

async function pageIds(where: Prisma.ProspectWhereInput, orderBy: Prisma.ProspectOrderByWithRelationInput[], skip: number, take: number) {
  // Ids first: an index-only scan even deep in the list; then the 25 rows by primary key.
  const ids = await db.prospect.findMany({ where, select: { id: true }, orderBy, skip, take })
  return ids.map((r) => r.id)
}

type Group = { value: string | null; count: number }

/**
 * Sorted by formation (by name) or statut (in the pipeline's order), newest contact first within each group: the
 * groups' sizes come from one GROUP BY, then the page is read from the one or two groups it spans, each an index
 * range (formation or statut, last contact, id). The sizes add up to the total, so nothing is counted twice.
 */
async function groupedPage(where: Prisma.ProspectWhereInput, sort: Sort, formations: { id: string }[], page: number, taille: number) {
  const field = sort.tri === 'formation' ? 'formationSouhaiteeId' : 'statutProspect'
  const order: (string | null)[] = sort.tri === 'formation' ? [...formations.map((f) => f.id), null] : [...STATUTS_PROSPECT]
  if (sort.ordre === 'desc') order.reverse()
  const inGroup = (value: string | null, skip: number, take: number) =>
    pageIds({ AND: [where, { [field]: value }] }, [{ dateDernierContact: 'desc' }, { id: 'desc' }], skip, take)
  // The first page almost always lies in the first group: read it while the groups are counted.
  const [counts, head] = await Promise.all([
    db.prospect.groupBy({ by: [field], where, _count: { _all: true } }),
    page === 1 ? inGroup(order[0], 0, taille) : Promise.resolve(null),
  ])
  const sizes = new Map(counts.map((c) => [(c as Record<string, unknown>)[field] as string | null, c._count._all]))
  const groups: Group[] = order.map((value) => ({ value, count: sizes.get(value) ?? 0 })).filter((g) => g.count > 0)
  const total = groups.reduce((sum, g) => sum + g.count, 0)
  const read = async (p: number) => {
    let skip = (p - 1) * taille
    const ids: string[] = []
    for (const g of groups) {
      if (ids.length === taille) break
      if (skip >= g.count) {
        skip -= g.count
        continue
      }
      const need = taille - ids.length
      ids.push(...(p === 1 && g.value === order[0] && head ? head.slice(0, need) : await inGroup(g.value, skip, need)))
      skip = 0
    }
    return ids
  }
  return { total, read }
}

export async function listProspects(filters: ProspectFilters, formations: { id: string }[] = []) {
  const where = prospectWhere(filters)
  const grouped = filters.tri === 'formation' || filters.tri === 'statut'
  let total: number
  let read: (page: number) => Promise<string[]>
  let ids: string[]
  if (grouped) {
    const g = await groupedPage(where, filters, formations, filters.page, filters.taille)
    total = g.total
    read = g.read
    ids = await read(filters.page)
  } else {
    const orderBy = listOrder(filters)
    read = (p) => pageIds(where, orderBy, (p - 1) * filters.taille, filters.taille)
    ;[total, ids] = await Promise.all([db.prospect.count({ where }), read(filters.page)])
  }
  const pageCount = Math.max(1, Math.ceil(total / filters.taille))
  // A page past the end shows the last page rather than an empty table.
  const page = Math.min(filters.page, pageCount)
  if (page !== filters.page) ids = await read(page)
  const found = ids.length ? await db.prospect.findMany({ where: { id: { in: ids } }, select: listSelect }) : []
  const byId = new Map(found.map((r) => [r.id, r]))
  const rows = ids.map((id) => byId.get(id)).filter((r): r is (typeof found)[number] => r !== undefined)
  return { rows, total, page, pageCount }
}

export type ProspectRow = Awaited<ReturnType<typeof listProspects>>['rows'][number]

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
