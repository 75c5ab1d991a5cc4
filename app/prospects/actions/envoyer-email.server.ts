// "Envoyer email" (relance, information, commercial): n8n writes the email (with the admin's note for the
// assistant, if any) and sends it with Gmail; the email joins the history and counts as a contact.
import { z } from 'zod'
import { TYPES_EMAIL, type TypeEmail } from '~/n8n/contract'
import { db } from '~/utils/db.server'
import { nomComplet } from '~/utils/format'
import type { ActionSpec } from './run-action.server'
import { startAction, type StartResult } from './start-action.server'

const parametres = z.object({ typeEmail: z.enum(TYPES_EMAIL), message: z.string().nullable(), destinataire: z.string().email() })

export const envoyerEmailSpec: ActionSpec<'ENVOYER_EMAIL', z.infer<typeof parametres>> = {
  type: 'ENVOYER_EMAIL',
  nomWorkflow: 'prospect_envoyer_email',
  libelle: 'l’envoi de l’email',
  parametres,
  async buildPayload(action, common) {
    const p = action.parametres
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
    return `Email envoyé à ${nomComplet(action.prospect)}${action.parametres.typeEmail === 'relance' ? ' (relance)' : ''}`
  },
  pendingMessage(action) {
    return `Email à ${nomComplet(action.prospect)} en cours d’envoi`
  },
}

export type EnvoyerEmailResult = StartResult | { kind: 'sans_email' }

export async function envoyerEmail(prospectId: string, input: { type: TypeEmail; message?: string | null }, user: { id: string }): Promise<EnvoyerEmailResult> {
  const prospect = await db.prospect.findUnique({ where: { id: prospectId }, select: { emails: true } })
  if (!prospect) return { kind: 'introuvable' }
  const destinataire = prospect.emails[0]
  if (!destinataire) return { kind: 'sans_email' }
  return startAction(envoyerEmailSpec, {
    prospectId,
    demandeParId: user.id,
    parametres: { typeEmail: input.type, message: input.message?.trim() || null, destinataire },
  })
}
