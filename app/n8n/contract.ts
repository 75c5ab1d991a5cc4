// The contract between the app and the n8n workflows (n8n/workflows/*.json), in one place: webhook paths, what
// the app sends, what n8n answers and what it posts back on /api/n8n/actions/:actionId. The simulator, the client,
// the callback route and the workflows all follow this file.
import { z } from 'zod'

export const WEBHOOKS = {
  CONVERTIR_CANDIDAT: 'prospect/convertir-candidat',
  ENVOYER_DOSSIER: 'prospect/envoyer-dossier',
  GENERER_DEVIS: 'prospect/generer-devis',
  ENVOYER_EMAIL: 'prospect/envoyer-email',
} as const
export type ActionType = keyof typeof WEBHOOKS
export type WebhookPath = (typeof WEBHOOKS)[ActionType]

export const TYPES_EMAIL = ['relance', 'information', 'commercial'] as const
export type TypeEmail = (typeof TYPES_EMAIL)[number]

// ---- What the app POSTs to `${N8N_WEBHOOK_BASE_URL}/<path>` (JSON; headers: the secret, Idempotency-Key) ----

type ProspectPayload = {
  id: string
  prenom: string
  nom: string
  email: string | null
  telephone: string | null
  ville: string | null
}

type CommonPayload = {
  /** The action id: n8n must not do the work twice for the same key (the app retries with the same body). */
  idempotencyKey: string
  actionId: string
  /** Where to POST the result when the answer was 202 (header X-Callback-Secret). */
  callbackUrl: string
  demandePar: string | null
  prospect: ProspectPayload
}

export type ConvertirPayload = CommonPayload & {
  candidat: { numeroDossier: string; dateConversion: string }
  formation: { id: string; nom: string }
  session: { id: string; libelle: string; dateDebut: string; dateFin: string }
  /** "[DUMI15092024] Marie Dumitru" and the sub-folders to create inside it. */
  dossierDrive: { nom: string; sousDossiers: string[] }
  documentsRequis: { libelle: string; obligatoire: boolean }[]
}

export type EnvoyerDossierPayload = CommonPayload & {
  destinataire: string
  formation: { id: string; nom: string } | null
}

export type GenererDevisPayload = CommonPayload & {
  formation: { id: string; nom: string; prixEuros: number; dureeHeures: number }
  modeFinancement: string | null
  devis: { nomFichier: string }
}

export type EnvoyerEmailPayload = CommonPayload & {
  destinataire: string
  typeEmail: TypeEmail
  /** Free text for the writing assistant (optional). */
  messageAssistant: string | null
  formation: { id: string; nom: string } | null
}

export type PayloadFor = {
  CONVERTIR_CANDIDAT: ConvertirPayload
  ENVOYER_DOSSIER: EnvoyerDossierPayload
  GENERER_DEVIS: GenererDevisPayload
  ENVOYER_EMAIL: EnvoyerEmailPayload
}

// ---- What n8n gives back: the webhook answer (200 TERMINEE or 202 EN_ATTENTE) or the callback's `resultat` ----

// Links end up in href attributes: only http(s), never javascript: or data: URLs.
const httpUrl = z
  .string()
  .max(2000)
  .url('URL invalide')
  .refine((u) => /^https?:\/\//i.test(u), 'URL http(s) attendue')

export const resultatSchemas = {
  CONVERTIR_CANDIDAT: z.object({
    driveFolderId: z.string().min(1).max(200),
    driveFolderUrl: httpUrl,
    sousDossiers: z.array(z.string().max(200)).max(50).optional(),
  }),
  ENVOYER_DOSSIER: z.object({
    formulaireUrl: httpUrl,
    messageId: z.string().max(300).optional(),
    sujet: z.string().min(1).max(300).optional(),
  }),
  GENERER_DEVIS: z.object({
    devisUrl: httpUrl,
    documentId: z.string().max(200).optional(),
  }),
  ENVOYER_EMAIL: z.object({
    messageId: z.string().max(300).optional(),
    sujet: z.string().min(1).max(300),
    corps: z.string().min(1).max(20_000),
  }),
} satisfies Record<ActionType, z.ZodTypeAny>

export type ResultatFor = { [K in ActionType]: z.infer<(typeof resultatSchemas)[K]> }

/** Body of a successful webhook answer: 200 `{statut:"TERMINEE", resultat}` or 202 `{statut:"EN_ATTENTE"}`. */
export const answerSchema = z.discriminatedUnion('statut', [
  z.object({ statut: z.literal('TERMINEE'), resultat: z.unknown(), message: z.string().max(2000).optional() }),
  z.object({ statut: z.literal('EN_ATTENTE'), message: z.string().max(2000).optional() }),
])

/** Body of POST /api/n8n/actions/:actionId (header X-Callback-Secret). */
export const callbackSchema = z
  .object({
    statut: z.enum(['TERMINEE', 'ECHEC'], { message: 'statut doit valoir "TERMINEE" ou "ECHEC"' }),
    resultat: z.record(z.unknown()).optional(),
    erreur: z.string().max(2000).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.statut === 'TERMINEE' && !value.resultat) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['resultat'], message: 'resultat est obligatoire quand statut vaut "TERMINEE"' })
    }
  })
export type CallbackBody = z.infer<typeof callbackSchema>

/** Largest callback body accepted (413 above). */
export const CALLBACK_MAX_BYTES = 64 * 1024
export const CALLBACK_SECRET_HEADER = 'X-Callback-Secret'

/** "resultat.driveFolderUrl: URL invalide" — readable reasons for a 400. */
export function formatIssues(error: z.ZodError, prefix = '') {
  return error.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== '').join('.') || 'corps'} : ${i.message}`)
}
