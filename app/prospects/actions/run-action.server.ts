// One attempt of a prospect action, as the job engine's worker runs it: call its n8n webhook, then finish it
// TERMINEE / EN_ATTENTE / ECHEC, or schedule the next automatic retry of a passing failure (one journal entry per
// incident). Also what every finish does: journal, notify, tell open panels. Each action's spec file (convertir,
// envoyer-dossier…) gives its parameters' schema, payload, effects and messages. Returns results, never HTTP.
import type { z } from 'zod'
import { logError } from '~/journal/journal.server'
import { formatDuree } from '~/journal/labels'
import { callbackUrl, callWebhook, type N8nFailure } from '~/n8n/client.server'
import type { ActionType, PayloadFor, ResultatFor } from '~/n8n/contract'
import { notify, publishActionStatus } from '~/notifications/notify.server'
import { db, type ActionProspect, type Prisma } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { formatHeure, nomComplet } from '~/utils/format'
import { sendJob, wakeWorkers } from '~/utils/jobs.server'
import { QUEUES } from './queues'
import { specOf } from './specs.server'

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
  /** n8n accepted it (202) and will call back. */
  | { kind: 'en_cours'; action: ActionProspect; message: string }
  /** A passing failure: the engine tries again by itself at `prochainEssai` (kept while that attempt runs). */
  | { kind: 'reprise'; action: ActionProspect; message: string; prochainEssai: Date }
  /** Still running when the page stopped waiting: the admin is told when it ends. */
  | { kind: 'lancee'; action: ActionProspect; message: string }
  | { kind: 'echec'; action: ActionProspect; raison: string; message: string; titre: string }

function capitalized(text: string) {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`
}

const RUNNING_OR_WAITING = ['EN_COURS', 'EN_ATTENTE'] as const

type StoredRow = ActionProspect & {
  p_id: string
  p_nom: string
  p_prenom: string
  p_emails: string[]
  p_telephones: string[]
  p_ville: string | null
  p_statut: StoredAction['prospect']['statutProspect']
  p_financement: StoredAction['prospect']['modeFinancement']
  f_id: string | null
  f_nom: string | null
  f_prix: number | null
  f_duree: number | null
  u_nom: string | null
}

/**
 * An action with its prospect (and wished formation) and its requester: what actionInclude describes, in one
 * statement rather than Prisma's four. The worker reads it before calling n8n and the waiting page after: both are on
 * the path of the admin's answer. A test compares it with Prisma's reading.
 */
export async function loadStoredAction(actionId: string): Promise<StoredAction | null> {
  const [row] = await db.$queryRaw<StoredRow[]>`
    SELECT a.id, a.prospect_id AS "prospectId", a.type::text AS type, a.parametres, a.statut::text AS statut, a.tentatives,
      a.resultat, a.erreur, a.http_status AS "httpStatus", a.demande_par AS "demandeParId", a.date_creation AS "dateCreation",
      a.date_mise_a_jour AS "dateMiseAJour", a.date_fin AS "dateFin", a.relancee_par AS "relanceePar", a.numero_essai AS "numeroEssai",
      a.reprises, a.debut_incident AS "debutIncident", a.prochain_essai AS "prochainEssai", a.attente_par AS "attenteParId",
      a.attente_jusqua AS "attenteJusqua",
      p.id_prospect AS p_id, p.nom AS p_nom, p.prenom AS p_prenom, COALESCE(p.emails, '{}') AS p_emails, COALESCE(p.telephones, '{}') AS p_telephones, p.ville AS p_ville,
      p.statut_prospect::text AS p_statut, p.mode_financement::text AS p_financement,
      f.id AS f_id, f.nom AS f_nom, f.prix_euros AS f_prix, f.duree_heures AS f_duree, u.nom AS u_nom
    FROM actions_prospect a
    JOIN prospects p ON p.id_prospect = a.prospect_id
    LEFT JOIN formations f ON f.id = p.formation_souhaitee
    LEFT JOIN utilisateurs u ON u.id = a.demande_par
    WHERE a.id = ${actionId}`
  if (!row) return null
  const { p_id, p_nom, p_prenom, p_emails, p_telephones, p_ville, p_statut, p_financement, f_id, f_nom, f_prix, f_duree, u_nom, ...action } = row
  return {
    ...action,
    prospect: {
      id: p_id,
      nom: p_nom,
      prenom: p_prenom,
      emails: p_emails,
      telephones: p_telephones,
      ville: p_ville,
      statutProspect: p_statut,
      modeFinancement: p_financement,
      formationSouhaitee: f_id ? { id: f_id, nom: f_nom!, prixEuros: f_prix!, dureeHeures: f_duree! } : null,
    },
    demandePar: u_nom !== null ? { nom: u_nom } : null,
  }
}

/** The parameters parsed by the spec's schema, or why they cannot be read (a row written by hand, an old format). */
export function parseAction<P>(spec: ActionSpec<ActionType, P>, stored: StoredAction): { ok: true; action: LoadedAction<P> } | { ok: false; raison: string } {
  const parsed = spec.parametres.safeParse(stored.parametres)
  if (parsed.success) return { ok: true, action: { ...stored, parametres: parsed.data } }
  return { ok: false, raison: parsed.error.issues.map((i) => `${i.path.join('.') || 'parametres'} ${i.message}`).join(' ; ') }
}

function announce(action: Pick<ActionProspect, 'id' | 'prospectId' | 'statut'>) {
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
  meta: { httpStatus?: number | null; attempts?: number; auteurId?: string | null | Promise<string | null> } = {},
) {
  const final = await db.$transaction(
    async (tx) => {
      const [row] = await tx.actionProspect.updateManyAndReturn({
        where: { id: action.id, statut: { in: [...RUNNING_OR_WAITING] } },
        data: {
          statut: 'TERMINEE',
          resultat: resultat as Prisma.InputJsonValue,
          erreur: null,
          prochainEssai: null,
          dateFin: new Date(),
          ...(meta.httpStatus !== undefined ? { httpStatus: meta.httpStatus } : {}),
          ...(meta.attempts ? { tentatives: { increment: meta.attempts } } : {}),
        },
      })
      if (!row) return null
      await spec.applyResult(tx, action, resultat)
      // Only an action that failed before can have open entries (a fresh one spares the query).
      if (action.reprises > 0 || action.relanceePar !== null || action.numeroEssai > 1) {
        await tx.journalErreur.updateMany({
          where: { actionId: action.id, resolu: false },
          data: { resolu: true, resoluPar: action.relanceePar ?? 'Reprise automatique', dateResolution: new Date() },
        })
      }
      return row
    },
    { maxWait: 10_000, timeout: 15_000 },
  )
  if (final) {
    const message = spec.successMessage(action, resultat)
    const auteurId = (await meta.auteurId) ?? null
    // A page of this instance waiting for the action takes its outcome from here rather than reading it again.
    if (auteurId) settledHere({ kind: 'termine', action: final, message })
    await notify({
      categorie: 'action',
      type: 'action_terminee',
      priorite: 'BASSE',
      titre: message,
      // "La conversion…, demandée par", "L’envoi…, demandé par": the participle agrees with the action's noun.
      message: `${capitalized(spec.libelle)}, ${spec.libelle.startsWith('la ') ? 'demandée' : 'demandé'} par ${action.demandePar?.nom ?? 'un administrateur'}.`,
      audience: 'ADMIN',
      lienAction: `/admin/prospects/${action.prospectId}`,
      auteurId,
    })
    // Told last: the page waiting for this action answers once the notification is stored, so its bell (and the
    // other admins') already agree with the message it shows.
    announce({ id: action.id, prospectId: action.prospectId, statut: 'TERMINEE' })
  }
  return final !== null
}

/**
 * Outcomes settled by this instance's worker while a page waited for them (pageWaiter), kept a few seconds: the page,
 * woken by the announce, takes its outcome here instead of reading the action again. A page on another instance
 * finds nothing and reads it.
 */
const settled = new Map<string, ActionOutcome>()
const SETTLED_KEEP_MS = 10_000

function settledHere(outcome: ActionOutcome) {
  const { id } = outcome.action
  settled.set(id, outcome)
  setTimeout(() => settled.delete(id), SETTLED_KEEP_MS).unref()
}

/** The outcome this instance settled for a waiting page, once. */
export function takeSettled(actionId: string) {
  const outcome = settled.get(actionId)
  settled.delete(actionId)
  return outcome ?? null
}

export type FailureInput = Pick<N8nFailure, 'message' | 'severite' | 'httpStatus' | 'attempts' | 'durationMs' | 'stack'>

/** Marks the action ECHEC (if it is still running or waiting) and records the failure three ways. */
export async function failAction(
  spec: AnyActionSpec,
  action: Omit<StoredAction, 'parametres'> & { parametres: unknown },
  failure: FailureInput,
  context: {
    nomNoeud: 'webhook_n8n_call' | 'n8n_callback'
    payload?: unknown
    from?: readonly ('EN_COURS' | 'EN_ATTENTE')[]
    auteurId?: string | null
    /** Only if the action is still at this attempt (a worker's view). */
    numeroEssai?: number
  },
) {
  const { count } = await db.actionProspect.updateMany({
    where: { id: action.id, statut: { in: [...(context.from ?? RUNNING_OR_WAITING)] }, ...(context.numeroEssai ? { numeroEssai: context.numeroEssai } : {}) },
    data: {
      statut: 'ECHEC',
      erreur: failure.message.slice(0, 2000),
      httpStatus: failure.httpStatus,
      dateFin: new Date(),
      prochainEssai: null,
      ...(failure.attempts ? { tentatives: { increment: failure.attempts } } : {}),
    },
  })
  if (count === 0) return false
  await logError({
    // The entry of the incident the automatic retries were about, if any: one entry per incident.
    entreeId: await openIncidentEntry(action.id),
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

/** The journal entry of the action's current incident (written at its first automatic retry), if any. */
async function openIncidentEntry(actionId: string) {
  try {
    const entry = await db.journalErreur.findFirst({ where: { actionId, resolu: false, severite: 'WARNING' }, orderBy: { id: 'desc' }, select: { id: true } })
    return entry?.id ?? null
  } catch {
    // The journal unreadable: logError writes a new entry, or falls back to the console.
    return null
  }
}

/**
 * The admin whose page still waits for this action (they get its message there), read at the last moment before
 * the action's end is written; past the page's wait, nobody: everyone gets a live notification.
 */
async function pageWaiter(actionId: string) {
  const row = await db.actionProspect.findUnique({ where: { id: actionId }, select: { attenteParId: true, attenteJusqua: true } })
  return row?.attenteJusqua && row.attenteJusqua.getTime() >= Date.now() ? row.attenteParId : null
}

/** The outcome the admin sees for an action in its current state (after its wait, or after a race with a callback). */
export function outcomeOf<P>(spec: ActionSpec<ActionType, P>, loaded: LoadedAction<P> | null, stored: StoredAction, final: ActionProspect, raison?: string): ActionOutcome {
  if (final.statut === 'TERMINEE' && loaded) {
    return { kind: 'termine', action: final, message: spec.successMessage(loaded, final.resultat as ResultatFor[ActionType]) }
  }
  if (final.statut === 'EN_ATTENTE' && loaded) return { kind: 'en_cours', action: final, message: spec.pendingMessage(loaded) }
  if (final.statut === 'EN_COURS' && final.prochainEssai) {
    return {
      kind: 'reprise',
      action: final,
      prochainEssai: final.prochainEssai,
      message: `${capitalized(spec.libelle)} de ${nomComplet(stored.prospect)} n’a pas encore pu se faire : le service d’automatisation ne répond pas pour l’instant. Nouvel essai automatique à ${formatHeure(final.prochainEssai)} ; vous serez prévenu(e) du résultat.`,
    }
  }
  if (final.statut === 'EN_COURS') {
    return { kind: 'lancee', action: final, message: 'Action lancée : vous serez prévenu(e) dès qu’elle est terminée' }
  }
  // The stored error reads "<short reason> : <detail>" (see the n8n client's failures): the admin gets the reason.
  const why = raison ?? final.erreur?.split(' : ')[0] ?? 'erreur inconnue'
  const note = loaded ? spec.failureNote?.(loaded) : null
  return {
    kind: 'echec',
    action: final,
    raison: why,
    titre: `Échec : ${spec.libelle} de ${nomComplet(stored.prospect)}`,
    message: `Échec de ${spec.libelle} : ${why}. ${note ? `${note} ` : ''}L’erreur est enregistrée dans le journal.`,
  }
}

/** The outcome of an action as it stands now (a route's view, after waiting for it). */
export async function currentOutcome(spec: AnyActionSpec, actionId: string): Promise<ActionOutcome> {
  const stored = await loadStoredAction(actionId)
  if (!stored) throw new Error(`action ${actionId} introuvable`)
  const parsed = parseAction(spec, stored)
  const { prospect: _p, demandePar: _d, ...row } = stored
  return outcomeOf(spec, parsed.ok ? parsed.action : null, stored, row as ActionProspect)
}

/**
 * One attempt of an action (a job of the `actions` queue, for attempt `numeroEssai`). Does nothing when the action
 * moved on meanwhile (finished, replayed, or a later attempt scheduled). Never throws for an n8n or data problem;
 * a database error makes the engine run the job again later.
 */
export async function runAttempt(actionId: string, numeroEssai: number): Promise<void> {
  const stored = await loadStoredAction(actionId)
  if (!stored || stored.statut !== 'EN_COURS' || stored.numeroEssai !== numeroEssai) return
  const spec = specOf(stored.type)

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
    await failAction(spec, stored, { message, severite: 'CRITIQUE', httpStatus: null, attempts: 0, durationMs: 0, stack: error instanceof Error ? error.stack : undefined }, { nomNoeud: 'webhook_n8n_call', from: ['EN_COURS'], auteurId: await pageWaiter(stored.id), numeroEssai })
    return
  }
  const action = parsed.action

  const result = await callWebhook(spec.type, stored.id, payload)
  if (result.ok && result.statut === 'TERMINEE') {
    // Whether the admin's page still waits is read while the result is stored (it decides who the notification is for).
    const auteurId = pageWaiter(stored.id).catch(() => null)
    const applied = await completeAction(spec, action, result.resultat, { httpStatus: result.httpStatus, attempts: result.attempts, auteurId })
    if (!applied) await recordAttempts(stored.id, result.attempts, result.httpStatus)
  } else if (result.ok) {
    // 202: n8n calls back. If it never does, a delayed check settles the action (queue actions-rappel).
    const waiting = await db.$transaction(async (tx) => {
      const { count } = await tx.actionProspect.updateMany({
        where: { id: stored.id, statut: 'EN_COURS', numeroEssai },
        data: { statut: 'EN_ATTENTE', prochainEssai: null, httpStatus: result.httpStatus, tentatives: { increment: result.attempts } },
      })
      if (count) await sendJob(QUEUES.rappel, { actionId: stored.id, numeroEssai }, { tx, startAfter: new Date(Date.now() + env.ACTION_RAPPEL_ATTENTE_MS) })
      return count > 0
    })
    if (waiting) nudgeAt(QUEUES.rappel, new Date(Date.now() + env.ACTION_RAPPEL_ATTENTE_MS))
    if (waiting) announce({ id: stored.id, prospectId: stored.prospectId, statut: 'EN_ATTENTE' })
    else await recordAttempts(stored.id, result.attempts, result.httpStatus)
  } else if (result.retryable && (await scheduleRetry(spec, stored, numeroEssai, result, payload))) {
    return
  } else {
    // Only from EN_COURS: if the callback already finished the action, n8n did the work after all.
    const failed = await failAction(spec, action, result, { nomNoeud: 'webhook_n8n_call', payload, from: ['EN_COURS'], auteurId: await pageWaiter(stored.id), numeroEssai })
    if (!failed) await recordAttempts(stored.id, result.attempts, result.httpStatus)
  }
}

/** The automatic retries' schedule (from the environment; a test may shorten or lengthen it). */
export const retryPolicy = { firstDelayMs: env.ACTION_REPRISE_DELAI_MS, horizonMs: env.ACTION_REPRISE_HORIZON_MS }

/**
 * A passing failure: the next attempt is a job deferred by the backoff (ACTION_REPRISE_DELAI_MS doubled at each
 * retry, or n8n's Retry-After if longer), as long as the incident stays within ACTION_REPRISE_HORIZON_MS. The
 * incident has one journal entry (a warning, updated at each retry); false when past the horizon (the caller fails
 * the action, which turns that entry into the error and notifies).
 */
async function scheduleRetry(spec: AnyActionSpec, stored: StoredAction, numeroEssai: number, failure: N8nFailure, payload: unknown) {
  const now = Date.now()
  const debut = stored.debutIncident?.getTime() ?? now
  const delay = Math.max(retryPolicy.firstDelayMs * 2 ** stored.reprises, failure.retryAfterMs ?? 0)
  const next = new Date(now + delay)
  if (next.getTime() - debut > retryPolicy.horizonMs) {
    failure.message = `${failure.message} ; abandon après ${stored.reprises + 1} essais en ${formatDuree(now - debut)}`
    return false
  }
  const scheduled = await db.$transaction(async (tx) => {
    const { count } = await tx.actionProspect.updateMany({
      where: { id: stored.id, statut: 'EN_COURS', numeroEssai },
      data: {
        numeroEssai: numeroEssai + 1,
        reprises: stored.reprises + 1,
        debutIncident: new Date(debut),
        prochainEssai: next,
        erreur: failure.message.slice(0, 2000),
        httpStatus: failure.httpStatus,
        tentatives: { increment: failure.attempts },
      },
    })
    if (count) await sendJob(QUEUES.actions, { actionId: stored.id, numeroEssai: numeroEssai + 1 }, { tx, startAfter: next })
    return count > 0
  })
  if (!scheduled) return true
  nudgeAt(QUEUES.actions, next)
  const after = await db.actionProspect.findUniqueOrThrow({ where: { id: stored.id } })
  await logError({
    entreeId: await openIncidentEntry(stored.id),
    nomWorkflow: spec.nomWorkflow,
    nomNoeud: 'webhook_n8n_call',
    severite: 'WARNING',
    messageErreur: `${capitalized(spec.libelle)} (${nomComplet(stored.prospect)}) : ${failure.message} — nouvel essai automatique à ${formatHeure(next)} (${after.reprises} reprise${after.reprises > 1 ? 's' : ''} depuis ${formatDuree(now - debut)})`,
    actionId: stored.id,
    prospectId: stored.prospectId,
    donneesEntree: {
      prospectId: stored.prospectId,
      actionId: stored.id,
      payload: payload as Prisma.InputJsonValue,
      status: failure.httpStatus,
      attempts: after.tentatives,
      reprises: after.reprises,
      debutIncident: new Date(debut).toISOString(),
      prochainEssai: next.toISOString(),
      durationMs: failure.durationMs,
      stack: failure.stack ?? null,
    },
  })
  announce(after)
  return true
}

/**
 * The deferred job is in the engine (it survives a restart, any instance may run it); this only wakes this
 * instance's workers when it comes due, so it starts on time rather than at the next poll.
 */
function nudgeAt(queue: string, when: Date) {
  setTimeout(() => wakeWorkers(queue), Math.max(0, when.getTime() - Date.now()) + 20).unref()
}

async function recordAttempts(actionId: string, attempts: number, httpStatus: number | null) {
  await db.actionProspect.update({ where: { id: actionId }, data: { tentatives: { increment: attempts }, httpStatus } })
}
