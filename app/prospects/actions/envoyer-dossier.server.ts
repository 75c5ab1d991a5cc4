// "Envoyer dossier": n8n emails the prospect a unique link to the application form; the prospect then waits for
// the file (statut EN_ATTENTE_DOSSIER) and the email joins the history.
import { z } from 'zod'
import { nomComplet } from '~/utils/format'
import type { ActionSpec } from './run-action.server'
import { startAction } from './start-action.server'

const parametres = z.object({ email: z.string().email() })

export const envoyerDossierSpec: ActionSpec<'ENVOYER_DOSSIER', z.infer<typeof parametres>> = {
  type: 'ENVOYER_DOSSIER',
  nomWorkflow: 'prospect_envoyer_dossier',
  libelle: 'l’envoi du dossier',
  parametres,
  async buildPayload(action, common) {
    const f = action.prospect.formationSouhaitee
    return { ...common, destinataire: action.parametres.email, formation: f ? { id: f.id, nom: f.nom } : null }
  },
  async applyResult(tx, action, resultat) {
    const now = new Date()
    await tx.historiqueEmail.create({
      data: {
        prospectId: action.prospectId,
        direction: 'SORTANT',
        date: now,
        actionId: action.id,
        sujet: resultat.sujet ?? 'Votre dossier de candidature',
        corps: `Dossier de candidature envoyé à ${action.parametres.email}.\nLien du formulaire : ${resultat.formulaireUrl}`,
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
    return `Dossier de candidature envoyé à ${nomComplet(action.prospect)} (${action.parametres.email})`
  },
  pendingMessage(action) {
    return `Envoi du dossier à ${nomComplet(action.prospect)} en cours`
  },
}

export function envoyerDossier(prospectId: string, input: { email: string }, user: { id: string }) {
  return startAction(envoyerDossierSpec, { prospectId, demandeParId: user.id, parametres: { email: input.email } })
}
