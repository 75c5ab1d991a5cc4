import { z } from 'zod'
import { dbIdSchema } from '~/utils/db-int'
import { BULK_MAX } from './labels'

/** Bulk resolve from the list: the checked rows' ids. */
export const bulkResolveSchema = z.object({
  intent: z.literal('resoudre-selection'),
  ids: z
    .array(dbIdSchema('Sélection invalide : rechargez la page.'), {
      required_error: 'Cochez au moins une entrée à marquer comme résolue.',
    })
    .min(1, 'Cochez au moins une entrée à marquer comme résolue.')
    .max(BULK_MAX, `Au plus ${BULK_MAX} entrées à la fois.`),
})

/** The buttons of the detail page: one form, one intent per button. */
export const entryIntentSchema = z.discriminatedUnion(
  'intent',
  [z.object({ intent: z.literal('resoudre') }), z.object({ intent: z.literal('rouvrir') }), z.object({ intent: z.literal('relancer') })],
  { errorMap: () => ({ message: 'Action inconnue : utilisez les boutons de la page.' }) },
)
