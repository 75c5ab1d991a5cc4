// What n8n posts to the intake routes (n8n/workflows/formulaire-site.json, boite-mail.json, or any other feed):
// POST /api/n8n/prospects (a new contact) and POST /api/n8n/echanges (one email), JSON, header X-Callback-Secret.
// Each schema gives one French reason per field; enums accept their value or their French label.
import { z } from 'zod'
import { normalizePhone } from '~/prospects/contact-keys'
import { FINANCEMENTS, financementLabels, SOURCES, sourceLabels } from '~/prospects/labels'

/** "France Travail", "france_travail", "FRANCE-TRAVAIL" → "FRANCE_TRAVAIL". */
function enumKey(value: string) {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

function looseEnum<T extends string>(values: readonly T[], labels: Record<T, string>, field: string) {
  const byKey = new Map<string, T>()
  for (const v of values) {
    byKey.set(enumKey(v), v)
    byKey.set(enumKey(labels[v]), v)
  }
  return z
    .string({ invalid_type_error: 'texte attendu' })
    .transform((raw, ctx) => {
      if (raw.trim() === '') return undefined
      const found = byKey.get(enumKey(raw))
      if (!found) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${field} inconnu « ${raw.slice(0, 40)} » (valeurs : ${values.join(', ')})` })
        return z.NEVER
      }
      return found
    })
    .nullish()
    .transform((v) => v ?? undefined)
}

/** Optional text: trimmed, empty or null → undefined. */
const texte = (max: number) =>
  z
    .string({ invalid_type_error: 'texte attendu' })
    .trim()
    .max(max, `${max} caractères au plus`)
    .nullish()
    .transform((v) => v || undefined)

const email = z
  .string({ invalid_type_error: 'texte attendu' })
  .trim()
  .max(200, '200 caractères au plus')
  .nullish()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || z.string().email().safeParse(v).success, 'adresse email invalide')

const telephone = z
  .union([z.string(), z.number()], { invalid_type_error: 'texte attendu' })
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v).trim() || undefined))
  .refine((v) => v === undefined || v.length <= 40, '40 caractères au plus')
  .refine((v) => v === undefined || normalizePhone(v) !== null, 'numéro de téléphone invalide (au moins 6 chiffres)')

/** When it happened; absent → now. Must parse and not lie more than a day in the future. */
const date = z
  .string({ invalid_type_error: 'date ISO 8601 attendue (ex. 2026-12-02T10:15:00+01:00)' })
  .nullish()
  .transform((v, ctx) => {
    if (!v) return undefined
    const d = new Date(v)
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'date ISO 8601 attendue (ex. 2026-12-02T10:15:00+01:00)' })
      return z.NEVER
    }
    if (d.getTime() > Date.now() + 24 * 3600_000 || d.getFullYear() < 2000) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'date hors de la plage acceptée (après 2000, pas dans le futur)' })
      return z.NEVER
    }
    return d
  })

const reference = (hint: string) =>
  z
    .string({ required_error: `obligatoire (${hint})`, invalid_type_error: 'texte attendu' })
    .trim()
    .min(1, `obligatoire (${hint})`)
    .max(300, '300 caractères au plus')

/** POST /api/n8n/prospects: a contact. Answers 201 { id, cree: true } or 200 { id, cree: false } (matched). */
export const intakeProspectSchema = z
  .object({
    reference: reference('identifiant de la soumission du formulaire ou Message-ID de l’email'),
    nom: texte(100),
    prenom: texte(100),
    email,
    telephone,
    adresse: texte(200),
    codePostal: z
      .union([z.string(), z.number()], { invalid_type_error: 'texte attendu' })
      .nullish()
      .transform((v) => (v === null || v === undefined ? undefined : String(v).trim() || undefined))
      .refine((v) => v === undefined || v.length <= 10, '10 caractères au plus'),
    ville: texte(100),
    /** A formation id or name; an unknown one is ignored (with a warning in the answer), never a refusal. */
    formation: texte(200),
    modeFinancement: looseEnum(FINANCEMENTS, financementLabels, 'mode de financement'),
    source: looseEnum(SOURCES, sourceLabels, 'source'),
    sujet: texte(300),
    message: texte(20_000),
    resumeIa: texte(5_000),
    date,
  })
  .superRefine((v, ctx) => {
    if (!v.email && !v.telephone) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['email'], message: 'email ou telephone : au moins un des deux est obligatoire' })
    }
    if (!v.nom && !v.prenom && !v.email) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['nom'], message: 'nom ou prenom obligatoire quand il n’y a pas d’email' })
    }
  })
export type IntakeProspect = z.output<typeof intakeProspectSchema>

/** POST /api/n8n/echanges: one email of a known prospect. Answers 201 { id, echange }; unknown prospect → 404. */
export const intakeEchangeSchema = z
  .object({
    messageId: reference('Message-ID de l’email, pour ne pas l’enregistrer deux fois'),
    prospect: texte(80),
    email,
    direction: z.enum(['ENTRANT', 'SORTANT'], {
      errorMap: () => ({ message: 'direction doit valoir "ENTRANT" (reçu par l’école) ou "SORTANT" (envoyé par l’école)' }),
    }),
    sujet: texte(300),
    corps: z
      .string({ invalid_type_error: 'texte attendu' })
      .max(20_000, '20000 caractères au plus')
      .nullish()
      .transform((v) => v ?? ''),
    resumeIa: texte(5_000),
    date,
  })
  .superRefine((v, ctx) => {
    if (!v.prospect && !v.email) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['prospect'], message: 'prospect (identifiant) ou email : au moins un des deux est obligatoire' })
    }
  })
export type IntakeEchange = z.output<typeof intakeEchangeSchema>

/** The two intake routes, relative to the app's URL (the workflows' "Paramètres" hold the app's URL). */
export const INTAKE_PATHS = { prospects: '/api/n8n/prospects', echanges: '/api/n8n/echanges' } as const
