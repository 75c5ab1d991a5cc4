import { db, type Prisma } from '~/utils/db.server'
import { digitsOnly, normalizeSearch } from '~/utils/text'
import type { ProspectFilters } from './filters'

export async function listFormations() {
  return db.formation.findMany({ orderBy: { nom: 'asc' }, select: { id: true, nom: true } })
}

export function prospectWhere(filters: Pick<ProspectFilters, 'statut' | 'formation' | 'financement' | 'q'>): Prisma.ProspectWhereInput {
  const where: Prisma.ProspectWhereInput = {
    statutProspect: filters.statut ?? { not: 'CANDIDAT' },
  }
  if (filters.formation) where.formationSouhaiteeId = filters.formation
  if (filters.financement) where.modeFinancement = filters.financement
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
  nbEchanges: true,
  dateDernierContact: true,
  formationSouhaitee: { select: { id: true, nom: true } },
} satisfies Prisma.ProspectSelect

const listOrder = [{ dateDernierContact: 'desc' }, { id: 'desc' }] satisfies Prisma.ProspectOrderByWithRelationInput[]

async function pageIds(where: Prisma.ProspectWhereInput, page: number, taille: number) {
  // Ids first: an index-only scan even deep in the list; then the 25 rows by primary key.
  const ids = await db.prospect.findMany({ where, select: { id: true }, orderBy: listOrder, skip: (page - 1) * taille, take: taille })
  return ids.map((r) => r.id)
}

export async function listProspects(filters: ProspectFilters) {
  const where = prospectWhere(filters)
  let [total, ids] = await Promise.all([db.prospect.count({ where }), pageIds(where, filters.page, filters.taille)])
  const pageCount = Math.max(1, Math.ceil(total / filters.taille))
  // A page past the end shows the last page rather than an empty table.
  const page = Math.min(filters.page, pageCount)
  if (page !== filters.page) ids = await pageIds(where, page, filters.taille)
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

/** Prospect ids look like PROS_xxx; anything else is answered 404 without a query. */
export function isProspectId(id: string | undefined): id is string {
  return typeof id === 'string' && /^PROS_[A-Za-z0-9_-]{1,60}$/.test(id)
}
