// The prospects list as CSV (/admin/prospects/export.csv): the list's filters (prospectWhereSql) and sort, every
// matching row, read in batches of 1,000 by keyset on the sort's columns (groups one after the other for formation and
// statut).
import { csvDateTime, csvStream } from '~/utils/csv.server'
import { db, Prisma, utcSql, type Prospect } from '~/utils/db.server'
import type { ProspectFilters } from './filters'
import { financementLabels, raisonPerteLabels, sourceLabels, statutLabels, type FinancementValue } from './labels'
import { prospectWhereSql, sortGroups } from './prospects.server'

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

/** A prospect as the export reads it, with its wished formation's name. */
type Row = Pick<
  Prospect,
  | 'id'
  | 'nom'
  | 'prenom'
  | 'emails'
  | 'telephones'
  | 'adresse'
  | 'codePostal'
  | 'ville'
  | 'modeFinancement'
  | 'statutProspect'
  | 'raisonPerte'
  | 'source'
  | 'sourcePrecision'
  | 'nbEchanges'
  | 'datePremierContact'
  | 'dateDernierContact'
  | 'nomTri'
> & { formationNom: string | null }

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
    r.formationNom,
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
const COLUMNS: Record<Column, string> = { dateDernierContact: 'date_dernier_contact', datePremierContact: 'date_premier_contact', nomTri: 'nom_tri' }

/**
 * One ordered run of rows: the prospects `where` keeps (prospectWhereSql, the list's own conditions), ordered by
 * (column, id), read `batch` at a time after the last row read (an index range, however deep).
 */
function run(where: Prisma.Sql, column: Column, dir: Dir, batch: number) {
  const key = Prisma.raw(COLUMNS[column])
  const [after, order] = dir === 'asc' ? [Prisma.raw('>'), Prisma.raw('ASC')] : [Prisma.raw('<'), Prisma.raw('DESC')]
  let last: Row | null = null
  let done = false
  return async (): Promise<Row[] | null> => {
    if (done) return null
    const lastKey = last === null ? null : column === 'nomTri' ? Prisma.sql`${last.nomTri}` : utcSql(last[column])
    const rows: Row[] = await db.$queryRaw<Row[]>`
      SELECT p.id_prospect AS id, p.nom, p.prenom, COALESCE(p.emails, '{}') AS emails, COALESCE(p.telephones, '{}') AS telephones,
        p.adresse, p.code_postal AS "codePostal", p.ville, f.nom AS "formationNom", p.mode_financement::text AS "modeFinancement",
        p.statut_prospect::text AS "statutProspect", p.raison_perte::text AS "raisonPerte", p.source::text AS source,
        p.source_precision AS "sourcePrecision", p.nb_echanges AS "nbEchanges", p.date_premier_contact AS "datePremierContact",
        p.date_dernier_contact AS "dateDernierContact", p.nom_tri AS "nomTri"
      FROM (
        SELECT * FROM prospects
        WHERE ${where} ${last === null ? Prisma.empty : Prisma.sql`AND (${key}, id_prospect) ${after} (${lastKey}, ${last.id})`}
        ORDER BY ${key} ${order}, id_prospect ${order}
        LIMIT ${batch}
      ) AS p
      LEFT JOIN formations f ON f.id = p.formation_souhaitee
      ORDER BY p.${key} ${order}, p.id_prospect ${order}`
    if (rows.length > 0) last = rows[rows.length - 1]
    if (rows.length < batch) done = true
    return rows
  }
}

/** The filtered, sorted list as a CSV stream. `formations` in name order (for the formation sort); `batch` rows per read. */
export function prospectsCsvStream(filters: ProspectFilters, formations: { id: string }[], batch = BATCH): ReadableStream<Uint8Array> {
  const where = prospectWhereSql(filters)
  const runs: (() => Promise<Row[] | null>)[] = []
  if (filters.tri === 'formation' || filters.tri === 'statut') {
    // Same order as the screen: groups one after the other, newest contact first inside each.
    for (const group of sortGroups(filters, formations)) runs.push(run(Prisma.sql`${where} AND ${group.where}`, 'dateDernierContact', 'desc', batch))
  } else {
    const column: Column = filters.tri === 'nom' ? 'nomTri' : filters.tri === 'premierContact' ? 'datePremierContact' : 'dateDernierContact'
    runs.push(run(where, column, filters.ordre, batch))
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
