// The URL parameters every list page shares: search, page, page size, sort column and order. One reading for the
// prospects, candidates, journal, notifications and RGPD lists. Never throws: a bad value falls back to the default
// and leaves a French message in `warnings`, so a hand-edited or stale URL still shows a page.

export const MAX_PAGE = 1_000_000
export const SEARCH_MAX = 100

export type Ordre = 'asc' | 'desc'

/** A value quoted for a message, cut at `max` characters. */
export function quoted(value: string, max = 40) {
  return `« ${value.slice(0, max)}${value.length > max ? '…' : ''} »`
}

/** The search box (`q`): spaces collapsed, at most 100 characters. */
export function readSearch(params: URLSearchParams, warnings: string[]) {
  let q = (params.get('q') ?? '').replace(/\s+/g, ' ').trim()
  if (q.length > SEARCH_MAX) {
    q = q.slice(0, SEARCH_MAX)
    warnings.push(`Recherche tronquée à ${SEARCH_MAX} caractères.`)
  }
  return q
}

/** `page`: a whole number from 1; the data layer brings a page past the end back to the last one. */
export function readPage(params: URLSearchParams, warnings: string[]) {
  const raw = params.get('page')?.trim()
  if (!raw) return 1
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) {
    warnings.push(`Numéro de page invalide ${quoted(raw, 20)} : première page affichée.`)
    return 1
  }
  return Math.min(n, MAX_PAGE)
}

/** `taille`: one of the offered sizes' range (smallest to largest); `what` names the rows (« prospects »). */
export function readPageSize(params: URLSearchParams, sizes: readonly number[], defaut: number, what: string, warnings: string[]) {
  const raw = params.get('taille')?.trim()
  if (!raw) return defaut
  const n = Number(raw)
  const max = sizes[sizes.length - 1]
  if (!Number.isInteger(n) || n < 1) {
    warnings.push(`Taille de page invalide ${quoted(raw, 20)} : ${defaut} par page.`)
    return defaut
  }
  if (n > max) {
    warnings.push(`Au plus ${max} ${what} par page.`)
    return max
  }
  return Math.max(sizes[0], n)
}

/**
 * `tri` and `ordre`: a known column (each with the order it starts with) and `asc`/`desc`. `defautTexte` tells the
 * admin what the list falls back to (« tri par dernier contact »).
 */
export function readSort<T extends string>(
  params: URLSearchParams,
  tris: Record<T, { ordre: Ordre }>,
  defaut: T,
  defautTexte: string,
  warnings: string[],
): { tri: T; ordre: Ordre } {
  const triRaw = params.get('tri')?.trim() || ''
  let tri = defaut
  if (triRaw) {
    if (Object.hasOwn(tris, triRaw)) tri = triRaw as T
    else warnings.push(`Tri inconnu ${quoted(triRaw)} : ${defautTexte}.`)
  }
  const ordreRaw = params.get('ordre')?.trim() || ''
  let ordre = tris[tri].ordre
  if (ordreRaw) {
    if (ordreRaw === 'asc' || ordreRaw === 'desc') ordre = ordreRaw
    else warnings.push(`Ordre inconnu ${quoted(ordreRaw, 20)} : « asc » ou « desc » attendu.`)
  }
  return { tri, ordre }
}

/** A choice among known values (`statut`, `formation`…): unknown values are ignored with `inconnu`'s message. */
export function readChoice<T extends string>(params: URLSearchParams, name: string, known: readonly T[], inconnu: (shown: string) => string, warnings: string[]) {
  const raw = params.get(name)?.trim() || ''
  if (!raw) return null
  if ((known as readonly string[]).includes(raw)) return raw as T
  warnings.push(inconnu(quoted(raw)))
  return null
}

/** The query string of a list URL from its values, defaults left out (`?…`, or '' when nothing is set). */
export function listSearch(values: Record<string, string | number | null | undefined>, defaults: Record<string, string | number> = {}) {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === '' || value === defaults[name]) continue
    if (name === 'page' && Number(value) <= 1) continue
    params.set(name, String(value))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}
