// Form schemas of the prospect actions, shared by the route actions (server) and Conform (client).
import { z } from 'zod'
import { EMAIL_CORPS_MAX, EMAIL_SUJET_MAX, TYPES_EMAIL } from '~/n8n/contract'

export const convertirSchema = z.object({
  formation: z.string({ required_error: 'Choisissez une formation.' }).max(60),
  session: z.string({ required_error: 'Choisissez une session.' }).max(60),
})

export const envoyerDossierSchema = z.object({
  email: z
    .string({ required_error: 'Indiquez l’adresse email du prospect.' })
    .trim()
    .max(254, 'Adresse email trop longue.')
    .email('Adresse email invalide.'),
})

export const MESSAGE_MAX = 2000
export const SUJET_MAX = EMAIL_SUJET_MAX
export const CORPS_MAX = EMAIL_CORPS_MAX

const typeEmail = z.enum(TYPES_EMAIL, {
  errorMap: (_issue, ctx) => ({
    message: ctx.data === undefined || ctx.data === '' ? 'Choisissez le type d’email.' : 'Type d’email inconnu : relance, information ou commercial.',
  }),
})
const consignes = z.string().trim().max(MESSAGE_MAX, `Au plus ${MESSAGE_MAX} caractères.`).optional()

/**
 * "Envoyer email", one form in two steps: `brouillon` (type and instructions for the writing assistant) asks for a
 * draft; `envoyer` sends the sujet and corps the admin read and edited. The panel's one-click « Relancer » posts
 * `relancer` alone.
 */
export const envoyerEmailSchema = z
  .discriminatedUnion(
    'intent',
    [
      z.object({ intent: z.literal('brouillon'), type: typeEmail, message: consignes }),
      z.object({
        intent: z.literal('envoyer'),
        type: typeEmail,
        message: consignes,
        sujet: z
          .string({ required_error: 'Indiquez le sujet de l’email.' })
          .trim()
          .min(1, 'Indiquez le sujet de l’email.')
          .max(SUJET_MAX, `Au plus ${SUJET_MAX} caractères.`)
          .refine((v) => !/[\r\n]/.test(v), 'Le sujet tient sur une ligne.'),
        corps: z
          .string({ required_error: 'Écrivez le texte de l’email.' })
          .trim()
          .min(1, 'Écrivez le texte de l’email.')
          .max(CORPS_MAX, 'Au plus 10\u00a0000 caractères.'),
        confirmation: z.literal('oui', { errorMap: () => ({ message: 'Cochez la case pour confirmer.' }) }).optional(),
      }),
      z.object({ intent: z.literal('relancer') }),
    ],
    { errorMap: () => ({ message: 'Préparez le brouillon, puis envoyez-le.' }) },
  )
  .superRefine((value, ctx) => {
    // A commercial email is only sent after the explicit confirmation step of the modal.
    if (value.intent === 'envoyer' && value.type === 'commercial' && value.confirmation !== 'oui') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmation'], message: 'Confirmez l’envoi de cet email commercial.' })
    }
  })
export type EnvoyerEmailForm = z.infer<typeof envoyerEmailSchema>
