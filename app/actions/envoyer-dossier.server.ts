// "Envoyer dossier": n8n emails the prospect a unique link to the application form; the prospect then waits for
// the file (statut EN_ATTENTE_DOSSIER) and the email joins the history.
import { db } from '~/utils/db.server'
import { nomComplet, runAction, type ActionSpec } from './run.server'

export const envoyerDossierSpec: ActionSpec<'ENVOYER_DOSSIER'> = {
  type: 'ENVOYER_DOSSIER',
  nomWorkflow: 'prospect_envoyer_dossier',
  libelle: 'l’envoi du dossier',
  async buildPayload(action, common) {
    const { email } = action.parametres as { email: string }
    const f = action.prospect.formationSouhaitee
    return { ...common, destinataire: email, formation: f ? { id: f.id, nom: f.nom } : null }
  },
  async applyResult(tx, action, resultat) {
    const { email } = action.parametres as { email: string }
    const now = new Date()
    await tx.historiqueEmail.create({
      data: {
        prospectId: action.prospectId,
        direction: 'SORTANT',
        date: now,
        actionId: action.id,
        sujet: resultat.sujet ?? 'Votre dossier de candidature',
        corps: `Dossier de candidature envoyé à ${email}.\nLien du formulaire : ${resultat.formulaireUrl}`,
      },
    })
    // A candidate keeps its statut: only prospects move on to "waiting for the file".
    await tx.prospect.updateMany({
      where: { id: action.prospectId, statutProspect: { not: 'CANDIDAT' } },
      data: { statutProspect: 'EN_ATTENTE_DOSSIER' },
    })
    await tx.prospect.update({
      where: { id: action.prospectId },
      data: { nbEchanges: { increment: 1 }, dateDernierContact: now },
    })
  },
  successMessage(action) {
    return `Dossier de candidature envoyé à ${nomComplet(action.prospect)} (${(action.parametres as { email: string }).email})`
  },
  pendingMessage(action) {
    return `Envoi du dossier à ${nomComplet(action.prospect)} en cours`
  },
}

export async function envoyerDossier(prospectId: string, input: { email: string }, user: { id: string }) {
  const action = await db.actionProspect.create({
    data: { prospectId, type: 'ENVOYER_DOSSIER', demandeParId: user.id, parametres: { email: input.email } },
    select: { id: true },
  })
  return runAction(envoyerDossierSpec, action.id)
}
