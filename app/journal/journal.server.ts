import { notify } from '~/notifications/notify.server'
import { db, type Prisma, type Severite } from '~/utils/db.server'

export type JournalInput = {
  nomWorkflow: string
  nomNoeud: string
  messageErreur: string
  severite?: Severite
  donneesEntree?: Prisma.InputJsonValue
  actionId?: string | null
  prospectId?: string | null
}

/**
 * Records a failure three ways: console.error with its context, a journal_erreurs row, and (for ERREUR and
 * CRITIQUE) an ADMIN notification linking to the entry. If the journal itself cannot be written, says so on the
 * console and returns null: the caller still answers the user.
 */
export async function logError(input: JournalInput) {
  const severite = input.severite ?? 'ERREUR'
  console.error(`[journal] ${severite} ${input.nomWorkflow}/${input.nomNoeud}: ${input.messageErreur}`, {
    actionId: input.actionId ?? undefined,
    prospectId: input.prospectId ?? undefined,
  })
  let entry: { id: number } | null = null
  try {
    entry = await db.journalErreur.create({
      data: {
        nomWorkflow: input.nomWorkflow,
        nomNoeud: input.nomNoeud,
        messageErreur: input.messageErreur.slice(0, 5000),
        severite,
        donneesEntree: input.donneesEntree ?? {},
        actionId: input.actionId ?? null,
        prospectId: input.prospectId ?? null,
      },
      select: { id: true },
    })
  } catch (error) {
    console.error('[journal] impossible d’écrire dans journal_erreurs ; erreur d’origine ci-dessus', error)
  }
  if (severite === 'ERREUR' || severite === 'CRITIQUE') {
    await notify({
      categorie: 'journal',
      type: severite === 'CRITIQUE' ? 'erreur_critique' : 'erreur',
      priorite: severite === 'CRITIQUE' ? 'URGENTE' : 'HAUTE',
      titre: `${severite === 'CRITIQUE' ? 'Erreur critique' : 'Erreur'} : ${input.nomWorkflow}`,
      message: input.messageErreur.slice(0, 500),
      audience: 'ADMIN',
      lienAction: entry ? `/admin/logs/${entry.id}` : '/admin/logs',
    })
  }
  return entry
}
