import { z } from 'zod'
import { dbIdSchema } from '~/utils/db-int'

const id = dbIdSchema('Identifiant de notification invalide.')
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
