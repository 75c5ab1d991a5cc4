// The prospects list as CSV (/admin/prospects/export.csv): the list's filters and sort, every matching row, read in
// batches of 1,000 by keyset on the sort's columns (groups one after the other for formation and statut).
import { csvDateTime, csvStream } from '~/utils/csv.server'
import { db, type Prisma } from '~/utils/db.server'
import type { ProspectFilters } from './filters'
import { financementLabels, raisonPerteLabels, sourceLabels, statutLabels, STATUTS_PROSPECT, type FinancementValue } from './labels'
import { prospectWhere } from './prospects.server'

const BATCH = 1000

export const PROSPECT_CSV_HEADERS = [
  'N° prospect',
  'Nom',
  'Prénom',
  'Emails',
  'Téléphones',
  'Adresse',
  'Code postal',
  'Ville',
  'Formation souhaitée',
  'Financement',
  'Statut',
  'Raison de la perte',
  'Source',
  'Précision de la source',
  'Échanges',
  'Premier contact',
  'Dernier contact',
]

const select = {
  id: true,
  nom: true,
  prenom: true,
  emails: true,
  telephones: true,
  adresse: true,
  codePostal: true,
  ville: true,
  modeFinancement: true,
  statutProspect: true,
  raisonPerte: true,
  source: true,
  sourcePrecision: true,
  nbEchanges: true,
  datePremierContact: true,
  dateDernierContact: true,
  nomTri: true,
  formationSouhaitee: { select: { nom: true } },
} satisfies Prisma.ProspectSelect
type Row = Prisma.ProspectGetPayload<{ select: typeof select }>

function cells(r: Row) {
  return [
    r.id,
    r.nom,
    r.prenom,
    r.emails.join(', '),
    r.telephones.join(', '),
    r.adresse,
    r.codePostal,
    r.ville,
    r.formationSouhaitee?.nom,
    r.modeFinancement ? financementLabels[r.modeFinancement as FinancementValue] : '',
    statutLabels[r.statutProspect],
    r.raisonPerte ? raisonPerteLabels[r.raisonPerte] : '',
    r.source ? sourceLabels[r.source] : '',
    r.sourcePrecision,
    r.nbEchanges,
    csvDateTime(r.datePremierContact),
    csvDateTime(r.dateDernierContact),
  ]
}

type Column = 'dateDernierContact' | 'datePremierContact' | 'nomTri'
type Dir = 'asc' | 'desc'

/** Rows after `last` in the order (column, id), both in `dir`. */
function after(column: Column, dir: Dir, last: Row): Prisma.ProspectWhereInput {
  const op = dir === 'asc' ? 'gt' : 'lt'
  return { OR: [{ [column]: { [op]: last[column] } }, { [column]: last[column], id: { [op]: last.id } }] }
}

/** One ordered run of rows: `where`, ordered by (column, id). Yields batches until it is exhausted. */
function run(where: Prisma.ProspectWhereInput, column: Column, dir: Dir) {
  let last: Row | null = null
  let done = false
  return async (): Promise<Row[] | null> => {
    if (done) return null
    const rows = await db.prospect.findMany({
      where: last ? { AND: [where, after(column, dir, last)] } : where,
      orderBy: [{ [column]: dir }, { id: dir }],
      take: BATCH,
      select,
    })
    if (rows.length > 0) last = rows[rows.length - 1]
    if (rows.length < BATCH) done = true
    return rows
  }
}

/** The filtered, sorted list as a CSV stream. `formations` in name order (for the formation sort). */
export function prospectsCsvStream(filters: ProspectFilters, formations: { id: string }[]): ReadableStream<Uint8Array> {
  const where = prospectWhere(filters)
  const runs: (() => Promise<Row[] | null>)[] = []
  if (filters.tri === 'formation' || filters.tri === 'statut') {
    // Same order as the screen: groups in name (or pipeline) order, newest contact first inside each.
    const field = filters.tri === 'formation' ? 'formationSouhaiteeId' : 'statutProspect'
    const groups: (string | null)[] = filters.tri === 'formation' ? [...formations.map((f) => f.id), null] : [...STATUTS_PROSPECT]
    if (filters.ordre === 'desc') groups.reverse()
    for (const value of groups) runs.push(run({ AND: [where, { [field]: value }] }, 'dateDernierContact', 'desc'))
  } else {
    const column: Column = filters.tri === 'nom' ? 'nomTri' : filters.tri === 'premierContact' ? 'datePremierContact' : 'dateDernierContact'
    runs.push(run(where, column, filters.ordre))
  }
  return csvStream(
    PROSPECT_CSV_HEADERS,
    async () => {
      while (runs.length > 0) {
        const rows = await runs[0]()
        if (rows === null) {
          runs.shift()
          continue
        }
        return rows.map(cells)
      }
      return null
    },
    'prospects',
  )
}
