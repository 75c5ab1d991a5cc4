// Zod schemas of the prospect forms (new, edit, statut, note), shared by the browser (Conform's live validation)
// and the server. Conform turns empty fields into undefined, so optional fields are simply optional.
import { z } from 'zod'
import { normalizePhone } from './contact-keys'
import { FINANCEMENTS, RAISONS_PERTE, SOURCES, STATUTS_MANUELS } from './labels'

export const NOTE_MAX = 5_000
export const PRECISION_MAX = 500

const requiredText = (label: string, max: number) =>
  z.string({ required_error: `${label} est obligatoire.` }).trim().min(1, `${label} est obligatoire.`).max(max, `${max} caractères au plus.`)
const optionalText = (max: number) => z.string().trim().max(max, `${max} caractères au plus.`).optional()

const email = z.string().trim().max(200, '200 caractères au plus.').email('Adresse email invalide (ex. marie.dumitru@gmail.com).')
const telephone = z
  .string()
  .trim()
  .max(40, '40 caractères au plus.')
  .refine((v) => normalizePhone(v) !== null, 'Numéro de téléphone invalide (ex. 06 12 34 56 78).')

const identityFields = {
  nom: requiredText('Le nom', 100),
  prenom: requiredText('Le prénom', 100),
  email: email.optional(),
  telephone: telephone.optional(),
  adresse: optionalText(200),
  codePostal: optionalText(10),
  ville: optionalText(100),
  formation: optionalText(60),
  modeFinancement: z.enum(FINANCEMENTS, { message: 'Choisissez un mode de financement de la liste.' }).optional(),
  source: z.enum(SOURCES, { message: 'Choisissez une source de la liste.' }).optional(),
  sourcePrecision: optionalText(100),
}

/**
 * "At least an email or a phone", checked beside the fields rather than after them: a Zod refinement on the object
 * runs only once every field is valid, and the secretary should see every missing thing at the first try.
 */
const oneWayToReach = z.preprocess((raw, ctx) => {
  const value = (raw ?? {}) as { email?: unknown; telephone?: unknown; autresEmails?: unknown[]; autresTelephones?: unknown[] }
  const any = value.email || value.telephone || value.autresEmails?.some(Boolean) || value.autresTelephones?.some(Boolean)
  if (!any) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['email'], message: 'Indiquez au moins un email ou un téléphone.' })
  return {}
}, z.object({}))

/** /admin/prospects/nouveau. `confirmerDoublon=1` creates even when a probable duplicate exists. */
export const nouveauProspectSchema = z
  .object({
    ...identityFields,
    note: optionalText(NOTE_MAX),
    confirmerDoublon: z.literal('1').optional(),
  })
  .and(oneWayToReach)
export type NouveauProspect = z.infer<typeof nouveauProspectSchema>

/** /admin/prospects/:id/modifier: the same fields, plus the prospect's other addresses and numbers (kept or cleared). */
export const modifierProspectSchema = z
  .object({
    ...identityFields,
    autresEmails: z.array(email.optional()).max(4).optional(),
    autresTelephones: z.array(telephone.optional()).max(4).optional(),
  })
  .and(oneWayToReach)
export type ModifierProspect = z.infer<typeof modifierProspectSchema>

/** /admin/prospects/:id/statut: PERDU needs a reason (and a precision when the reason is "Autre"). */
export const statutSchema = z
  .object({
    statut: z.enum(STATUTS_MANUELS, { message: 'Choisissez un statut.' }),
    raison: z.enum(RAISONS_PERTE, { message: 'Choisissez une raison de la liste.' }).optional(),
    precision: optionalText(PRECISION_MAX),
  })
  .superRefine((value, ctx) => {
    if (value.statut === 'PERDU' && !value.raison) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['raison'], message: 'Indiquez pourquoi ce prospect est perdu.' })
    }
    if (value.statut === 'PERDU' && value.raison === 'AUTRE' && !value.precision) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['precision'], message: 'Précisez la raison.' })
    }
  })
export type ChangementStatut = z.infer<typeof statutSchema>

/** /admin/prospects/:id/notes. */
export const noteSchema = z.object({
  texte: requiredText('Le texte de la note', NOTE_MAX),
})
