// The one check for every redirect target a client can choose (redirectTo fields and parameters, stored links):
// a path on this site, or the default page. Never an open redirect, never a header that cannot be written.

/** A base that no real request uses: only what stays on it is "this origin". */
const BASE = 'http://ecole.invalid'

export const DEFAULT_REDIRECT = '/admin/prospects'

/**
 * Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so `/\t/evil.test` and `/\evil.test`
 * both mean `//evil.test`: any control character, whitespace or backslash is refused outright. What is left must
 * resolve to this origin with a single leading slash; the result is the resolved URL's own (ASCII) serialisation,
 * so `%E3%80%82` and its kind always make a valid Location header.
 */
export function safeRedirect(to: unknown, fallback = DEFAULT_REDIRECT): string {
  if (typeof to !== 'string' || to.length === 0 || to.length > 2000) return fallback
  if (!to.startsWith('/') || /[\\\s\u0000-\u001f\u007f-\u009f]/u.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  // `/..//evil.test` resolves to `//evil.test`.
  return path.startsWith('//') ? fallback : path
}
