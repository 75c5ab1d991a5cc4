// Prospect identifiers: PROS_000151 and the like (the seed's and the sequence's), PROS_T… in tests.

/** Prospect ids look like PROS_xxx; anything else is answered 404 without a query. */
export function isProspectId(id: string | undefined): id is string {
  return typeof id === 'string' && /^PROS_[A-Za-z0-9_-]{1,60}$/.test(id)
}

export function formatProspectId(n: number | bigint) {
  return `PROS_${String(n).padStart(6, '0')}`
}

/** The 404 message of every prospect route; the id is cut short so a hostile URL cannot fill the page. */
export function unknownProspect(id: unknown) {
  return `Aucun prospect ne porte l’identifiant « ${String(id).slice(0, 60)} ».`
}
