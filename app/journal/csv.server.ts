// The journal's export (/admin/logs/export.csv): its columns and rows; the CSV rules are app/utils/csv.server.ts.
import { csvDateTime, csvFileName as fileName, csvStream } from '~/utils/csv.server'
import { db, type Prisma } from '~/utils/db.server'
import type { JournalFilters } from './filters'
import { journalWhere } from './journal.server'
import { severiteLabels } from './labels'

const BATCH = 1000

export const CSV_HEADERS = [
  'N°',
  'Date',
  'Sévérité',
  'Workflow',
  'Nœud',
  'Message',
  'Résolue',
  'Résolue par',
  'Date de résolution',
  'Action',
  'Prospect',
  'Données d’entrée',
]

const select = {
  id: true,
  dateErreur: true,
  severite: true,
  nomWorkflow: true,
  nomNoeud: true,
  messageErreur: true,
  resolu: true,
  resoluPar: true,
  dateResolution: true,
  actionId: true,
  prospectId: true,
  donneesEntree: true,
} satisfies Prisma.JournalErreurSelect

type CsvRow = Prisma.JournalErreurGetPayload<{ select: typeof select }>

function rowCells(r: CsvRow) {
  const donnees = r.donneesEntree && typeof r.donneesEntree === 'object' && Object.keys(r.donneesEntree).length === 0 ? '' : JSON.stringify(r.donneesEntree)
  return [
    r.id,
    csvDateTime(r.dateErreur),
    severiteLabels[r.severite],
    r.nomWorkflow,
    r.nomNoeud,
    r.messageErreur,
    r.resolu ? 'Oui' : 'Non',
    r.resoluPar,
    csvDateTime(r.dateResolution),
    r.actionId,
    r.prospectId,
    donnees,
  ]
}

/**
 * The filtered journal as CSV, newest first, read in batches of 1,000 by keyset (date, id): memory stays flat
 * whatever the size, and a download the admin cancels stops the queries.
 */
export function journalCsvStream(filters: JournalFilters): ReadableStream<Uint8Array> {
  const where = journalWhere(filters)
  let last: { dateErreur: Date; id: number } | null = null
  let done = false
  return csvStream(
    CSV_HEADERS,
    async () => {
      if (done) return null
      const after: Prisma.JournalErreurWhereInput | null = last
        ? { OR: [{ dateErreur: { lt: last.dateErreur } }, { dateErreur: last.dateErreur, id: { lt: last.id } }] }
        : null
      const rows = await db.journalErreur.findMany({
        where: after ? { AND: [where, after] } : where,
        orderBy: [{ dateErreur: 'desc' }, { id: 'desc' }],
        take: BATCH,
        select,
      })
      if (rows.length > 0) last = rows[rows.length - 1]
      if (rows.length < BATCH) done = true
      return rows.map(rowCells)
    },
    'journal',
  )
}

/** journal-erreurs-2026-11-20.csv (Paris date). */
export function csvFileName(now = new Date()) {
  return fileName('journal-erreurs', now)
}
