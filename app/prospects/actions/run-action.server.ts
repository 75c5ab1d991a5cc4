// The common life of a prospect action: call its n8n webhook, then finish it TERMINEE / EN_ATTENTE / ECHEC,
// journal the failures, notify, and tell open panels. Each action's spec file (convertir, envoyer-dossier…) gives
// its parameters' schema, payload, effects and messages as an ActionSpec. Returns results, never HTTP.
import type { z } from 'zod'
import { logError } from '~/journal/journal.server'
import { callbackUrl, callWebhook, type N8nFailure } from '~/n8n/client.server'
import type { ActionType, PayloadFor, ResultatFor } from '~/n8n/contract'
import { notify, publishActionStatus } from '~/notifications/notify.server'
import { db, type ActionProspect, type Prisma } from '~/utils/db.server'

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

type StoredAction = Prisma.ActionProspectGetPayload<{ include: typeof actionInclude }>
/** An action with its prospect, its requester and its parameters parsed by its spec's schema. */
export type LoadedAction<P = unknown> = Omit<StoredAction, 'parametres'> & { parametres: P }

type CommonPayload = Pick<PayloadFor[ActionType], 'idempotencyKey' | 'actionId' | 'callbackUrl' | 'demandePar' | 'prospect'>

export type ActionSpec<T extends ActionType, P> = {
  type: T
  /** journal_erreurs.nom_workflow */
  nomWorkflow: string
  /** "la conversion en candidat": used in failure messages. */
  libelle: string
  /** What actions_prospect.parametres holds for this action; parsed whenever the action is loaded. */
  parametres: z.ZodType<P, z.ZodTypeDef, unknown>
  buildPayload(action: LoadedAction<P>, common: CommonPayload): Promise<PayloadFor[T]>
  /** The action's effects once n8n has done the work (inside the transaction that marks it TERMINEE). */
  applyResult(tx: Prisma.TransactionClient, action: LoadedAction<P>, resultat: ResultatFor[T]): Promise<void>
  successMessage(action: LoadedAction<P>, resultat: ResultatFor[T]): string
  pendingMessage(action: LoadedAction<P>): string
  /** Added to the failure message, e.g. "le candidat est bien créé". */
  failureNote?(action: LoadedAction<P>): string | null
}

/** Any action's spec, as the shared code (callbacks, replay, recovery) handles it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActionSpec = ActionSpec<ActionType, any>

/**
 * What an action came to, as routes turn it into a toast: done, still running (n8n answered 202 and will call back),
 * or failed with a short reason (`raison`) and the sentence the admin reads (`message`).
 */
export type ActionOutcome =
  | { kind: 'termine'; action: ActionProspect; message: string }
  | { kind: 'en_cours'; action: ActionProspect; message: string }
  | { kind: 'echec'; action: ActionProspect; raison: string; message: string; titre: string }

export function nomComplet(p: { prenom: string; nom: string }) {
  return `${p.prenom} ${p.nom}`
}

function capitalized(text: string) {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}

const RUNNING_OR_WAITING = ['EN_COURS', 'EN_ATTENTE'] as const

export async function loadStoredAction(actionId: string) {
  return db.actionProspect.findUnique({ where: { id: actionId }, include: actionInclude })
}

/** The parameters parsed by the spec's schema, or why they cannot be read (a row written by hand, an old format). */
export function parseAction<P>(spec: ActionSpec<ActionType, P>, stored: StoredAction): { ok: true; action: LoadedAction<P> } | { ok: false; raison: string } {
  const parsed = spec.parametres.safeParse(stored.parametres)
  if (parsed.success) return { ok: true, action: { ...stored, parametres: parsed.data } }
  return { ok: false, raison: parsed.error.issues.map((i) => `${i.path.join('.') || 'parametres'} ${i.message}`).join(' ; ') }
}

function announce(action: ActionProspect) {
  publishActionStatus(action.id, action.prospectId, action.statut)
}

/**
 * Stores the result and applies the effects once, whoever gets there first (the answer or the callback). The
 * action's open journal entries are resolved with it: the incident is over (in the name of whoever replayed it).
 */
export async function completeAction<T extends ActionType, P>(
  spec: ActionSpec<T, P>,
  action: LoadedAction<P>,
  resultat: ResultatFor[T],
  meta: { httpStatus?: number | null; attempts?: number; auteurId?: string | null } = {},
) {
  const applied = await db.$transaction(
    async (tx) => {
      const { count } = await tx.actionProspect.updateMany({
        where: { id: action.id, statut: { in: [...RUNNING_OR_WAITING] } },
        data: {
          statut: 'TERMINEE',
          resultat: resultat as Prisma.InputJsonValue,
          erreur: null,
          dateFin: new Date(),
          ...(meta.httpStatus !== undefined ? { httpStatus: meta.httpStatus } : {}),
          ...(meta.attempts ? { tentatives: { increment: meta.attempts } } : {}),
        },
      })
      if (count === 0) return false
      await spec.applyResult(tx, action, resultat)
      const done = await tx.actionProspect.findUniqueOrThrow({ where: { id: action.id }, select: { relanceePar: true } })
      await tx.journalErreur.updateMany({
        where: { actionId: action.id, resolu: false },
        data: { resolu: true, resoluPar: done.relanceePar ?? 'Reprise automatique', dateResolution: new Date() },
      })
      return true
    },
    { maxWait: 10_000, timeout: 15_000 },
  )
  if (applied) {
    const message = spec.successMessage(action, resultat)
    announce(await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } }))
    await notify({
      categorie: 'action',
      type: 'action_terminee',
      priorite: 'BASSE',
      titre: message,
      message: `${capitalized(spec.libelle)}, demandée par ${action.demandePar?.nom ?? 'un administrateur'}.`,
      audience: 'ADMIN',
      lienAction: `/admin/prospects/${action.prospectId}`,
      auteurId: meta.auteurId ?? null,
    })
  }
  return applied
}

export type FailureInput = Pick<N8nFailure, 'message' | 'severite' | 'httpStatus' | 'attempts' | 'durationMs' | 'stack'>

/** Marks the action ECHEC (if it is still running or waiting) and records the failure three ways. */
export async function failAction(
  spec: AnyActionSpec,
  action: Omit<StoredAction, 'parametres'> & { parametres: unknown },
  failure: FailureInput,
  context: { nomNoeud: 'webhook_n8n_call' | 'n8n_callback'; payload?: unknown; from?: readonly ('EN_COURS' | 'EN_ATTENTE')[]; auteurId?: string | null },
) {
  const { count } = await db.actionProspect.updateMany({
    where: { id: action.id, statut: { in: [...(context.from ?? RUNNING_OR_WAITING)] } },
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
    messageErreur: `${capitalized(spec.libelle)} (${nomComplet(action.prospect)}) : ${failure.message}`,
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

/** The outcome the admin sees for an action in its current state (after the run, or after a race with a callback). */
export function outcomeOf<P>(spec: ActionSpec<ActionType, P>, loaded: LoadedAction<P> | null, stored: StoredAction, final: ActionProspect, raison?: string): ActionOutcome {
  if (final.statut === 'TERMINEE' && loaded) {
    return { kind: 'termine', action: final, message: spec.successMessage(loaded, final.resultat as ResultatFor[ActionType]) }
  }
  if ((final.statut === 'EN_ATTENTE' || final.statut === 'EN_COURS') && loaded) {
    return { kind: 'en_cours', action: final, message: spec.pendingMessage(loaded) }
  }
  const why = raison ?? final.erreur ?? 'erreur inconnue'
  const note = loaded ? spec.failureNote?.(loaded) : null
  return {
    kind: 'echec',
    action: final,
    raison: why,
    titre: `Échec : ${spec.libelle} de ${nomComplet(stored.prospect)}`,
    message: `Échec de ${spec.libelle} : ${why}. ${note ? `${note} ` : ''}L’erreur est enregistrée dans le journal.`,
  }
}

/**
 * Calls n8n for an action that is EN_COURS and finishes it. Never throws for an n8n or data problem.
 * `auteurId`: the user whose request runs it (default: who asked for the action); they get the page's message.
 */
export async function runAction<P>(spec: ActionSpec<ActionType, P>, actionId: string, auteurId?: string | null): Promise<ActionOutcome> {
  const stored = await loadStoredAction(actionId)
  if (!stored) throw new Error(`action ${actionId} introuvable`)
  const auteur = auteurId === undefined ? stored.demandeParId : auteurId
  announce(stored)
  const final = () => db.actionProspect.findUniqueOrThrow({ where: { id: actionId } })

  const parsed = parseAction(spec, stored)
  let payload: PayloadFor[ActionType]
  try {
    if (!parsed.ok) throw new Error(parsed.raison)
    payload = await spec.buildPayload(parsed.action, {
      idempotencyKey: stored.id,
      actionId: stored.id,
      callbackUrl: await callbackUrl(stored.id),
      demandePar: stored.demandePar?.nom ?? null,
      prospect: {
        id: stored.prospect.id,
        prenom: stored.prospect.prenom,
        nom: stored.prospect.nom,
        email: stored.prospect.emails[0] ?? null,
        telephone: stored.prospect.telephones[0] ?? null,
        ville: stored.prospect.ville,
      },
    })
  } catch (error) {
    const message = `données de l’action illisibles : ${error instanceof Error ? error.message : String(error)}`
    await failAction(spec, stored, { message, severite: 'CRITIQUE', httpStatus: null, attempts: 0, durationMs: 0, stack: error instanceof Error ? error.stack : undefined }, { nomNoeud: 'webhook_n8n_call', from: ['EN_COURS'], auteurId: auteur })
    return outcomeOf(spec, parsed.ok ? parsed.action : null, stored, await final(), 'données de l’action illisibles')
  }
  const action = parsed.action

  const result = await callWebhook(spec.type, stored.id, payload)
  if (result.ok && result.statut === 'TERMINEE') {
    const applied = await completeAction(spec, action, result.resultat, { httpStatus: result.httpStatus, attempts: result.attempts, auteurId: auteur })
    if (!applied) await recordAttempts(stored.id, result.attempts, result.httpStatus)
  } else if (result.ok) {
    const { count } = await db.actionProspect.updateMany({
      where: { id: stored.id, statut: 'EN_COURS' },
      data: { statut: 'EN_ATTENTE', httpStatus: result.httpStatus, tentatives: { increment: result.attempts } },
    })
    if (count) announce(await final())
    else await recordAttempts(stored.id, result.attempts, result.httpStatus)
  } else {
    // Only from EN_COURS: if the callback already finished the action, n8n did the work after all.
    const failed = await failAction(spec, action, result, { nomNoeud: 'webhook_n8n_call', payload, from: ['EN_COURS'], auteurId: auteur })
    if (!failed) await recordAttempts(stored.id, result.attempts, result.httpStatus)
  }
  return outcomeOf(spec, action, stored, await final(), result.ok ? undefined : result.raison)
}

async function recordAttempts(actionId: string, attempts: number, httpStatus: number | null) {
  await db.actionProspect.update({ where: { id: actionId }, data: { tentatives: { increment: attempts }, httpStatus } })
}
