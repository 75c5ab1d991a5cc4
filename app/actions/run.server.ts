// The common life of a prospect action: call its n8n webhook, then finish it TERMINEE / EN_ATTENTE / ECHEC,
// journal the failures, notify, and tell open panels. Each action module (convertir, envoyer-dossier…) gives its
// own payload, effects and messages as an ActionSpec.
import { callbackUrl, callWebhook, type N8nFailure } from '~/n8n/client.server'
import type { ActionType, PayloadFor, ResultatFor } from '~/n8n/contract'
import { logError } from '~/journal/journal.server'
import { notify, publishActionStatus } from '~/notifications/notify.server'
import { db, type ActionProspect, type Prisma } from '~/utils/db.server'
import type { Toast } from '~/utils/toast.server'

export type ActionOutcome = { ok: boolean; action: ActionProspect; message: string }
export type RunOutcome = ActionOutcome & { toast: Toast }

export const actionInclude = {
  prospect: {
    select: {
      id: true,
      nom: true,
      prenom: true,
      emails: true,
      telephones: true,
      ville: true,
      statutProspect: true,
      modeFinancement: true,
      formationSouhaitee: { select: { id: true, nom: true, prixEuros: true, dureeHeures: true } },
    },
  },
  demandePar: { select: { nom: true } },
} satisfies Prisma.ActionProspectInclude

export type LoadedAction = Prisma.ActionProspectGetPayload<{ include: typeof actionInclude }>

export type ActionSpec<T extends ActionType> = {
  type: T
  /** journal_erreurs.nom_workflow */
  nomWorkflow: string
  /** "la conversion en candidat": used in failure messages. */
  libelle: string
  buildPayload(action: LoadedAction, common: CommonPayload): Promise<PayloadFor[T]>
  /** The action's effects once n8n has done the work (inside the transaction that marks it TERMINEE). */
  applyResult(tx: Prisma.TransactionClient, action: LoadedAction, resultat: ResultatFor[T]): Promise<void>
  successMessage(action: LoadedAction, resultat: ResultatFor[T]): string
  pendingMessage(action: LoadedAction): string
  /** Added to the failure message, e.g. "le candidat est bien créé". */
  failureNote?(action: LoadedAction): string | null
}

type CommonPayload = Pick<PayloadFor[ActionType], 'idempotencyKey' | 'actionId' | 'callbackUrl' | 'demandePar' | 'prospect'>

export function nomComplet(p: { prenom: string; nom: string }) {
  return `${p.prenom} ${p.nom}`
}

const FINAL_OR_WAITING = ['EN_COURS', 'EN_ATTENTE'] as const

async function load(actionId: string) {
  return db.actionProspect.findUniqueOrThrow({ where: { id: actionId }, include: actionInclude })
}

function announce(action: ActionProspect) {
  publishActionStatus(action.id, action.prospectId, action.statut)
}

/** Stores the result and applies the effects once, whoever gets there first (the answer or the callback). */
export async function completeAction<T extends ActionType>(
  spec: ActionSpec<T>,
  action: LoadedAction,
  resultat: ResultatFor[T],
  meta: { httpStatus?: number | null; attempts?: number; auteurId?: string | null } = {},
) {
  const applied = await db.$transaction(
    async (tx) => {
      const { count } = await tx.actionProspect.updateMany({
        where: { id: action.id, statut: { in: [...FINAL_OR_WAITING] } },
        data: {
          statut: 'TERMINEE',
          resultat: resultat as Prisma.InputJsonValue,
          erreur: null,
          dateFin: new Date(),
          ...(meta.httpStatus !== undefined ? { httpStatus: meta.httpStatus } : {}),
          ...(meta.attempts ? { tentatives: { increment: meta.attempts } } : {}),
        },
      })
      if (count > 0) await spec.applyResult(tx, action, resultat)
      return count > 0
    },
    { maxWait: 10_000, timeout: 15_000 },
  )
  if (applied) {
    const message = spec.successMessage(action, resultat)
    const done = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
    announce(done)
    await notify({
      categorie: 'action',
      type: 'action_terminee',
      priorite: 'BASSE',
      titre: message,
      // "La conversion…, demandée par", "L’envoi…, demandé par": the participle agrees with the action's noun.
      message: `${spec.libelle.charAt(0).toUpperCase()}${spec.libelle.slice(1)}, ${spec.libelle.startsWith('la ') ? 'demandée' : 'demandé'} par ${action.demandePar?.nom ?? 'un administrateur'}.`,
      audience: 'ADMIN',
      lienAction: `/admin/prospects/${action.prospectId}`,
      auteurId: meta.auteurId ?? null,
    })
  }
  return applied
}

/** Marks the action ECHEC (if it is still running or waiting) and records the failure three ways. */
export async function failAction(
  spec: ActionSpec<ActionType>,
  action: LoadedAction,
  failure: Pick<N8nFailure, 'message' | 'severite' | 'httpStatus' | 'attempts' | 'durationMs' | 'stack'>,
  context: { nomNoeud: 'webhook_n8n_call' | 'n8n_callback'; payload?: unknown; from?: readonly ('EN_COURS' | 'EN_ATTENTE')[]; auteurId?: string | null },
) {
  const { count } = await db.actionProspect.updateMany({
    where: { id: action.id, statut: { in: [...(context.from ?? FINAL_OR_WAITING)] } },
    data: {
      statut: 'ECHEC',
      erreur: failure.message.slice(0, 2000),
      httpStatus: failure.httpStatus,
      dateFin: new Date(),
      ...(failure.attempts ? { tentatives: { increment: failure.attempts } } : {}),
    },
  })
  if (count === 0) return false
  await logError({
    nomWorkflow: spec.nomWorkflow,
    nomNoeud: context.nomNoeud,
    messageErreur: `${spec.libelle.charAt(0).toUpperCase()}${spec.libelle.slice(1)} (${nomComplet(action.prospect)}) : ${failure.message}`,
    severite: failure.severite,
    actionId: action.id,
    prospectId: action.prospectId,
    auteurId: context.auteurId ?? null,
    donneesEntree: {
      prospectId: action.prospectId,
      actionId: action.id,
      payload: (context.payload ?? action.parametres) as Prisma.InputJsonValue,
      status: failure.httpStatus,
      attempts: failure.attempts,
      durationMs: failure.durationMs,
      stack: failure.stack ?? null,
    },
  })
  announce(await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } }))
  return true
}

function failureText(spec: ActionSpec<ActionType>, action: LoadedAction, raison: string) {
  const note = spec.failureNote?.(action)
  return `Échec de ${spec.libelle} : ${raison}. ${note ? `${note} ` : ''}L’erreur est enregistrée dans le journal.`
}

/** The outcome the user sees for an action in its current state (after the run, or after a race with a callback). */
function outcomeOf<T extends ActionType>(spec: ActionSpec<T>, loaded: LoadedAction, final: ActionProspect, raison?: string): RunOutcome {
  if (final.statut === 'TERMINEE') {
    const message = spec.successMessage(loaded, final.resultat as ResultatFor[T])
    return { ok: true, action: final, message, toast: { type: 'succes', titre: message } }
  }
  if (final.statut === 'EN_ATTENTE' || final.statut === 'EN_COURS') {
    const message = spec.pendingMessage(loaded)
    return { ok: true, action: final, message, toast: { type: 'info', titre: message } }
  }
  const message = failureText(spec, loaded, raison ?? final.erreur ?? 'erreur inconnue')
  return {
    ok: false,
    action: final,
    message,
    toast: { type: 'erreur', titre: `Échec : ${spec.libelle} de ${nomComplet(loaded.prospect)}`, description: message },
  }
}

/** Calls n8n for an action that is EN_COURS and finishes it. Never throws for an n8n or data problem. */
/** `auteurId`: the user whose request runs it (default: who asked for the action); they get the page's message. */
export async function runAction<T extends ActionType>(spec: ActionSpec<T>, actionId: string, auteurId?: string | null): Promise<RunOutcome> {
  const action = await load(actionId)
  const auteur = auteurId === undefined ? action.demandeParId : auteurId
  announce(action)
  let payload: PayloadFor[T]
  try {
    payload = await spec.buildPayload(action, {
      idempotencyKey: action.id,
      actionId: action.id,
      callbackUrl: await callbackUrl(action.id),
      demandePar: action.demandePar?.nom ?? null,
      prospect: {
        id: action.prospect.id,
        prenom: action.prospect.prenom,
        nom: action.prospect.nom,
        email: action.prospect.emails[0] ?? null,
        telephone: action.prospect.telephones[0] ?? null,
        ville: action.prospect.ville,
      },
    })
  } catch (error) {
    const message = `données de l’action illisibles : ${error instanceof Error ? error.message : String(error)}`
    await failAction(spec as ActionSpec<ActionType>, action, { message, severite: 'CRITIQUE', httpStatus: null, attempts: 0, durationMs: 0, stack: error instanceof Error ? error.stack : undefined }, { nomNoeud: 'webhook_n8n_call', from: ['EN_COURS'], auteurId: auteur })
    return outcomeOf(spec, action, await db.actionProspect.findUniqueOrThrow({ where: { id: actionId } }), 'données de l’action illisibles')
  }

  const result = await callWebhook(spec.type, action.id, payload)
  if (result.ok && result.statut === 'TERMINEE') {
    const applied = await completeAction(spec, action, result.resultat, { httpStatus: result.httpStatus, attempts: result.attempts, auteurId: auteur })
    if (!applied) await recordAttempts(action.id, result.attempts, result.httpStatus)
  } else if (result.ok) {
    const { count } = await db.actionProspect.updateMany({
      where: { id: action.id, statut: 'EN_COURS' },
      data: { statut: 'EN_ATTENTE', httpStatus: result.httpStatus, tentatives: { increment: result.attempts } },
    })
    if (count) announce(await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } }))
    else await recordAttempts(action.id, result.attempts, result.httpStatus)
  } else {
    // Only from EN_COURS: if the callback already finished the action, n8n did the work after all.
    const failed = await failAction(spec as ActionSpec<ActionType>, action, result, { nomNoeud: 'webhook_n8n_call', payload, from: ['EN_COURS'], auteurId: auteur })
    if (!failed) await recordAttempts(action.id, result.attempts, result.httpStatus)
  }
  const final = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
  return outcomeOf(spec, action, final, result.ok ? undefined : result.raison)
}

async function recordAttempts(actionId: string, attempts: number, httpStatus: number | null) {
  await db.actionProspect.update({ where: { id: actionId }, data: { tentatives: { increment: attempts }, httpStatus } })
}

export { load as loadAction }
