// Small HTTP helpers for routes (never for domain modules, which return results instead of throwing Responses).

/**
 * Throws a Response (404 by default) when `condition` is falsy, with a French message for the page's error
 * boundary. Routes use it to turn a domain's "not found" into a status; see the Epic Stack's invariantResponse.
 */
export function invariantResponse(condition: unknown, message: string | (() => string), init: ResponseInit = { status: 404 }): asserts condition {
  if (!condition) {
    throw new Response(typeof message === 'function' ? message() : message, {
      status: 404,
      ...init,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...(init.headers as Record<string, string> | undefined) },
    })
  }
}

/** An identifier as it may appear in a message: bounded, so a hostile URL cannot fill the page. */
export function shortId(value: unknown) {
  return String(value).slice(0, 60)
}
