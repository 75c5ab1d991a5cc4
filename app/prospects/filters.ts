import { DEFAULT_PAGE_SIZE, FINANCEMENTS, PAGE_SIZES, SOURCES, sourceLabels, STATUTS_LISTES, type FinancementValue, type SourceValue, type StatutProspectValue } from './labels'

/** Sortable columns of the list (URL `tri`), each with the order it starts with when chosen (URL `ordre`). */
export const TRIS = {
  dernierContact: { label: 'Dernier contact', ordre: 'desc' },
  premierContact: { label: 'Premier contact', ordre: 'desc' },
  nom: { label: 'Nom', ordre: 'asc' },
  formation: { label: 'Formation souhaitée', ordre: 'asc' },
  statut: { label: 'Statut', ordre: 'asc' },
} as const
export type Tri = keyof typeof TRIS
export type Ordre = 'asc' | 'desc'
export const DEFAULT_TRI: Tri = 'dernierContact'
/** Days without contact offered by the filter (any whole number of days works in the URL). */
export const INACTIF_CHOIX = [7, 30, 90, 180, 365] as const
const INACTIF_MAX = 3650

export type ProspectFilters = {
  statut: StatutProspectValue | null
  formation: string | null
  financement: FinancementValue | null
  source: SourceValue | null
  /** Only prospects without contact for at least this many days. */
  inactif: number | null
  q: string
  tri: Tri
  ordre: Ordre
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
  const sourceRaw = params.get('source')?.trim() || ''
  let source: SourceValue | null = null
  if (sourceRaw) {
    if ((SOURCES as readonly string[]).includes(sourceRaw)) source = sourceRaw as SourceValue
    else warnings.push(`Source inconnue « ${sourceRaw.slice(0, 40)} » : filtre ignoré (sources : ${SOURCES.map((s) => sourceLabels[s]).join(', ')}).`)
  }
  const inactifRaw = params.get('inactif')?.trim() || ''
  let inactif: number | null = null
  if (inactifRaw) {
    const n = Number(inactifRaw)
    if (!Number.isInteger(n) || n < 1) warnings.push(`Durée sans contact invalide « ${inactifRaw.slice(0, 20)} » : un nombre de jours est attendu, filtre ignoré.`)
    else inactif = Math.min(n, INACTIF_MAX)
  }
  const triRaw = params.get('tri')?.trim() || ''
  let tri: Tri = DEFAULT_TRI
  if (triRaw) {
    if (Object.hasOwn(TRIS, triRaw)) tri = triRaw as Tri
    else warnings.push(`Tri inconnu « ${triRaw.slice(0, 40)} » : tri par dernier contact.`)
  }
  const ordreRaw = params.get('ordre')?.trim() || ''
  let ordre: Ordre = TRIS[tri].ordre
  if (ordreRaw) {
    if (ordreRaw === 'asc' || ordreRaw === 'desc') ordre = ordreRaw
    else warnings.push(`Ordre inconnu « ${ordreRaw.slice(0, 20)} » : « asc » ou « desc » attendu.`)
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
  return { filters: { statut, formation, financement, source, inactif, q, tri, ordre, page, taille }, warnings }
}

/** The list URL for these filters (defaults left out), for links and the close button of the panel. */
export function prospectListSearch(filters: Partial<ProspectFilters>) {
  const params = new URLSearchParams()
  if (filters.statut) params.set('statut', filters.statut)
  if (filters.formation) params.set('formation', filters.formation)
  if (filters.financement) params.set('financement', filters.financement)
  if (filters.source) params.set('source', filters.source)
  if (filters.inactif) params.set('inactif', String(filters.inactif))
  if (filters.q) params.set('q', filters.q)
  if (filters.tri && filters.tri !== DEFAULT_TRI) params.set('tri', filters.tri)
  if (filters.ordre && filters.ordre !== TRIS[filters.tri ?? DEFAULT_TRI].ordre) params.set('ordre', filters.ordre)
  if (filters.taille && filters.taille !== DEFAULT_PAGE_SIZE) params.set('taille', String(filters.taille))
  if (filters.page && filters.page > 1) params.set('page', String(filters.page))
  const s = params.toString()
  return s ? `?${s}` : ''
}
