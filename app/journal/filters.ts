// The journal's URL parameters (severity, resolved, action, dates, search, page) and the URL that gives them back.
import { listSearch, quoted, readPage, readPageSize, readSearch } from '~/utils/list-params'
import { JOURNAL_DEFAULT_PAGE_SIZE, JOURNAL_PAGE_SIZES, SEVERITES, type SeveriteValue } from './labels'

export type JournalFilters = {
  severite: SeveriteValue | null
  resolu: 'oui' | 'non' | null
  workflow: string | null
  /** Calendar days (YYYY-MM-DD) in Europe/Paris, both included. */
  du: string | null
  au: string | null
  q: string
  page: number
  taille: number
}


/**
 * Reads the journal's URL parameters. Never throws: a bad value is dropped (or clamped) and explained in French,
 * so a hand-edited or stale URL still shows a page. `workflows` are the known workflow names.
 */
export function parseJournalFilters(params: URLSearchParams, workflows: readonly string[]): { filters: JournalFilters; warnings: string[] } {
  const warnings: string[] = []

  const severiteRaw = params.get('severite')?.trim().toUpperCase() || ''
  let severite: SeveriteValue | null = null
  if (severiteRaw) {
    if ((SEVERITES as readonly string[]).includes(severiteRaw)) severite = severiteRaw as SeveriteValue
    else warnings.push(`Sévérité inconnue ${quoted(params.get('severite')!.trim())} : filtre ignoré.`)
  }

  const resoluRaw = params.get('resolu')?.trim().toLowerCase() || ''
  let resolu: JournalFilters['resolu'] = null
  if (resoluRaw) {
    if (resoluRaw === 'oui' || resoluRaw === 'non') resolu = resoluRaw
    else warnings.push(`Valeur ${quoted(params.get('resolu')!.trim())} invalide pour « résolu » (oui ou non) : filtre ignoré.`)
  }

  const workflowRaw = params.get('workflow')?.trim() || ''
  let workflow: string | null = null
  if (workflowRaw) {
    if (workflows.includes(workflowRaw)) workflow = workflowRaw
    else warnings.push(`Workflow inconnu ${quoted(workflowRaw)} : filtre ignoré.`)
  }

  let du = readDay(params.get('du'), 'de début', warnings)
  let au = readDay(params.get('au'), 'de fin', warnings)
  if (du && au && du > au) {
    ;[du, au] = [au, du]
    warnings.push('La date de début était après la date de fin : les deux dates ont été inversées.')
  }

  const q = readSearch(params, warnings)
  const taille = readPageSize(params, JOURNAL_PAGE_SIZES, JOURNAL_DEFAULT_PAGE_SIZE, 'entrées', warnings)
  const page = readPage(params, warnings)
  return { filters: { severite, resolu, workflow, du, au, q, page, taille }, warnings }
}

/** Accepts 2026-11-20 (what <input type="date"> sends) and 20/11/2026 (what a French admin types). */
function readDay(raw: string | null, which: string, warnings: string[]): string | null {
  const value = raw?.trim() ?? ''
  if (!value) return null
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  let [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0]
  if (!match) {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value)
    if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])]
  }
  const check = new Date(Date.UTC(y, m - 1, d))
  const valid = match && y >= 2000 && y <= 2100 && check.getUTCMonth() === m - 1 && check.getUTCDate() === d
  if (!valid) {
    warnings.push(`Date ${which} invalide « ${value.slice(0, 20)} » (format attendu : JJ/MM/AAAA) : filtre ignoré.`)
    return null
  }
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Minutes to add to UTC to get Paris wall-clock time at `instant` (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: number) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000)
}

/** The instant a Paris calendar day (YYYY-MM-DD) starts; `plusDays` moves to a later day (end bounds). */
export function parisDayStart(day: string, plusDays = 0) {
  const [y, m, d] = day.split('-').map(Number)
  const midnightUtc = Date.UTC(y, m - 1, d + plusDays)
  // Paris midnight is never inside a DST jump (those happen at 2 h and 3 h), so two passes settle the offset.
  let instant = midnightUtc - parisOffsetMinutes(midnightUtc) * 60_000
  instant = midnightUtc - parisOffsetMinutes(instant) * 60_000
  return new Date(instant)
}

/** The list URL's query string for these filters (defaults left out); page links and the export use it. */
export function journalSearch(filters: Partial<JournalFilters>) {
  const { severite, resolu, workflow, du, au, q, taille, page } = filters
  return listSearch({ severite, resolu, workflow, du, au, q, taille, page }, { taille: JOURNAL_DEFAULT_PAGE_SIZE })
}

export function hasJournalFilters(filters: JournalFilters) {
  return Boolean(filters.severite || filters.resolu || filters.workflow || filters.du || filters.au || filters.q)
}
