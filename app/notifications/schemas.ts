import { z } from 'zod'

const id = z.number({ required_error: 'Notification manquante.', invalid_type_error: 'Identifiant de notification invalide.' })
  .int('Identifiant de notification invalide.')
  .positive('Identifiant de notification invalide.')
const redirectTo = z.string().max(2000).optional()

/** The forms of /admin/notifications and of the bell: one per button, told apart by `intent`. */
export const notificationActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('lire'), id, redirectTo }),
    z.object({ intent: z.literal('ouvrir'), id, redirectTo }),
    z.object({ intent: z.literal('tout-lire'), redirectTo }),
  ],
  { errorMap: () => ({ message: 'Action inconnue : rechargez la page et réessayez.' }) },
)
