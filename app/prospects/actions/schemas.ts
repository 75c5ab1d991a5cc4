// Form schemas of the prospect actions, shared by the route actions (server) and Conform (client).
import { z } from 'zod'
import { TYPES_EMAIL } from '~/n8n/contract'

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

export const envoyerEmailSchema = z
  .object({
    type: z.enum(TYPES_EMAIL, {
      errorMap: (_issue, ctx) => ({
        message: ctx.data === undefined || ctx.data === '' ? 'Choisissez le type d’email.' : 'Type d’email inconnu : relance, information ou commercial.',
      }),
    }),
    message: z.string().trim().max(MESSAGE_MAX, `Au plus ${MESSAGE_MAX} caractères.`).optional(),
    confirmation: z.literal('oui', { errorMap: () => ({ message: 'Cochez la case pour confirmer.' }) }).optional(),
  })
  .superRefine((value, ctx) => {
    // A commercial email is only sent after the explicit confirmation step of the modal.
    if (value.type === 'commercial' && value.confirmation !== 'oui') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmation'], message: 'Confirmez l’envoi de cet email commercial.' })
    }
  })
