// "Générer devis": n8n fills the quote template for the wished formation and exports the PDF to Drive; the link
// shows in the panel.
import { db } from '~/utils/db.server'
import { nomComplet, runAction, type ActionSpec } from './run.server'

export const genererDevisSpec: ActionSpec<'GENERER_DEVIS'> = {
  type: 'GENERER_DEVIS',
  nomWorkflow: 'prospect_generer_devis',
  libelle: 'la génération du devis',
  async buildPayload(action, common) {
    const { formationId } = action.parametres as { formationId: string }
    const formation = await db.formation.findUniqueOrThrow({
      where: { id: formationId },
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
    return `Génération du devis de ${nomComplet(action.prospect)} lancée : le lien apparaîtra dans le panneau dès que n8n aura terminé`
  },
}

export type GenererDevisResult = { kind: 'sans_formation' } | { kind: 'lancee'; outcome: Awaited<ReturnType<typeof runAction>> }

export async function genererDevis(prospectId: string, user: { id: string }): Promise<GenererDevisResult> {
  const prospect = await db.prospect.findUniqueOrThrow({ where: { id: prospectId }, select: { formationSouhaiteeId: true } })
  if (!prospect.formationSouhaiteeId) return { kind: 'sans_formation' }
  const action = await db.actionProspect.create({
    data: { prospectId, type: 'GENERER_DEVIS', demandeParId: user.id, parametres: { formationId: prospect.formationSouhaiteeId } },
    select: { id: true },
  })
  return { kind: 'lancee', outcome: await runAction(genererDevisSpec, action.id) }
}
