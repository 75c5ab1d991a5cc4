// The candidates list's URL parameters: search, formation, session, sort, page. Never throws: a bad value is dropped
// and explained in French, so a hand-edited or stale URL still shows a page.

export const TRIS = ['recent', 'nom', 'dossier', 'session'] as const
export type Tri = (typeof TRIS)[number]

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
  const show = (value: string) => `« ${value.slice(0, 40)}${value.length > 40 ? '…' : ''} »`

  let q = (params.get('q') ?? '').replace(/\s+/g, ' ').trim()
  if (q.length > 100) {
    q = q.slice(0, 100)
    warnings.push('Recherche tronquée à 100 caractères.')
  }

  const formationRaw = params.get('formation')?.trim() || ''
  let formation: string | null = null
  if (formationRaw) {
    if (known.formations.includes(formationRaw)) formation = formationRaw
    else warnings.push(`Formation inconnue ${show(formationRaw)} : filtre ignoré.`)
  }

  const sessionRaw = params.get('session')?.trim() || ''
  let session: string | null = null
  if (sessionRaw) {
    const found = known.sessions.find((s) => s.id === sessionRaw)
    if (!found) warnings.push(`Session inconnue ${show(sessionRaw)} : filtre ignoré.`)
    else if (formation && found.formationId !== formation) warnings.push('Cette session n’appartient pas à la formation choisie : filtre de session ignoré.')
    else session = found.id
  }

  const triRaw = params.get('tri')?.trim() || ''
  let tri: Tri = 'recent'
  if (triRaw) {
    if ((TRIS as readonly string[]).includes(triRaw)) tri = triRaw as Tri
    else warnings.push(`Tri inconnu ${show(triRaw)} : du plus récent au plus ancien.`)
  }

  const pageRaw = params.get('page')?.trim()
  let page = 1
  if (pageRaw) {
    const n = Number(pageRaw)
    if (!Number.isInteger(n) || n < 1) warnings.push(`Numéro de page invalide ${show(pageRaw)} : première page affichée.`)
    else page = Math.min(n, 1_000_000)
  }
  return { filters: { q, formation, session, tri, page }, warnings }
}

/** The list's query string for these filters (defaults left out): sort links, pages, the detail page's way back. */
export function candidatSearch(filters: Partial<CandidatFilters>) {
  const params = new URLSearchParams()
  if (filters.q) params.set('q', filters.q)
  if (filters.formation) params.set('formation', filters.formation)
  if (filters.session) params.set('session', filters.session)
  if (filters.tri && filters.tri !== 'recent') params.set('tri', filters.tri)
  if (filters.page && filters.page > 1) params.set('page', String(filters.page))
  const s = params.toString()
  return s ? `?${s}` : ''
}

export function hasCandidatFilters(filters: CandidatFilters) {
  return Boolean(filters.q || filters.formation || filters.session)
}
