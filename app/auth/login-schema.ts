import { z } from 'zod'

export const loginSchema = z.object({
  email: z
    .string({ required_error: 'Saisissez votre adresse email' })
    .trim()
    .toLowerCase()
    .email('Adresse email invalide')
    .max(254, 'Adresse email trop longue'),
  motDePasse: z.string({ required_error: 'Saisissez votre mot de passe' }).max(200, 'Mot de passe trop long'),
  redirectTo: z.string().optional(),
  motif: z.string().max(20).optional(),
})
