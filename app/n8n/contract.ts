// The contract between the app and the n8n workflows (n8n/workflows/*.json), in one place: webhook paths, what
// the app sends, what n8n answers and what it posts back on /api/n8n/actions/:actionId. The simulator, the client,
// the callback route and the workflows all follow this file.
import { z } from 'zod'
import type { TypeAction } from '~/generated/prisma/enums'

/** One webhook per action type (the Prisma enum TypeAction). */
export const WEBHOOKS = {
  CONVERTIR_CANDIDAT: 'prospect/convertir-candidat',
  ENVOYER_DOSSIER: 'prospect/envoyer-dossier',
  GENERER_DEVIS: 'prospect/generer-devis',
  ENVOYER_EMAIL: 'prospect/envoyer-email',
} as const satisfies Record<TypeAction, string>
export type ActionType = TypeAction
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
  /** The email exactly as the admin saw and edited it: n8n sends it as is, it writes nothing. */
  sujet: string
  corps: string
  formation: { id: string; nom: string } | null
}

// ---- The draft: `prospect/rediger-email`, called while the admin waits (no action, no callback, no side effect) ----

export const REDIGER_EMAIL_WEBHOOK = 'prospect/rediger-email'
/** The simulator's and tests' name for it, beside the action types. */
export type RedactionType = 'REDIGER_EMAIL'
export type WebhookName = ActionType | RedactionType

/** What the app POSTs to `${N8N_WEBHOOK_BASE_URL}/prospect/rediger-email`. */
export type RedigerEmailPayload = {
  /** A fresh id per request (the draft has no side effect: nothing to deduplicate). */
  idempotencyKey: string
  demandePar: string | null
  prospect: ProspectPayload
  typeEmail: TypeEmail
  /** The admin's instructions for the writing assistant (optional): never pasted into the email as they are. */
  consignes: string | null
  formation: { id: string; nom: string } | null
  /** The last emails with the prospect, newest first (corps cut to 1,000 characters). */
  historique: { date: string; direction: 'ENTRANT' | 'SORTANT'; sujet: string; corps: string }[]
}

/** An email's limits, the same for the draft, the admin's form and what the send workflow accepts. */
export const EMAIL_SUJET_MAX = 200
export const EMAIL_CORPS_MAX = 10_000

/** n8n's answer: 200 `{ sujet, corps }`, the draft the admin reads and edits before sending. */
export const redactionSchema = z.object({
  sujet: z.string().trim().min(1).max(EMAIL_SUJET_MAX),
  corps: z.string().trim().min(1).max(EMAIL_CORPS_MAX),
})
export type Redaction = z.infer<typeof redactionSchema>

export type PayloadFor = {
  CONVERTIR_CANDIDAT: ConvertirPayload
  ENVOYER_DOSSIER: EnvoyerDossierPayload
  GENERER_DEVIS: GenererDevisPayload
  ENVOYER_EMAIL: EnvoyerEmailPayload
}

/**
 * The checks of the shipped workflows' "Valider la demande" node, as one schema per webhook: a request failing them
 * gets 400 `{ statut: "ECHEC", erreur: "Demande invalide : …" }` from n8n, and from the simulator, which uses these
 * schemas (tests/integration/contract-requests.test.ts runs the workflows' own code against them).
 */
const texte = (manquant: string) =>
  z.string({ invalid_type_error: manquant, required_error: manquant }).refine((v) => v.trim() !== '', manquant)
const email = (message: string) => z.string({ invalid_type_error: message, required_error: message }).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, message)
/** The workflows read fields of whatever they get (`demande.prospect ?? {}`): anything but an object has none. */
const objet = <T extends z.ZodRawShape>(shape: T) => z.preprocess((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}), z.object(shape))

const commonRequest = {
  idempotencyKey: texte('idempotencyKey manquant'),
  actionId: texte('actionId manquant'),
  callbackUrl: texte('callbackUrl doit être une URL http(s)').pipe(z.string().regex(/^https?:\/\//, 'callbackUrl doit être une URL http(s)')),
  prospect: objet({ id: texte('prospect.id manquant'), prenom: texte('prospect.prenom manquant'), nom: texte('prospect.nom manquant') }),
}
const formationFacultative = z.object({ nom: texte('formation.nom manquant') }, { invalid_type_error: 'formation.nom manquant' }).nullish()
const nombre = (message: string, ok: (n: number) => boolean) =>
  z.number({ invalid_type_error: message, required_error: message }).refine((n) => Number.isFinite(n) && ok(n), message)

export const requestSchemas = {
  CONVERTIR_CANDIDAT: z.object({
    ...commonRequest,
    candidat: objet({ numeroDossier: texte('candidat.numeroDossier manquant') }),
    formation: objet({ nom: texte('formation.nom manquant') }),
    session: objet({ libelle: texte('session.libelle manquant') }),
    dossierDrive: objet({
      nom: texte('dossierDrive.nom manquant'),
      sousDossiers: z.array(texte('dossierDrive.sousDossiers doit être une liste de noms'), { message: 'dossierDrive.sousDossiers doit être une liste de noms' }),
    }),
    documentsRequis: z.array(z.object({ libelle: texte('documentsRequis doit être une liste de { libelle, obligatoire }') }, { message: 'documentsRequis doit être une liste de { libelle, obligatoire }' }), {
      message: 'documentsRequis doit être une liste de { libelle, obligatoire }',
    }),
  }),
  ENVOYER_DOSSIER: z.object({ ...commonRequest, destinataire: email('destinataire doit être une adresse email'), formation: formationFacultative }),
  GENERER_DEVIS: z.object({
    ...commonRequest,
    formation: objet({
      nom: texte('formation.nom manquant'),
      prixEuros: nombre('formation.prixEuros doit être un nombre positif', (n) => n >= 0),
      dureeHeures: nombre('formation.dureeHeures doit être un nombre positif', (n) => n > 0),
    }),
    devis: objet({ nomFichier: texte('devis.nomFichier manquant') }),
  }),
  ENVOYER_EMAIL: z.object({
    ...commonRequest,
    destinataire: email('destinataire doit être une adresse email'),
    typeEmail: z.enum(TYPES_EMAIL, { message: 'typeEmail doit valoir relance, information ou commercial' }),
    sujet: texte(`sujet doit être un texte non vide de ${EMAIL_SUJET_MAX} caractères au plus`).pipe(z.string().max(EMAIL_SUJET_MAX, `sujet doit être un texte non vide de ${EMAIL_SUJET_MAX} caractères au plus`)),
    corps: texte(`corps doit être un texte non vide de ${EMAIL_CORPS_MAX} caractères au plus`).pipe(z.string().max(EMAIL_CORPS_MAX, `corps doit être un texte non vide de ${EMAIL_CORPS_MAX} caractères au plus`)),
    formation: formationFacultative,
  }),
} satisfies Record<ActionType, z.ZodTypeAny>

/** The "Valider la demande" node of n8n/workflows/rediger-email.json (no action: no actionId nor callbackUrl). */
export const redigerEmailRequestSchema = z.object({
  prospect: commonRequest.prospect,
  typeEmail: z.enum(TYPES_EMAIL, { message: 'typeEmail doit valoir relance, information ou commercial' }),
  consignes: z.string({ invalid_type_error: 'consignes doit être un texte de 5000 caractères au plus' }).max(5000, 'consignes doit être un texte de 5000 caractères au plus').nullish(),
  formation: formationFacultative,
  historique: z
    .array(objet({ sujet: z.string({ invalid_type_error: 'historique doit être une liste de { date, direction, sujet, corps }', required_error: 'historique doit être une liste de { date, direction, sujet, corps }' }) }), {
      invalid_type_error: 'historique doit être une liste de { date, direction, sujet, corps }',
    })
    .nullish(),
})

/** The workflows' refusal text for a request, or null when they would accept it. */
export function requestRefusal(type: WebhookName, body: unknown): string | null {
  const schema = type === 'REDIGER_EMAIL' ? redigerEmailRequestSchema : requestSchemas[type]
  const parsed = objet(schema.shape).safeParse(body)
  if (parsed.success) return null
  return `Demande invalide : ${[...new Set(parsed.error.issues.map((i) => i.message))].join(' ; ')}`
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
  // n8n echoes what it sent; the history keeps the admin's own sujet and corps (from the action's parametres).
  ENVOYER_EMAIL: z.object({
    messageId: z.string().max(300).optional(),
    sujet: z.string().min(1).max(300).optional(),
    corps: z.string().min(1).max(20_000).optional(),
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
