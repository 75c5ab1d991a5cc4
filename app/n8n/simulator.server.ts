// A local stand-in for n8n, on 127.0.0.1, speaking the real webhook contract (see STACK.md): 403 text for a wrong
// secret, 404 "not registered" JSON for an unknown path, 422 for a body that is not JSON, 400 for a request the
// shipped workflows would refuse (the same schemas, from contract.ts), their JSON answers, and a callback to the app
// with X-Callback-Secret. Loaded only when the app runs without N8N_WEBHOOK_BASE_URL (a dynamic import, so it stays
// out of the server bundle), and by the tests with fault modes set per path.
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import {
  CALLBACK_SECRET_HEADER,
  REDIGER_EMAIL_WEBHOOK,
  requestRefusal,
  WEBHOOKS,
  type ActionType,
  type PayloadFor,
  type Redaction,
  type ResultatFor,
  type RedigerEmailPayload,
  type WebhookName,
} from './contract'

export type SimulatorFault =
  /** The connection is closed without an answer (n8n down or a proxy dropping it). */
  | { kind: 'down' }
  /** HTTP 5xx `times` times, then the normal answer. */
  | { kind: 'http5xx'; status?: 500 | 502 | 503 | 504; times: number }
  /** 429/503 with Retry-After `seconds`, `times` times, then the normal answer. */
  | { kind: 'retryAfter'; status?: 429 | 503; seconds: number; times: number }
  /** The normal answer after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** Never answers (the socket stays open). */
  | { kind: 'hang' }
  /** 404 "not registered": the workflow is inactive or the path is wrong. */
  | { kind: 'notRegistered' }
  /** 403 as if the secret were wrong. */
  | { kind: 'forbidden' }
  /** 200 with an empty body: what n8n sends when a responseNode workflow throws. */
  | { kind: 'emptyOk' }
  /** 200 with a body that is not JSON. */
  | { kind: 'invalidJson' }
  /** Any answer, e.g. a Respond to Webhook node misconfigured by hand. */
  | { kind: 'custom'; status: number; body: string }
  /** 4xx chosen by the workflow's error branch. */
  | { kind: 'rejected'; status: 400 | 401 | 409 | 422 }
  /** 202, then the callback never comes. */
  | { kind: 'callbackLost' }
  /** 202, then the same callback twice. */
  | { kind: 'callbackDuplicated' }
  /** 202, then a callback with statut ECHEC. */
  | { kind: 'callbackEchec'; erreur: string }

export type SimulatorRequest = {
  path: string
  method: string
  idempotencyKey: string | null
  headers: http.IncomingHttpHeaders
  body: unknown
  status: number
  /** Time the simulator itself spent on the request (its latency and faults included). */
  handledMs: number
  /** When it arrived (epoch ms). */
  receivedAt: number
}

export type SimulatorOptions = {
  port?: number
  apiKey: string
  apiKeyHeader?: string
  callbackSecret: string
  /** Work time of every webhook before it answers (the real n8n: 45–90 ms here). */
  latencyMs?: number
  /** How each webhook answers by default: sync = 200 with the result, async = 202 then a callback. */
  modes?: Partial<Record<ActionType, 'sync' | 'async'>>
  /** Also post the callback after a 200, as the shipped workflows do (the app ignores the duplicate). */
  callbackAfterSync?: boolean
  /** Delay between the answer and the callback. */
  callbackDelayMs?: number
}

export type N8nSimulator = {
  /** e.g. http://127.0.0.1:41234/webhook */
  webhookBaseUrl: string
  port: number
  requests: SimulatorRequest[]
  setFault(type: WebhookName | '*', fault: SimulatorFault): void
  clearFaults(): void
  setMode(type: ActionType, mode: 'sync' | 'async'): void
  /** Resolves when no callback is waiting or in flight. */
  idle(): Promise<void>
  stop(): Promise<void>
}

const TYPE_BY_PATH = new Map<string, WebhookName>([...Object.entries(WEBHOOKS).map(([type, path]) => [path, type as ActionType] as const), [REDIGER_EMAIL_WEBHOOK, 'REDIGER_EMAIL']])
const DEFAULT_MODES: Record<ActionType, 'sync' | 'async'> = {
  CONVERTIR_CANDIDAT: 'sync',
  ENVOYER_DOSSIER: 'sync',
  // Filling the quote template and exporting the PDF is the slow one: the workflow answers 202 and calls back.
  GENERER_DEVIS: 'async',
  ENVOYER_EMAIL: 'sync',
}

const EMAIL_SUJETS = {
  relance: (formation: string) => `Relance : votre projet de formation ${formation}`,
  information: (formation: string) => `Informations sur la formation ${formation}`,
  commercial: (formation: string) => `Offre spéciale : formation ${formation}`,
}

function token(seed: string, length = 16) {
  return crypto.createHash('sha256').update(seed).digest('base64url').slice(0, length)
}

/** What the shipped workflows produce, deterministic per idempotency key so a replay finds the same folder. */
function simulateResult(type: ActionType, payload: Record<string, unknown>): ResultatFor[ActionType] {
  const key = String(payload.idempotencyKey)
  if (type === 'CONVERTIR_CANDIDAT') {
    const p = payload as unknown as PayloadFor['CONVERTIR_CANDIDAT']
    const id = `sim_${token(key, 20)}`
    return { driveFolderId: id, driveFolderUrl: `https://drive.google.com/drive/folders/${id}`, sousDossiers: p.dossierDrive.sousDossiers }
  }
  if (type === 'ENVOYER_DOSSIER') {
    const p = payload as unknown as PayloadFor['ENVOYER_DOSSIER']
    return {
      formulaireUrl: `https://formulaires.ecole-bijouterie.fr/candidature/${token(key, 24)}`,
      messageId: `<sim-${token(key, 12)}@ecole-bijouterie.fr>`,
      sujet: `Votre dossier de candidature${p.formation ? ` — ${p.formation.nom}` : ''}`,
    }
  }
  if (type === 'GENERER_DEVIS') {
    const id = `sim_${token(key, 24)}`
    return { devisUrl: `https://drive.google.com/file/d/${id}/view`, documentId: id }
  }
  // The send workflow writes nothing: it sends the admin's sujet and corps and echoes them.
  const p = payload as unknown as PayloadFor['ENVOYER_EMAIL']
  return { messageId: `<sim-${token(key, 12)}@ecole-bijouterie.fr>`, sujet: p.sujet, corps: p.corps }
}

/**
 * The draft of n8n/workflows/rediger-email.json (its "Rédiger depuis les modèles" node, AI node disabled), line for
 * line: tests/integration/contract-requests.test.ts runs the workflow's own code and compares.
 */
export function simulateRedaction(demande: RedigerEmailPayload, parametres = { ecoleNom: 'École de bijouterie-joaillerie', signature: 'L’équipe pédagogique' }): Redaction {
  const formation = demande.formation ? demande.formation.nom : 'de bijouterie'
  const dernier = (demande.historique ?? []).find((h) => h.direction === 'ENTRANT')
  const rappel = dernier ? 'Merci pour votre message « ' + dernier.sujet + ' ». ' : ''
  const modeles = {
    relance: {
      sujet: 'Votre projet de formation ' + formation,
      texte: rappel + 'Nous revenons vers vous au sujet de votre projet de formation ' + formation + '. Où en est votre réflexion ? Nous serions heureux d’en parler avec vous, par email ou par téléphone.',
    },
    information: {
      sujet: 'La formation ' + formation + ' : programme, calendrier et financements',
      texte: rappel + 'Voici les informations sur la formation ' + formation + ' : son programme, les dates des prochaines sessions et les financements possibles (CPF, OPCO, France Travail). Nous répondrons volontiers à vos questions.',
    },
    commercial: {
      sujet: 'Formation ' + formation + ' : conditions d’inscription',
      texte: rappel + 'Pour la prochaine session de la formation ' + formation + ', ' + parametres.ecoleNom + ' propose des conditions d’inscription avantageuses. Répondez à cet email pour en bénéficier.',
    },
  }
  const modele = modeles[demande.typeEmail]
  return { sujet: modele.sujet, corps: ['Bonjour ' + demande.prospect.prenom + ',', modele.texte, 'Bien à vous,\n' + parametres.signature].join('\n\n') }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function startN8nSimulator(options: SimulatorOptions): Promise<N8nSimulator> {
  const apiKeyHeader = (options.apiKeyHeader ?? 'X-N8N-API-KEY').toLowerCase()
  const latencyMs = options.latencyMs ?? 0
  const callbackDelayMs = options.callbackDelayMs ?? latencyMs
  const callbackAfterSync = options.callbackAfterSync ?? true
  const modes = { ...DEFAULT_MODES, ...options.modes }
  const faults = new Map<string, SimulatorFault & { used?: number }>()
  const requests: SimulatorRequest[] = []
  const sockets = new Set<Socket>()
  const results = new Map<string, ResultatFor[ActionType]>()
  const pending = new Set<Promise<void>>()
  let stopped = false

  function track(work: Promise<void>) {
    pending.add(work)
    void work.finally(() => pending.delete(work))
  }

  async function postCallback(url: string, body: unknown) {
    // Like n8n's HTTP Request node with "retry on fail": a few tries, then the workflow gives up.
    for (let attempt = 1; attempt <= 3 && !stopped; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [CALLBACK_SECRET_HEADER]: options.callbackSecret },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        })
        await res.arrayBuffer()
        if (res.status < 500) return
      } catch {
        // The app may be restarting: try again.
      }
      await sleep(100 * attempt)
    }
  }

  function scheduleCallback(url: string, body: unknown, times = 1) {
    track(
      (async () => {
        await sleep(callbackDelayMs)
        for (let i = 0; i < times && !stopped; i++) await postCallback(url, body)
      })(),
    )
  }

  const server = http.createServer(async (req, res) => {
    const started = performance.now()
    const receivedAt = Date.now()
    const url = new URL(req.url ?? '/', 'http://simulateur')
    const path = url.pathname.replace(/^\/webhook\//, '')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const entry: SimulatorRequest = {
      path,
      method: req.method ?? 'GET',
      idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
      headers: req.headers,
      body: raw,
      status: 0,
      handledMs: 0,
      receivedAt,
    }
    requests.push(entry)
    const send = (status: number, body: string, type = 'application/json; charset=utf-8', headers: Record<string, string> = {}) => {
      entry.status = status
      entry.handledMs = performance.now() - started
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers })
      res.end(body)
    }

    const type = TYPE_BY_PATH.get(path)
    const fault = type ? (faults.get(type) ?? faults.get('*')) : undefined
    if (!url.pathname.startsWith('/webhook/') || !type || req.method !== 'POST' || fault?.kind === 'notRegistered') {
      return send(
        404,
        JSON.stringify({
          code: 404,
          message: `The requested webhook "${req.method} ${path}" is not registered.`,
          hint: 'The workflow must be active for a production URL to run successfully. You can activate the workflow using the toggle in the top-right of the editor.',
        }),
      )
    }
    if (req.headers[apiKeyHeader] !== options.apiKey || fault?.kind === 'forbidden') {
      return send(403, 'Authorization data is wrong!', 'text/plain; charset=utf-8')
    }
    let body: unknown
    try {
      body = JSON.parse(raw)
      entry.body = body
    } catch {
      return send(422, JSON.stringify({ code: 422, message: 'Failed to parse request body', hint: 'Check the request body' }))
    }

    if (fault?.kind === 'down') {
      entry.handledMs = performance.now() - started
      return req.socket.destroy()
    }
    if (fault?.kind === 'hang') return
    if (fault?.kind === 'http5xx' || fault?.kind === 'retryAfter') {
      fault.used = (fault.used ?? 0) + 1
      if (fault.used <= fault.times) {
        if (fault.kind === 'http5xx') return send(fault.status ?? 500, JSON.stringify({ message: 'Error in workflow' }))
        return send(fault.status ?? 503, JSON.stringify({ message: 'Service temporarily unavailable' }), undefined, { 'Retry-After': String(fault.seconds) })
      }
    }
    await sleep(fault?.kind === 'slow' ? fault.delayMs : latencyMs)
    if (stopped) return
    // The workflows' "Valider la demande" node: a request they refuse is refused here too, so a regression in what
    // the app sends fails the tests.
    const refusal = requestRefusal(type, body)
    if (refusal) return send(400, JSON.stringify({ statut: 'ECHEC', erreur: refusal }))
    const request = body as Record<string, unknown> & { idempotencyKey: string; callbackUrl: string }
    if (fault?.kind === 'emptyOk') return send(200, '')
    if (fault?.kind === 'invalidJson') return send(200, '{"statut": "TERMINEE", "resultat": {"driveFol')
    if (fault?.kind === 'custom') return send(fault.status, fault.body)
    if (fault?.kind === 'rejected') return send(fault.status, JSON.stringify({ message: 'Requête refusée par le workflow' }))
    // The draft: answered at once, nothing remembered, no callback.
    if (type === 'REDIGER_EMAIL') return send(200, JSON.stringify(simulateRedaction(body as RedigerEmailPayload)))

    const key = request.idempotencyKey
    const resultat = results.get(key) ?? simulateResult(type, request)
    results.set(key, resultat)
    const callbackKinds = ['callbackLost', 'callbackDuplicated', 'callbackEchec']
    const async = modes[type] === 'async' || (fault !== undefined && callbackKinds.includes(fault.kind))
    if (!async) {
      send(200, JSON.stringify({ statut: 'TERMINEE', resultat }))
      if (callbackAfterSync) scheduleCallback(request.callbackUrl, { statut: 'TERMINEE', resultat })
      return
    }
    send(202, JSON.stringify({ statut: 'EN_ATTENTE', message: 'Traitement en cours ; le résultat sera envoyé par rappel.' }))
    if (fault?.kind === 'callbackLost') return
    if (fault?.kind === 'callbackEchec') return scheduleCallback(request.callbackUrl, { statut: 'ECHEC', erreur: fault.erreur })
    scheduleCallback(request.callbackUrl, { statut: 'TERMINEE', resultat }, fault?.kind === 'callbackDuplicated' ? 2 : 1)
  })
  server.keepAliveTimeout = 5_000
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port

  return {
    webhookBaseUrl: `http://127.0.0.1:${port}/webhook`,
    port,
    requests,
    setFault(type, fault) {
      faults.set(type, { ...fault })
    },
    clearFaults() {
      faults.clear()
    },
    setMode(type, mode) {
      modes[type] = mode
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending])
    },
    async stop() {
      stopped = true
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await Promise.allSettled([...pending])
    },
  }
}
