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

export async function listProspects(filters: ProspectFilters) {
  const where = prospectWhere(filters)
  const total = await db.prospect.count({ where })
  const pageCount = Math.max(1, Math.ceil(total / filters.taille))
  // A page past the end shows the last page rather than an empty table.
  const page = Math.min(filters.page, pageCount)
  const rows = await db.prospect.findMany({
    where,
    select: listSelect,
    orderBy: [{ dateDernierContact: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * filters.taille,
    take: filters.taille,
  })
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
