// The actions shown in a prospect's panel, newest first.
import { db } from '~/utils/db.server'

export async function getActionHistory(prospectId: string, take = 10) {
  return db.actionProspect.findMany({
    where: { prospectId },
    orderBy: [{ dateCreation: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      type: true,
      statut: true,
      parametres: true,
      resultat: true,
      erreur: true,
      tentatives: true,
      prochainEssai: true,
      dateCreation: true,
      dateFin: true,
      demandePar: { select: { nom: true } },
    },
  })
}

export type ActionHistoryRow = Awaited<ReturnType<typeof getActionHistory>>[number]
