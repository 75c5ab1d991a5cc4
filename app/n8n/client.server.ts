// The one module that talks to n8n: it builds the webhook URLs and headers, retries, and turns every failure into
// a French reason. Nothing else in the app builds an n8n URL or header by hand.
import crypto from 'node:crypto'
import ky, { HTTPError, TimeoutError } from 'ky'
import { onBoot } from '~/utils/boot.server'
import type { Severite } from '~/utils/db.server'
import { env } from '~/utils/env.server'
import { simulatorCallbackSecret } from './demo-contacts.server'
import {
  answerSchema,
  REDIGER_EMAIL_WEBHOOK,
  redactionSchema,
  resultatSchemas,
  WEBHOOKS,
  type ActionType,
  type PayloadFor,
  type Redaction,
  type ResultatFor,
  type RedigerEmailPayload,
} from './contract'
import type { N8nSimulator } from './simulator.server'

export type N8nConfig = {
  /** e.g. https://n8n.ecole.fr/webhook (no trailing slash). */
  baseUrl: string
  apiKey: string
  apiKeyHeader: string
  /** What n8n must send back in X-Callback-Secret. */
  callbackSecret: string
  /** Public URL of this app, for the callback URL given to n8n. */
  appUrl: string
  timeoutMs: number
  /** The draft is asked while the admin waits: a short timeout, then the school's templates. */
  redactionTimeoutMs: number
  retryLimit: number
  retryDelayMs: number
  retryFactor: number
  retryAfterMaxMs: number
}

type Reach = { dernierSucces: Date | null; dernierEchec: Date | null; derniereErreur: string | null }
type State = { overrides: Partial<N8nConfig>; simulator?: Promise<N8nSimulator>; reach: Reach }
const holder = globalThis as unknown as { __n8n?: State }
const state: State = (holder.__n8n ??= { overrides: {}, reach: { dernierSucces: null, dernierEchec: null, derniereErreur: null } })
state.reach ??= { dernierSucces: null, dernierEchec: null, derniereErreur: null }

function fromEnv(): Omit<N8nConfig, 'baseUrl' | 'apiKey' | 'callbackSecret'> & Partial<N8nConfig> {
  return {
    baseUrl: env.N8N_WEBHOOK_BASE_URL?.replace(/\/+$/, ''),
    apiKey: env.N8N_API_KEY,
    callbackSecret: env.N8N_CALLBACK_SECRET,
    apiKeyHeader: env.N8N_API_KEY_HEADER,
    appUrl: (env.APP_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, ''),
    timeoutMs: env.N8N_TIMEOUT_MS,
    redactionTimeoutMs: env.N8N_REDACTION_TIMEOUT_MS,
    retryLimit: env.N8N_RETRY_LIMIT,
    retryDelayMs: env.N8N_RETRY_DELAY_MS,
    retryFactor: env.N8N_RETRY_FACTOR,
    retryAfterMaxMs: env.N8N_RETRY_AFTER_MAX_MS,
  }
}

/** Points the client somewhere else (the built-in simulator, a test's simulator, a benchmark's settings). */
export function configureN8n(overrides: Partial<N8nConfig>) {
  state.overrides = { ...state.overrides, ...overrides }
}

/** Without N8N_WEBHOOK_BASE_URL the app runs its own simulator, with secrets generated for this process. */
function ensureSimulator() {
  state.simulator ??= (async () => {
    // Loaded only here: the simulator is not part of the production server bundle unless it runs.
    const { startN8nSimulator } = await import('./simulator.server')
    const apiKey = crypto.randomBytes(24).toString('base64url')
    // Derived from SESSION_SECRET so that npm run demo:contacts can post like n8n (issue 12).
    const callbackSecret = env.N8N_CALLBACK_SECRET ?? simulatorCallbackSecret()
    const sim = await startN8nSimulator({
      port: env.N8N_SIMULATOR_PORT,
      apiKey,
      apiKeyHeader: env.N8N_API_KEY_HEADER,
      callbackSecret,
      latencyMs: 250,
    })
    configureN8n({ baseUrl: sim.webhookBaseUrl, apiKey, callbackSecret })
    console.log(`n8n simulé : ${sim.webhookBaseUrl} (N8N_WEBHOOK_BASE_URL n’est pas défini)`)
    return sim
  })()
  return state.simulator
}

export async function n8nConfig(): Promise<N8nConfig> {
  const base = fromEnv()
  if (!env.N8N_WEBHOOK_BASE_URL && !state.overrides.baseUrl) await ensureSimulator()
  const config = { ...base, ...state.overrides }
  if (!config.baseUrl || !config.apiKey || !config.callbackSecret) {
    throw new Error('Configuration n8n incomplète : N8N_WEBHOOK_BASE_URL, N8N_API_KEY et N8N_CALLBACK_SECRET')
  }
  return config as N8nConfig
}

export async function callbackSecret() {
  return (await n8nConfig()).callbackSecret
}

export async function callbackUrl(actionId: string) {
  return `${(await n8nConfig()).appUrl}/api/n8n/actions/${actionId}`
}

/** Longest time one webhook call can take with every retry: beyond it, an action still EN_COURS was interrupted. */
export function retryBudgetMs(config: Pick<N8nConfig, 'timeoutMs' | 'retryLimit' | 'retryDelayMs' | 'retryFactor' | 'retryAfterMaxMs'> = { ...fromEnv(), ...state.overrides }) {
  let total = config.timeoutMs * 2 * (config.retryLimit + 1) // request + body read, per attempt
  for (let n = 1; n <= config.retryLimit; n++) {
    total += Math.max(config.retryDelayMs * config.retryFactor ** (n - 1), config.retryAfterMaxMs)
  }
  return total
}

export type FailureCause = 'injoignable' | 'delai' | 'introuvable' | 'secret' | 'workflow' | 'reponse_invalide' | 'refusee'

const SEVERITE: Record<FailureCause, Severite> = {
  // Nothing goes through until someone fixes the server or the configuration: critical.
  injoignable: 'CRITIQUE',
  introuvable: 'CRITIQUE',
  secret: 'CRITIQUE',
  delai: 'ERREUR',
  workflow: 'ERREUR',
  reponse_invalide: 'ERREUR',
  refusee: 'ERREUR',
}

type Meta = { httpStatus: number | null; attempts: number; durationMs: number }
export type N8nSuccess<T extends ActionType> = Meta &
  ({ ok: true; statut: 'TERMINEE'; resultat: ResultatFor[T] } | { ok: true; statut: 'EN_ATTENTE' })
export type N8nFailure = Meta & {
  ok: false
  cause: FailureCause
  /** A passing failure (unreachable, timeout, 408/429/5xx): worth trying again later with the same key. */
  retryable: boolean
  /** n8n's Retry-After, when it gave one. */
  retryAfterMs: number | null
  /** Short French reason, e.g. "délai dépassé". */
  raison: string
  /** The reason with its detail, e.g. "délai dépassé : pas de réponse en 10 s (4 tentatives)". */
  message: string
  severite: Severite
  stack?: string
}
export type N8nResult<T extends ActionType> = N8nSuccess<T> | N8nFailure

const RETRY_STATUS = [408, 429, 500, 502, 503, 504]

function plural(n: number, word: string) {
  return `${n} ${word}${n > 1 ? 's' : ''}`
}

function seconds(ms: number) {
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(ms / 1000)} s`
}

const RETRYABLE = new Set<FailureCause>(['injoignable', 'delai', 'workflow'])

function failure(cause: FailureCause, raison: string, detail: string, meta: Meta, error?: unknown, extra: { retryable?: boolean; retryAfterMs?: number | null } = {}): N8nFailure {
  return {
    ok: false,
    cause,
    retryable: extra.retryable ?? RETRYABLE.has(cause),
    retryAfterMs: extra.retryAfterMs ?? null,
    raison,
    message: `${raison} : ${detail} (${plural(meta.attempts, 'tentative')})`,
    severite: SEVERITE[cause],
    stack: error instanceof Error ? error.stack : undefined,
    ...meta,
  }
}

function networkDetail(error: unknown) {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  const code = cause?.code ?? ''
  if (code === 'ECONNREFUSED') return 'connexion refusée'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'nom d’hôte introuvable'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connexion interrompue'
  return cause?.message ?? (error instanceof Error ? error.message : String(error))
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
function parseRetryAfter(value: string | null): number | null {
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now())
}

/** The workflow's own words when its error branch answered JSON ({ erreur } or n8n's { message }). */
function errorDetail(text: string) {
  try {
    const json = JSON.parse(text) as { erreur?: unknown; message?: unknown }
    const said = typeof json.erreur === 'string' ? json.erreur : typeof json.message === 'string' ? json.message : null
    if (said) return said.slice(0, 300)
  } catch {
    // Not JSON: keep the raw text.
  }
  return text.slice(0, 300)
}

async function readText(response: Response, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      response.text(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(new Request(response.url || 'http://n8n'))), timeoutMs)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * POSTs the payload to the action's webhook: secret header, Idempotency-Key (the action id, also in the body),
 * a timeout per attempt, retries with exponential backoff on network errors, timeouts, 408/429/5xx (Retry-After
 * honoured, capped) and never on other 4xx. The answer is validated: a 200 with an empty or unexpected body
 * (what n8n sends when a "Respond to Webhook" workflow fails) is a failure. Never throws.
 */
export async function callWebhook<T extends ActionType>(type: T, actionId: string, payload: PayloadFor[T]): Promise<N8nResult<T>> {
  const result = await postWebhook(type, actionId, payload)
  // What this instance last saw of n8n (shown on /admin/systeme through the instance's heartbeat).
  if (result.ok || (result.httpStatus !== null && !result.retryable)) state.reach.dernierSucces = new Date()
  else if (result.retryable) Object.assign(state.reach, { dernierEchec: new Date(), derniereErreur: result.message })
  return result
}

/** When this process last reached n8n, and last failed to (unreachable, timeout, 5xx). */
export function n8nReachability() {
  return { ...state.reach }
}

type Sent = { ok: true; status: number; text: string; meta: (httpStatus: number | null) => Meta }
type Options = { timeoutMs?: (config: N8nConfig) => number; retryLimit?: number }

/** The HTTP part shared by every webhook: URL, headers, timeout, retries and the French reason of each failure. */
async function send(path: string, key: string, body: object, options: Options = {}): Promise<Sent | N8nFailure> {
  const started = performance.now()
  let attempts = 0
  const meta = (httpStatus: number | null): Meta => ({ httpStatus, attempts, durationMs: Math.round(performance.now() - started) })
  let config: N8nConfig
  try {
    config = await n8nConfig()
  } catch (error) {
    // A configuration problem: trying again will not fix it.
    return failure('injoignable', 'n8n injoignable', error instanceof Error ? error.message : String(error), meta(null), error, { retryable: false })
  }
  const timeoutMs = options.timeoutMs?.(config) ?? config.timeoutMs
  const url = `${config.baseUrl}/${path}`
  let response: Response
  try {
    attempts = 1
    response = await ky.post(url, {
      json: body,
      headers: { [config.apiKeyHeader]: config.apiKey, 'Idempotency-Key': key },
      timeout: timeoutMs,
      retry: {
        limit: options.retryLimit ?? config.retryLimit,
        methods: ['post'],
        statusCodes: RETRY_STATUS,
        afterStatusCodes: [429, 503],
        maxRetryAfter: config.retryAfterMaxMs,
        delay: (attempt) => config.retryDelayMs * config.retryFactor ** (attempt - 1),
        retryOnTimeout: true,
      },
      hooks: {
        beforeRetry: [
          ({ retryCount }) => {
            attempts = retryCount + 1
          },
        ],
      },
    })
  } catch (error) {
    if (error instanceof HTTPError) {
      const status = error.response.status
      const detail = errorDetail(await readText(error.response, timeoutMs).catch(() => ''))
      const m = meta(status)
      const retryAfterMs = parseRetryAfter(error.response.headers.get('Retry-After'))
      if (status === 404) return failure('introuvable', 'workflow inactif ou URL inconnue (404)', `POST ${path} n’est pas enregistré dans n8n`, m, error)
      if (status === 403) return failure('secret', 'secret n8n refusé (403)', `vérifiez N8N_API_KEY et l’en-tête ${config.apiKeyHeader}`, m, error)
      if (status >= 500) return failure('workflow', 'erreur dans le workflow', `HTTP ${status}${detail ? ` — ${detail}` : ''}`, m, error, { retryAfterMs })
      if (status === 408) return failure('delai', 'délai dépassé', 'n8n a répondu 408', m, error)
      // 429: n8n (or a proxy) asks to slow down: passing, like a 503.
      return failure('refusee', `requête refusée par n8n (${status})`, detail || `HTTP ${status}`, m, error, { retryable: status === 429, retryAfterMs })
    }
    if (error instanceof TimeoutError) {
      return failure('delai', 'délai dépassé', `pas de réponse en ${seconds(timeoutMs)}`, meta(null), error)
    }
    return failure('injoignable', 'n8n injoignable', networkDetail(error), meta(null), error)
  }

  const status = response.status
  try {
    return { ok: true, status, text: await readText(response, timeoutMs), meta }
  } catch (error) {
    return failure('delai', 'délai dépassé', `réponse incomplète après ${seconds(timeoutMs)}`, meta(status), error)
  }
}

/** The body as JSON, or the failure n8n's trap deserves (a 200 with an empty body when a workflow throws). */
function readJson(sent: Sent): { ok: true; json: unknown } | N8nFailure {
  const { status, text, meta } = sent
  if (text.trim() === '') return failure('reponse_invalide', 'réponse n8n invalide', `HTTP ${status} avec un corps vide (le workflow a probablement échoué)`, meta(status))
  try {
    return { ok: true, json: JSON.parse(text) }
  } catch (error) {
    return failure('reponse_invalide', 'réponse n8n invalide', `HTTP ${status}, JSON illisible : ${text.slice(0, 120)}`, meta(status), error)
  }
}

async function postWebhook<T extends ActionType>(type: T, actionId: string, payload: PayloadFor[T]): Promise<N8nResult<T>> {
  const sent = await send(WEBHOOKS[type], actionId, { ...payload, idempotencyKey: actionId })
  if (!sent.ok) return sent
  const { status, meta } = sent
  if (status === 202 && sent.text.trim() === '') return { ok: true, statut: 'EN_ATTENTE', ...meta(status) }
  const read = readJson(sent)
  if (!read.ok) return read
  const answer = answerSchema.safeParse(read.json)
  if (!answer.success) {
    return failure('reponse_invalide', 'réponse n8n invalide', `HTTP ${status} : ${answer.error.issues.map((i) => `${i.path.join('.') || 'corps'} ${i.message}`).join(' ; ')}`, meta(status))
  }
  if (answer.data.statut === 'EN_ATTENTE') return { ok: true, statut: 'EN_ATTENTE', ...meta(status) }
  const resultat = resultatSchemas[type].safeParse(answer.data.resultat)
  if (!resultat.success) {
    return failure('reponse_invalide', 'réponse n8n invalide', `resultat : ${resultat.error.issues.map((i) => `${i.path.join('.') || 'resultat'} ${i.message}`).join(' ; ')}`, meta(status))
  }
  return { ok: true, statut: 'TERMINEE', resultat: resultat.data as ResultatFor[T], ...meta(status) }
}

export type RedactionResult = (Meta & { ok: true; redaction: Redaction }) | N8nFailure

/**
 * Asks n8n's writing assistant for a draft (`prospect/rediger-email`) while the admin waits: one attempt, a short
 * timeout (N8N_REDACTION_TIMEOUT_MS), the answer validated like every other. Never throws: on any failure the
 * caller writes the draft from the school's own templates.
 */
export async function callRedaction(payload: Omit<RedigerEmailPayload, 'idempotencyKey'>): Promise<RedactionResult> {
  const key = crypto.randomUUID()
  const sent = await send(REDIGER_EMAIL_WEBHOOK, key, { ...payload, idempotencyKey: key }, { timeoutMs: (config) => config.redactionTimeoutMs, retryLimit: 0 })
  const result = await (async (): Promise<RedactionResult> => {
    if (!sent.ok) return sent
    const read = readJson(sent)
    if (!read.ok) return read
    const meta = sent.meta(sent.status)
    if (sent.status !== 200) return failure('reponse_invalide', 'réponse n8n invalide', `HTTP ${sent.status} au lieu de 200`, meta)
    const redaction = redactionSchema.safeParse(read.json)
    if (!redaction.success) {
      return failure('reponse_invalide', 'réponse n8n invalide', `HTTP 200 : ${redaction.error.issues.map((i) => `${i.path.join('.') || 'corps'} ${i.message}`).join(' ; ')}`, meta)
    }
    return { ok: true, redaction: redaction.data, ...meta }
  })()
  if (result.ok || (result.httpStatus !== null && !result.retryable)) state.reach.dernierSucces = new Date()
  else if (result.retryable) Object.assign(state.reach, { dernierEchec: new Date(), derniereErreur: result.message })
  return result
}

/** Constant-time comparison of the callback secret (hashes first, so lengths never leak). */
export async function isValidCallbackSecret(given: string | null) {
  if (!given) return false
  const expected = crypto.createHash('sha256').update(await callbackSecret()).digest()
  const actual = crypto.createHash('sha256').update(given).digest()
  return crypto.timingSafeEqual(expected, actual)
}

onBoot({
  name: 'simulateur n8n',
  start: async () => {
    if (env.n8nSimulated) await ensureSimulator()
  },
  stop: async () => {
    const sim = await state.simulator
    state.simulator = undefined
    await sim?.stop()
  },
})
