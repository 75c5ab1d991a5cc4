// Form schemas of the candidate's page, shared by the route action (server) and Conform (client).
import { z } from 'zod'

/** The checklist of required documents: the ticked boxes are the received ones, the others are missing. */
export const documentsRecusSchema = z.object({
  intent: z.literal('documents', { errorMap: () => ({ message: 'Action inconnue : utilisez le bouton de la page.' }) }),
  recus: z.array(z.string().max(60)).max(50).default([]),
})
