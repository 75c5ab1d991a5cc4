// The candidates list's URL parameters: search, formation, session, sort, page. Never throws: a bad value is dropped
// and explained in French, so a hand-edited or stale URL still shows a page.
import { listSearch, quoted, readChoice, readPage, readSearch, readSort } from '~/utils/list-params'

export const TRIS = ['recent', 'nom', 'dossier', 'session'] as const
export type Tri = (typeof TRIS)[number]
/** Each sort with the order it reads in (the list offers one order per column). */
const ORDRES = { recent: { ordre: 'desc' }, nom: { ordre: 'asc' }, dossier: { ordre: 'asc' }, session: { ordre: 'asc' } } as const satisfies Record<Tri, { ordre: 'asc' | 'desc' }>

export const triLabels: Record<Tri, string> = {
  recent: 'Conversion la plus récente',
  nom: 'Nom',
  dossier: 'Numéro de dossier',
  session: 'Date de session',
}

export type CandidatFilters = {
  q: string
  formation: string | null
  session: string | null
  tri: Tri
  page: number
}

export function parseCandidatFilters(
  params: URLSearchParams,
  known: { formations: string[]; sessions: { id: string; formationId: string }[] },
): { filters: CandidatFilters; warnings: string[] } {
  const warnings: string[] = []

  const q = readSearch(params, warnings)

  const formation = readChoice(params, 'formation', known.formations, (v) => `Formation inconnue ${v} : filtre ignoré.`, warnings)

  const sessionRaw = params.get('session')?.trim() || ''
  let session: string | null = null
  if (sessionRaw) {
    const found = known.sessions.find((s) => s.id === sessionRaw)
    if (!found) warnings.push(`Session inconnue ${quoted(sessionRaw)} : filtre ignoré.`)
    else if (formation && found.formationId !== formation) warnings.push('Cette session n’appartient pas à la formation choisie : filtre de session ignoré.')
    else session = found.id
  }

  const { tri } = readSort(params, ORDRES, 'recent', 'du plus récent au plus ancien', warnings)
  const page = readPage(params, warnings)
  return { filters: { q, formation, session, tri, page }, warnings }
}

/** The list's query string for these filters (defaults left out): sort links, pages, the detail page's way back. */
export function candidatSearch(filters: Partial<CandidatFilters>) {
  const { q, formation, session, tri, page } = filters
  return listSearch({ q, formation, session, tri, page }, { tri: 'recent' })
}

export function hasCandidatFilters(filters: CandidatFilters) {
  return Boolean(filters.q || filters.formation || filters.session)
}
