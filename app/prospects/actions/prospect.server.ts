// The prospect an action route works on: what its modal shows and what its POST needs. Null when there is none.
import { isProspectId } from '~/prospects/prospects.server'
import { db } from '~/utils/db.server'

export async function findProspectForAction(id: string | undefined) {
  if (!isProspectId(id)) return null
  return db.prospect.findUnique({
    where: { id },
    select: {
      id: true,
      nom: true,
      prenom: true,
      emails: true,
      ville: true,
      statutProspect: true,
      formationSouhaiteeId: true,
      formationSouhaitee: { select: { nom: true } },
      candidat: { select: { numeroDossier: true } },
    },
  })
}
