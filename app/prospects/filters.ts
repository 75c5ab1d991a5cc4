// The prospects list's URL parameters (filters, search, sort, page) and the URL that gives them back.
import { listSearch, quoted, readChoice, readPage, readPageSize, readSearch, readSort, type Ordre } from '~/utils/list-params'
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
export type { Ordre }
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
  if (statutRaw === 'CANDIDAT') warnings.push('Les candidats ne sont pas listés ici : voyez la page Candidats.')
  else statut = readChoice(params, 'statut', STATUTS_LISTES, (v) => `Statut inconnu ${v} : filtre ignoré.`, warnings)
  const formation = readChoice(params, 'formation', formations, (v) => `Formation inconnue ${v} : filtre ignoré.`, warnings)
  const financement = readChoice(params, 'financement', FINANCEMENTS, (v) => `Mode de financement inconnu ${v} : filtre ignoré.`, warnings)
  const sourcesText = SOURCES.map((s) => sourceLabels[s]).join(', ')
  const source = readChoice(params, 'source', SOURCES, (v) => `Source inconnue ${v} : filtre ignoré (sources : ${sourcesText}).`, warnings)
  const inactifRaw = params.get('inactif')?.trim() || ''
  let inactif: number | null = null
  if (inactifRaw) {
    const n = Number(inactifRaw)
    if (!Number.isInteger(n) || n < 1) warnings.push(`Durée sans contact invalide ${quoted(inactifRaw, 20)} : un nombre de jours est attendu, filtre ignoré.`)
    else inactif = Math.min(n, INACTIF_MAX)
  }
  const { tri, ordre } = readSort(params, TRIS, DEFAULT_TRI, 'tri par dernier contact', warnings)
  const q = readSearch(params, warnings)
  const taille = readPageSize(params, PAGE_SIZES, DEFAULT_PAGE_SIZE, 'prospects', warnings)
  const page = readPage(params, warnings)
  return { filters: { statut, formation, financement, source, inactif, q, tri, ordre, page, taille }, warnings }
}

/** The list URL for these filters (defaults left out), for links and the close button of the panel. */
export function prospectListSearch(filters: Partial<ProspectFilters>) {
  const { statut, formation, financement, source, inactif, q, tri, ordre, taille, page } = filters
  return listSearch(
    { statut, formation, financement, source, inactif, q, tri, ordre, taille, page },
    { tri: DEFAULT_TRI, ordre: TRIS[tri ?? DEFAULT_TRI].ordre, taille: DEFAULT_PAGE_SIZE },
  )
}
