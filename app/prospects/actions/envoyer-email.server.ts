// "Envoyer email" (relance, information, commercial) in two steps: a draft, written by the school's assistant in
// n8n (`prospect/rediger-email`, while the admin waits) or by the school's own templates when it cannot answer;
// then the email the admin read and edited, sent as is by n8n with Gmail (`prospect/envoyer-email`, on the job
// engine). The sent sujet and corps join the history and the email counts as a contact.
import { z } from 'zod'
import { callRedaction } from '~/n8n/client.server'
import { TYPES_EMAIL, type TypeEmail } from '~/n8n/contract'
import { modeleEmail, type ModeleEmail } from '~/prospects/email-templates'
import { db } from '~/utils/db.server'
import { nomComplet } from '~/utils/format'
import type { ActionSpec, LoadedAction } from './run-action.server'
import { startAction, type StartResult } from './start-action.server'

// sujet and corps are optional only for actions recorded before drafts existed: they are sent from the template.
const parametres = z.object({
  typeEmail: z.enum(TYPES_EMAIL),
  message: z.string().nullable().optional(),
  destinataire: z.string().email(),
  sujet: z.string().min(1).max(200).optional(),
  corps: z.string().min(1).max(10_000).optional(),
})
type Parametres = z.infer<typeof parametres>

/** The email of the action: what the admin saw and edited. */
function emailOf(action: LoadedAction<Parametres>): ModeleEmail {
  const { sujet, corps, typeEmail } = action.parametres
  if (sujet && corps) return { sujet, corps }
  return modeleEmail(typeEmail, { prenom: action.prospect.prenom, formation: action.prospect.formationSouhaitee?.nom ?? null })
}

export const envoyerEmailSpec: ActionSpec<'ENVOYER_EMAIL', Parametres> = {
  type: 'ENVOYER_EMAIL',
  nomWorkflow: 'prospect_envoyer_email',
  libelle: 'l’envoi de l’email',
  parametres,
  async buildPayload(action, common) {
    const p = action.parametres
    const f = action.prospect.formationSouhaitee
    return { ...common, destinataire: p.destinataire, typeEmail: p.typeEmail, ...emailOf(action), formation: f ? { id: f.id, nom: f.nom } : null }
  },
  async applyResult(tx, action) {
    const now = new Date()
    // The history keeps what the admin sent, not what n8n echoes back.
    await tx.historiqueEmail.create({ data: { prospectId: action.prospectId, direction: 'SORTANT', date: now, actionId: action.id, ...emailOf(action) } })
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

export type Brouillon = ModeleEmail & {
  /** `assistant`: written in n8n; `modeles`: the school's templates, because the assistant did not answer. */
  source: 'assistant' | 'modeles'
}
export type BrouillonResult = { kind: 'introuvable' } | { kind: 'sans_email' } | ({ kind: 'brouillon' } & Brouillon)

const HISTORIQUE_MAX = 5

/**
 * The draft of an email to the prospect. Asks n8n's writing assistant (type, instructions, formation, the last
 * emails); when it cannot be reached or answers badly, the school's templates write it. Never fails for n8n.
 */
export async function redigerBrouillon(prospectId: string, input: { type: TypeEmail; message?: string | null }, user: { nom: string }): Promise<BrouillonResult> {
  const prospect = await db.prospect.findUnique({
    where: { id: prospectId },
    select: {
      id: true,
      prenom: true,
      nom: true,
      emails: true,
      telephones: true,
      ville: true,
      formationSouhaitee: { select: { id: true, nom: true } },
      historiqueEmails: { orderBy: { date: 'desc' }, take: HISTORIQUE_MAX, select: { date: true, direction: true, sujet: true, corps: true } },
    },
  })
  if (!prospect) return { kind: 'introuvable' }
  if (!prospect.emails[0]) return { kind: 'sans_email' }
  const f = prospect.formationSouhaitee
  const answer = await callRedaction({
    demandePar: user.nom,
    prospect: { id: prospect.id, prenom: prospect.prenom, nom: prospect.nom, email: prospect.emails[0], telephone: prospect.telephones[0] ?? null, ville: prospect.ville },
    typeEmail: input.type,
    consignes: input.message?.trim() || null,
    formation: f ? { id: f.id, nom: f.nom } : null,
    historique: prospect.historiqueEmails.map((h) => ({ date: h.date.toISOString(), direction: h.direction, sujet: h.sujet, corps: h.corps.slice(0, 1000) })),
  })
  if (answer.ok) return { kind: 'brouillon', source: 'assistant', ...answer.redaction }
  // Not an incident of its own (nothing was sent, the admin reads the template draft): a line for whoever runs it.
  console.warn(`[brouillon] ${prospect.id} : l’assistant de rédaction n’a pas répondu (${answer.message}) ; brouillon depuis les modèles`)
  return { kind: 'brouillon', source: 'modeles', ...modeleEmail(input.type, { prenom: prospect.prenom, formation: f?.nom ?? null }) }
}

export type EnvoyerEmailResult = StartResult | { kind: 'sans_email' }

type EmailInput = { type: TypeEmail; message?: string | null } & ModeleEmail

export async function envoyerEmail(prospectId: string, input: EmailInput, user: { id: string }): Promise<EnvoyerEmailResult> {
  const prospect = await db.prospect.findUnique({ where: { id: prospectId }, select: { emails: true } })
  if (!prospect) return { kind: 'introuvable' }
  const destinataire = prospect.emails[0]
  if (!destinataire) return { kind: 'sans_email' }
  return startAction(envoyerEmailSpec, {
    prospectId,
    demandeParId: user.id,
    parametres: { typeEmail: input.type, message: input.message?.trim() || null, destinataire, sujet: input.sujet.trim(), corps: input.corps.trim() },
  })
}

/**
 * The panel's one-click « Relancer »: the school's relance template, sent without a draft step (the admin asked for
 * one click; a tailored relance goes through « Envoyer email »). Written here rather than by the assistant, so the
 * click never waits on it and always sends the same, known email.
 */
export async function relancerParEmail(prospectId: string, user: { id: string }): Promise<EnvoyerEmailResult> {
  const prospect = await db.prospect.findUnique({ where: { id: prospectId }, select: { prenom: true, formationSouhaitee: { select: { nom: true } } } })
  if (!prospect) return { kind: 'introuvable' }
  const modele = modeleEmail('relance', { prenom: prospect.prenom, formation: prospect.formationSouhaitee?.nom ?? null })
  return envoyerEmail(prospectId, { type: 'relance', ...modele }, user)
}
