import { DEFAULT_PAGE_SIZE, FINANCEMENTS, PAGE_SIZES, STATUTS_LISTES, type FinancementValue, type StatutProspectValue } from './labels'

export type ProspectFilters = {
  statut: StatutProspectValue | null
  formation: string | null
  financement: FinancementValue | null
  q: string
  page: number
  taille: number
}

/** Reads the list's URL parameters. Never throws: bad values are dropped or clamped, with a French message. */
export function parseProspectFilters(params: URLSearchParams, formations: string[]): { filters: ProspectFilters; warnings: string[] } {
  const warnings: string[] = []
  const statutRaw = params.get('statut')?.trim() || ''
  let statut: StatutProspectValue | null = null
  if (statutRaw) {
    if ((STATUTS_LISTES as readonly string[]).includes(statutRaw)) statut = statutRaw as StatutProspectValue
    else if (statutRaw === 'CANDIDAT') warnings.push('Les candidats ne sont pas listés ici : voyez la page Candidats.')
    else warnings.push(`Statut inconnu « ${statutRaw.slice(0, 40)} » : filtre ignoré.`)
  }
  const formationRaw = params.get('formation')?.trim() || ''
  let formation: string | null = null
  if (formationRaw) {
    if (formations.includes(formationRaw)) formation = formationRaw
    else warnings.push(`Formation inconnue « ${formationRaw.slice(0, 40)} » : filtre ignoré.`)
  }
  const financementRaw = params.get('financement')?.trim() || ''
  let financement: FinancementValue | null = null
  if (financementRaw) {
    if ((FINANCEMENTS as readonly string[]).includes(financementRaw)) financement = financementRaw as FinancementValue
    else warnings.push(`Mode de financement inconnu « ${financementRaw.slice(0, 40)} » : filtre ignoré.`)
  }
  let q = (params.get('q') ?? '').trim()
  if (q.length > 100) {
    q = q.slice(0, 100)
    warnings.push('Recherche tronquée à 100 caractères.')
  }
  const tailleRaw = params.get('taille')
  let taille = DEFAULT_PAGE_SIZE
  if (tailleRaw) {
    const n = Number(tailleRaw)
    if (!Number.isInteger(n) || n < 1) warnings.push(`Taille de page invalide « ${tailleRaw.slice(0, 20)} » : ${DEFAULT_PAGE_SIZE} par page.`)
    else if (n > PAGE_SIZES[PAGE_SIZES.length - 1]) {
      taille = PAGE_SIZES[PAGE_SIZES.length - 1]
      warnings.push(`Au plus ${taille} prospects par page.`)
    } else taille = Math.max(PAGE_SIZES[0], n)
  }
  const pageRaw = params.get('page')
  let page = 1
  if (pageRaw) {
    const n = Number(pageRaw)
    if (!Number.isInteger(n) || n < 1) warnings.push(`Numéro de page invalide « ${pageRaw.slice(0, 20)} » : première page affichée.`)
    else page = Math.min(n, 1_000_000)
  }
  return { filters: { statut, formation, financement, q, page, taille }, warnings }
}

/** The list URL for these filters (defaults left out), for links and the close button of the panel. */
export function prospectListSearch(filters: Partial<ProspectFilters>) {
  const params = new URLSearchParams()
  if (filters.statut) params.set('statut', filters.statut)
  if (filters.formation) params.set('formation', filters.formation)
  if (filters.financement) params.set('financement', filters.financement)
  if (filters.q) params.set('q', filters.q)
  if (filters.taille && filters.taille !== DEFAULT_PAGE_SIZE) params.set('taille', String(filters.taille))
  if (filters.page && filters.page > 1) params.set('page', String(filters.page))
  const s = params.toString()
  return s ? `?${s}` : ''
}
