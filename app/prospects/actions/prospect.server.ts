// The prospect an action route works on: what its modal shows and what its POST needs. Null when there is none.
import { isProspectId } from '~/prospects/prospects.server'
import { db, type StatutProspect } from '~/utils/db.server'

export type ActionProspect = {
  id: string
  nom: string
  prenom: string
  emails: string[]
  ville: string | null
  statutProspect: StatutProspect
  formationSouhaiteeId: string | null
  formationSouhaitee: { nom: string } | null
  candidat: { numeroDossier: string } | null
}

/** One statement (Prisma would read the formation and the candidate with two more): every action's POST starts here. */
export async function findProspectForAction(id: string | undefined): Promise<ActionProspect | null> {
  if (!isProspectId(id)) return null
  const [row] = await db.$queryRaw<(Omit<ActionProspect, 'formationSouhaitee' | 'candidat'> & { formationNom: string | null; numeroDossier: string | null })[]>`
    SELECT p.id_prospect AS id, p.nom, p.prenom, COALESCE(p.emails, '{}') AS emails, p.ville, p.statut_prospect::text AS "statutProspect",
      p.formation_souhaitee AS "formationSouhaiteeId", f.nom AS "formationNom", c.numero_dossier AS "numeroDossier"
    FROM prospects p
    LEFT JOIN formations f ON f.id = p.formation_souhaitee
    LEFT JOIN candidats c ON c.prospect_id = p.id_prospect
    WHERE p.id_prospect = ${id}`
  if (!row) return null
  const { formationNom, numeroDossier, ...prospect } = row
  return { ...prospect, formationSouhaitee: formationNom === null ? null : { nom: formationNom }, candidat: numeroDossier === null ? null : { numeroDossier } }
}
