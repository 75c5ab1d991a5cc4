import { db, type Prisma } from '~/utils/db.server'
import type { JournalFilters } from './filters'
import { journalWhere } from './journal.server'
import { severiteLabels } from './labels'

// French Excel splits on semicolons, and reads UTF-8 only with a byte order mark.
const SEPARATOR = ';'
const BOM = '\uFEFF'
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

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/**
 * One CSV cell. Text that a spreadsheet would take for a formula (= + - @, or a leading tab/CR) gets a leading
 * apostrophe, so an error message from outside cannot run anything when the file is opened; then RFC 4180 quoting.
 */
export function csvCell(value: string | number | null | undefined) {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[";,\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(cells: (string | number | null | undefined)[]) {
  return `${cells.map(csvCell).join(SEPARATOR)}\r\n`
}

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

function rowLine(r: CsvRow) {
  const donnees = r.donneesEntree && typeof r.donneesEntree === 'object' && Object.keys(r.donneesEntree).length === 0 ? '' : JSON.stringify(r.donneesEntree)
  return csvLine([
    r.id,
    dateTime.format(r.dateErreur),
    severiteLabels[r.severite],
    r.nomWorkflow,
    r.nomNoeud,
    r.messageErreur,
    r.resolu ? 'Oui' : 'Non',
    r.resoluPar,
    r.dateResolution ? dateTime.format(r.dateResolution) : '',
    r.actionId,
    r.prospectId,
    donnees,
  ])
}

/**
 * The filtered journal as CSV, newest first, read in batches of 1,000 by keyset (date, id): memory stays flat
 * whatever the size, and a download the admin cancels stops the queries.
 */
export function journalCsvStream(filters: JournalFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const where = journalWhere(filters)
  let last: { dateErreur: Date; id: number } | null = null
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(BOM + csvLine(CSV_HEADERS)))
        return
      }
      try {
        const after: Prisma.JournalErreurWhereInput | null = last
          ? { OR: [{ dateErreur: { lt: last.dateErreur } }, { dateErreur: last.dateErreur, id: { lt: last.id } }] }
          : null
        const rows = await db.journalErreur.findMany({
          where: after ? { AND: [where, after] } : where,
          orderBy: [{ dateErreur: 'desc' }, { id: 'desc' }],
          take: BATCH,
          select,
        })
        if (rows.length > 0) {
          last = rows[rows.length - 1]
          controller.enqueue(encoder.encode(rows.map(rowLine).join('')))
        }
        if (rows.length < BATCH) controller.close()
      } catch (error) {
        console.error('[journal] export CSV interrompu', error)
        controller.error(error)
      }
    },
  })
}

/** journal-erreurs-2026-11-20.csv (Paris date). */
export function csvFileName(now = new Date()) {
  const [d, m, y] = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(now).split('/')
  return `journal-erreurs-${y}-${m}-${d}.csv`
}
