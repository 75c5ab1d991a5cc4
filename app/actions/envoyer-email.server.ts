// "Envoyer email" (relance, information, commercial): n8n writes the email (with the admin's note for the
// assistant, if any) and sends it with Gmail; the email joins the history and counts as a contact.
import type { TypeEmail } from '~/n8n/contract'
import { db } from '~/utils/db.server'
import { nomComplet, runAction, type ActionSpec } from './run.server'

type Parametres = { typeEmail: TypeEmail; message: string | null; destinataire: string }

export const envoyerEmailSpec: ActionSpec<'ENVOYER_EMAIL'> = {
  type: 'ENVOYER_EMAIL',
  nomWorkflow: 'prospect_envoyer_email',
  libelle: 'l’envoi de l’email',
  async buildPayload(action, common) {
    const p = action.parametres as Parametres
    const f = action.prospect.formationSouhaitee
    return {
      ...common,
      destinataire: p.destinataire,
      typeEmail: p.typeEmail,
      messageAssistant: p.message,
      formation: f ? { id: f.id, nom: f.nom } : null,
    }
  },
  async applyResult(tx, action, resultat) {
    const now = new Date()
    await tx.historiqueEmail.create({
      data: { prospectId: action.prospectId, direction: 'SORTANT', date: now, actionId: action.id, sujet: resultat.sujet, corps: resultat.corps },
    })
    await tx.prospect.update({
      where: { id: action.prospectId },
      data: { nbEchanges: { increment: 1 }, dateDernierContact: now },
    })
    // A new prospect who has been written to is now "contacté".
    await tx.prospect.updateMany({ where: { id: action.prospectId, statutProspect: 'NOUVEAU' }, data: { statutProspect: 'CONTACTE' } })
  },
  successMessage(action) {
    const p = action.parametres as Parametres
    return `Email envoyé à ${nomComplet(action.prospect)}${p.typeEmail === 'relance' ? ' (relance)' : ''}`
  },
  pendingMessage(action) {
    return `Email à ${nomComplet(action.prospect)} en cours d’envoi`
  },
}

export type EnvoyerEmailResult = { kind: 'sans_email' } | { kind: 'lancee'; outcome: Awaited<ReturnType<typeof runAction>> }

export async function envoyerEmail(
  prospectId: string,
  input: { type: TypeEmail; message?: string | null },
  user: { id: string },
): Promise<EnvoyerEmailResult> {
  const prospect = await db.prospect.findUniqueOrThrow({ where: { id: prospectId }, select: { emails: true } })
  const destinataire = prospect.emails[0]
  if (!destinataire) return { kind: 'sans_email' }
  const parametres: Parametres = { typeEmail: input.type, message: input.message?.trim() || null, destinataire }
  const action = await db.actionProspect.create({
    data: { prospectId, type: 'ENVOYER_EMAIL', demandeParId: user.id, parametres },
    select: { id: true },
  })
  return { kind: 'lancee', outcome: await runAction(envoyerEmailSpec, action.id) }
}
