// Normalised keys of a prospect, computed in one place and stored on the row (cles_contact, nom_tri,
// texte_recherche): duplicate detection, the intake's matching and the sort by name are index lookups.
// The migration that introduced them computes the same values in SQL for rows that existed before.
import type { SourceProspect } from '~/generated/prisma/enums'
import { digitsOnly, normalizeSearch, prospectSearchText } from '~/utils/text'

/** "  Marie.Dumitru@Gmail.com " → "marie.dumitru@gmail.com" (emails compare trimmed and case-insensitive). */
export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

/**
 * A French phone number as bare national digits: "+33 6 12 34 56 78", "0033 6…", "+33 (0)6…" and "06 12 34 56 78"
 * all give "0612345678". Null when there are too few digits to be a number.
 */
export function normalizePhone(phone: string) {
  let d = digitsOnly(phone)
  if (d.startsWith('0033')) d = `0${d.slice(4)}`
  else if (d.startsWith('330') && d.length === 12) d = `0${d.slice(3)}`
  else if (d.startsWith('33') && d.length === 11) d = `0${d.slice(2)}`
  return d.length >= 6 ? d : null
}

export const emailKey = (email: string) => `e:${normalizeEmail(email)}`
export function phoneKey(phone: string) {
  const digits = normalizePhone(phone)
  return digits ? `t:${digits}` : null
}
export const nameKey = (nom: string, prenom: string) => `n:${normalizeSearch(nom)}|${normalizeSearch(prenom)}`

/** The keys that identify a person by a way of reaching them (never by name: two Marie Martin are two people). */
export function contactKeys(p: { emails: readonly string[]; telephones: readonly string[] }) {
  const keys = [...p.emails.filter((e) => e.trim()).map(emailKey), ...p.telephones.map(phoneKey).filter((k): k is string => k !== null)]
  return [...new Set(keys)]
}

type Identity = { nom: string; prenom: string; emails: string[]; telephones: string[] }

/** Every derived column of a prospect, to spread into a create or an update that touches names or contacts. */
export function derivedFields(p: Identity) {
  return {
    texteRecherche: prospectSearchText(p),
    clesContact: [...new Set([...contactKeys(p), nameKey(p.nom, p.prenom)])].sort(),
    nomTri: normalizeSearch(`${p.nom} ${p.prenom}`),
  }
}

/** A French number as "06 12 34 56 78"; anything else (foreign numbers) as typed, trimmed. */
export function displayPhone(phone: string) {
  const digits = normalizePhone(phone)
  if (digits && /^0\d{9}$/.test(digits)) return digits.replace(/(\d\d)(?=\d)/g, '$1 ')
  return phone.trim().replace(/\s+/g, ' ')
}

/** "MARIE-CLAIRE" or "marie-claire" → "Marie-Claire"; a name typed with mixed case is kept as typed. */
export function tidyName(name: string) {
  const text = name.trim().replace(/\s+/g, ' ')
  if (text !== text.toUpperCase() && text !== text.toLowerCase()) return text
  return text.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())
}

/** "jean-paul.martin42@gmail.com" → { prenom: "Jean-Paul", nom: "Martin" }: a name for a contact who gave none. */
export function nameFromEmail(email: string) {
  const local = email.split('@')[0].replace(/[0-9+]+/g, ' ')
  const parts = local.split(/[.\s_]+/).filter(Boolean)
  if (parts.length >= 2) return { prenom: tidyName(parts[0]), nom: tidyName(parts.slice(1).join(' ')) }
  return { prenom: '', nom: tidyName(parts[0] ?? email.split('@')[0]) }
}

type NewProspectInput = {
  adresse?: string
  codePostal?: string
  ville?: string
  formationId?: string | null
  modeFinancement?: 'CPF' | 'OPCO' | 'FRANCE_TRAVAIL' | 'PERSONNEL' | 'EMPLOYEUR' | 'AUTRE'
  source?: SourceProspect
  sourcePrecision?: string
}

/** The columns of a new prospect (by hand or from outside), NOUVEAU, first and last contact at `date`. */
export function newProspectFields(identity: Identity, values: NewProspectInput, date: Date, nbEchanges: number) {
  return {
    ...identity,
    adresse: values.adresse ?? null,
    codePostal: values.codePostal ?? null,
    ville: values.ville ? tidyName(values.ville) : null,
    formationSouhaiteeId: values.formationId ?? null,
    modeFinancement: values.modeFinancement ?? null,
    source: values.source ?? null,
    sourcePrecision: values.sourcePrecision ?? null,
    statutProspect: 'NOUVEAU' as const,
    nbEchanges,
    datePremierContact: date,
    dateDernierContact: date,
    ...derivedFields(identity),
  }
}
