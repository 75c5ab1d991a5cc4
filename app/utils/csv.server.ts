// CSV files for French spreadsheets, shared by every export (journal, prospects): semicolons, a UTF-8 byte order
// mark, formulas neutralised, RFC 4180 quoting, Paris dates, and a stream fed batch by batch so memory stays flat
// and a cancelled download stops the queries.

// French Excel splits on semicolons, and reads UTF-8 only with a byte order mark.
const SEPARATOR = ';'
const BOM = '\uFEFF'

export type CsvValue = string | number | null | undefined

/**
 * One CSV cell. Text that a spreadsheet would take for a formula (= + - @, or a leading tab/CR) gets a leading
 * apostrophe, so text from outside cannot run anything when the file is opened; then RFC 4180 quoting.
 */
export function csvCell(value: CsvValue) {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[";,\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(cells: CsvValue[]) {
  return `${cells.map(csvCell).join(SEPARATOR)}\r\n`
}

const dateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** "20/11/2026 11:00:00" (Paris), or an empty cell. */
export function csvDateTime(date: Date | null | undefined) {
  return date ? dateTime.format(date) : ''
}

/**
 * The file: BOM and headers first, then each batch `next()` returns (rows of cells), until it returns null.
 * `label` names the export in the console line written if a batch fails.
 */
export function csvStream(headers: string[], next: () => Promise<CsvValue[][] | null>, label: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(BOM + csvLine(headers)))
        return
      }
      try {
        // A pull must enqueue or close, or the stream stalls: empty batches are skipped.
        for (;;) {
          const rows = await next()
          if (rows === null) return controller.close()
          if (rows.length > 0) return controller.enqueue(encoder.encode(rows.map(csvLine).join('')))
        }
      } catch (error) {
        console.error(`[${label}] export CSV interrompu`, error)
        controller.error(error)
      }
    },
  })
}

/** "journal-erreurs-2026-11-20.csv" (Paris date). */
export function csvFileName(prefix: string, now = new Date()) {
  const [d, m, y] = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(now).split('/')
  return `${prefix}-${y}-${m}-${d}.csv`
}

/** The response of a CSV download. */
export function csvResponse(stream: ReadableStream<Uint8Array>, fileName: string) {
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store',
    },
  })
}
