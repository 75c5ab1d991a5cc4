// "Générer devis": n8n fills the quote template for the wished formation and exports the PDF to Drive; the link
// shows in the panel.
import { z } from 'zod'
import { db } from '~/utils/db.server'
import { nomComplet } from '~/utils/format'
import type { ActionSpec } from './run-action.server'
import { startAction, type StartResult } from './start-action.server'

const parametres = z.object({ formationId: z.string() })

export const genererDevisSpec: ActionSpec<'GENERER_DEVIS', z.infer<typeof parametres>> = {
  type: 'GENERER_DEVIS',
  nomWorkflow: 'prospect_generer_devis',
  libelle: 'la génération du devis',
  parametres,
  async buildPayload(action, common) {
    const formation = await db.formation.findUniqueOrThrow({
      where: { id: action.parametres.formationId },
      select: { id: true, nom: true, prixEuros: true, dureeHeures: true },
    })
    return {
      ...common,
      formation,
      modeFinancement: action.prospect.modeFinancement,
      devis: { nomFichier: `Devis ${action.prospect.nom.toUpperCase()} ${action.prospect.prenom} — ${formation.nom}.pdf` },
    }
  },
  async applyResult(tx, action, resultat) {
    await tx.prospect.update({ where: { id: action.prospectId }, data: { devisUrl: resultat.devisUrl } })
  },
  successMessage(action) {
    return `Devis de ${nomComplet(action.prospect)} généré`
  },
  pendingMessage(action) {
    return `Génération du devis de ${nomComplet(action.prospect)} lancée : le lien apparaîtra dans le panneau dès qu’il sera prêt`
  },
}

export type GenererDevisResult = StartResult | { kind: 'sans_formation' }

export async function genererDevis(prospectId: string, user: { id: string }): Promise<GenererDevisResult> {
  const prospect = await db.prospect.findUnique({ where: { id: prospectId }, select: { formationSouhaiteeId: true } })
  if (!prospect) return { kind: 'introuvable' }
  if (!prospect.formationSouhaiteeId) return { kind: 'sans_formation' }
  return startAction(genererDevisSpec, { prospectId, demandeParId: user.id, parametres: { formationId: prospect.formationSouhaiteeId } })
}
