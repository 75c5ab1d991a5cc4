// The n8n client against the simulator over real HTTP: headers, idempotency, retries, and one French reason per
// failure class. Also checks that the simulator speaks n8n's real contract.
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { callWebhook, configureN8n, n8nConfig } from '~/n8n/client.server'
import type { PayloadFor } from '~/n8n/contract'
import { startTestN8n, type TestN8n } from '../utils/n8n-harness'

let n8n: TestN8n
let defaults: Awaited<ReturnType<typeof n8nConfig>>

beforeAll(async () => {
  n8n = await startTestN8n({ callbackAfterSync: false })
  // The client's own quick retries, 3 here to see their schedule (the app makes one: N8N_RETRY_LIMIT).
  defaults = { ...(await n8nConfig()), retryLimit: 3 }
  configureN8n(defaults)
})
afterEach(() => {
  n8n.sim.clearFaults()
  n8n.sim.requests.length = 0
  configureN8n(defaults)
})
afterAll(() => n8n.stop())

function devisPayload(actionId = crypto.randomUUID()): PayloadFor['GENERER_DEVIS'] {
  return {
    idempotencyKey: actionId,
    actionId,
    callbackUrl: `${n8n.appUrl}/api/n8n/actions/${actionId}`,
    demandePar: 'Claire Admin',
    prospect: { id: 'PROS_000001', prenom: 'Marie', nom: 'Dumitru', email: 'marie.dumitru@gmail.com', telephone: null, ville: 'Paris' },
    formation: { id: 'SERTISSAGE', nom: 'Sertissage', prixEuros: 5400, dureeHeures: 420 },
    modeFinancement: 'CPF',
    devis: { nomFichier: 'Devis DUMITRU Marie.pdf' },
  }
}

function emailPayload(actionId = crypto.randomUUID()): PayloadFor['ENVOYER_EMAIL'] {
  const { formation: _f, modeFinancement: _m, devis: _d, ...common } = devisPayload(actionId)
  return { ...common, destinataire: 'marie.dumitru@gmail.com', typeEmail: 'relance', sujet: 'Votre projet de formation Sertissage', corps: 'Bonjour Marie,\n\nOù en est votre projet ?', formation: { id: 'SERTISSAGE', nom: 'Sertissage' } }
}

describe('client n8n : requête', () => {
  it('envoie le secret, la clé d’idempotence (en-tête et corps) et du JSON ; valide la réponse', async () => {
    const actionId = crypto.randomUUID()
    const result = await callWebhook('ENVOYER_EMAIL', actionId, emailPayload(actionId))
    expect(result).toMatchObject({ ok: true, statut: 'TERMINEE', httpStatus: 200, attempts: 1 })
    if (!result.ok || result.statut !== 'TERMINEE') throw new Error('attendu : TERMINEE')
    expect(result.resultat).toMatchObject({ sujet: 'Votre projet de formation Sertissage', corps: 'Bonjour Marie,\n\nOù en est votre projet ?' })
    const [req] = n8n.sim.requests
    expect(req.path).toBe('prospect/envoyer-email')
    expect(req.headers['x-n8n-api-key']).toBe(n8n.apiKey)
    expect(req.headers['content-type']).toMatch(/application\/json/)
    expect(req.idempotencyKey).toBe(actionId)
    expect((req.body as { idempotencyKey: string }).idempotencyKey).toBe(actionId)
  })

  it('utilise l’en-tête de secret configuré', async () => {
    const custom = await startTestN8n({ apiKeyHeader: 'X-Ecole-Secret' })
    configureN8n({ apiKeyHeader: 'X-Ecole-Secret' })
    try {
      const result = await callWebhook('ENVOYER_EMAIL', crypto.randomUUID(), emailPayload())
      expect(result.ok).toBe(true)
      expect(custom.sim.requests[0].headers['x-ecole-secret']).toBe(custom.apiKey)
    } finally {
      await custom.stop()
    }
  })

  it('202 : l’action attend le rappel', async () => {
    const result = await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())
    expect(result).toMatchObject({ ok: true, statut: 'EN_ATTENTE', httpStatus: 202 })
  })
})

describe('client n8n : reprises', () => {
  it('réessaie les 5xx avec la même clé et le même corps, puis réussit', async () => {
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'http5xx', status: 502, times: 2 })
    const actionId = crypto.randomUUID()
    const result = await callWebhook('ENVOYER_EMAIL', actionId, emailPayload(actionId))
    expect(result).toMatchObject({ ok: true, attempts: 3, httpStatus: 200 })
    expect(n8n.sim.requests.map((r) => r.status)).toEqual([502, 502, 200])
    expect(new Set(n8n.sim.requests.map((r) => r.idempotencyKey))).toEqual(new Set([actionId]))
    expect(new Set(n8n.sim.requests.map((r) => JSON.stringify(r.body))).size).toBe(1)
  })

  it('attend selon un délai exponentiel (base × facteur^(n−1))', async () => {
    configureN8n({ retryDelayMs: 60, retryFactor: 2 })
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'http5xx', times: 3 })
    const t0 = performance.now()
    const result = await callWebhook('ENVOYER_EMAIL', crypto.randomUUID(), emailPayload())
    expect(result).toMatchObject({ ok: true, attempts: 4 })
    // 60 + 120 + 240 ms of waiting at least.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400)
  })

  it('respecte Retry-After (429 et 503) en le plafonnant', async () => {
    configureN8n({ retryAfterMaxMs: 250 })
    for (const status of [429, 503] as const) {
      n8n.sim.requests.length = 0
      n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'retryAfter', status, seconds: 30, times: 1 })
      const t0 = performance.now()
      const result = await callWebhook('ENVOYER_EMAIL', crypto.randomUUID(), emailPayload())
      const elapsed = performance.now() - t0
      expect(result).toMatchObject({ ok: true, attempts: 2 })
      expect(n8n.sim.requests.map((r) => r.status)).toEqual([status, 200])
      expect(elapsed).toBeGreaterThanOrEqual(240)
      expect(elapsed).toBeLessThan(5_000)
    }
  })

  it('ne réessaie jamais 400, 401, 403, 404, 422', async () => {
    for (const status of [400, 401, 422] as const) {
      n8n.sim.requests.length = 0
      n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'rejected', status })
      const result = await callWebhook('ENVOYER_EMAIL', crypto.randomUUID(), emailPayload())
      expect(result).toMatchObject({ ok: false, cause: 'refusee', httpStatus: status, attempts: 1, raison: `requête refusée par n8n (${status})` })
      if (!result.ok) expect(result.message).toBe(`requête refusée par n8n (${status}) : Requête refusée par le workflow (1 tentative)`)
      expect(n8n.sim.requests).toHaveLength(1)
    }
    for (const kind of ['forbidden', 'notRegistered'] as const) {
      n8n.sim.requests.length = 0
      n8n.sim.setFault('ENVOYER_EMAIL', { kind })
      const result = await callWebhook('ENVOYER_EMAIL', crypto.randomUUID(), emailPayload())
      expect(result.attempts).toBe(1)
      expect(n8n.sim.requests).toHaveLength(1)
    }
  })
})

describe('client n8n : ce qui vaut un nouvel essai plus tard', () => {
  it('429 avec Retry-After : à réessayer, après le délai demandé ; 400 : non', async () => {
    configureN8n({ retryLimit: 0 })
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'retryAfter', status: 429, seconds: 120, times: 1 })
    expect(await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000, httpStatus: 429 })
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'rejected', status: 400 })
    expect(await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())).toMatchObject({ ok: false, retryable: false, retryAfterMs: null, httpStatus: 400 })
  })
})

describe('client n8n : une raison française par classe d’échec', () => {
  const cases = [
    { fault: { kind: 'down' } as const, cause: 'injoignable', raison: 'n8n injoignable', severite: 'CRITIQUE', attempts: 4 },
    { fault: { kind: 'hang' } as const, cause: 'delai', raison: 'délai dépassé', severite: 'ERREUR', attempts: 4 },
    { fault: { kind: 'notRegistered' } as const, cause: 'introuvable', raison: 'workflow inactif ou URL inconnue (404)', severite: 'CRITIQUE', attempts: 1 },
    { fault: { kind: 'forbidden' } as const, cause: 'secret', raison: 'secret n8n refusé (403)', severite: 'CRITIQUE', attempts: 1 },
    { fault: { kind: 'http5xx', times: 99 } as const, cause: 'workflow', raison: 'erreur dans le workflow', severite: 'ERREUR', attempts: 4 },
    { fault: { kind: 'emptyOk' } as const, cause: 'reponse_invalide', raison: 'réponse n8n invalide', severite: 'ERREUR', attempts: 1 },
    { fault: { kind: 'invalidJson' } as const, cause: 'reponse_invalide', raison: 'réponse n8n invalide', severite: 'ERREUR', attempts: 1 },
    {
      fault: { kind: 'custom', status: 200, body: JSON.stringify({ statut: 'TERMINEE', resultat: { devisUrl: 'javascript:alert(1)' } }) } as const,
      cause: 'reponse_invalide',
      raison: 'réponse n8n invalide',
      severite: 'ERREUR',
      attempts: 1,
    },
    { fault: { kind: 'rejected', status: 422 } as const, cause: 'refusee', raison: 'requête refusée par n8n (422)', severite: 'ERREUR', attempts: 1 },
  ]
  for (const c of cases) {
    it(`${c.fault.kind} → « ${c.raison} »`, async () => {
      // A tight timeout only where the answer never comes: on a loaded machine a quick answer can take over 150 ms.
      configureN8n({ timeoutMs: c.fault.kind === 'hang' ? 150 : 5_000 })
      n8n.sim.setFault('GENERER_DEVIS', c.fault)
      const result = await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())
      expect(result).toMatchObject({ ok: false, cause: c.cause, raison: c.raison, severite: c.severite, attempts: c.attempts })
      if (result.ok) throw new Error('échec attendu')
      // Passing failures go back to the job engine for a later attempt; the others fail the action at once.
      expect(result.retryable).toBe(['injoignable', 'delai', 'workflow'].includes(c.cause))
      expect(result.message.startsWith(`${c.raison} : `)).toBe(true)
      expect(result.message).toMatch(/tentatives?\)$/)
    })
  }

  it('un port fermé → « n8n injoignable : connexion refusée »', async () => {
    const server = http.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    await new Promise<void>((resolve) => server.close(() => resolve()))
    configureN8n({ baseUrl: `http://127.0.0.1:${port}/webhook` })
    const result = await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())
    expect(result).toMatchObject({ ok: false, cause: 'injoignable', attempts: 4 })
    if (!result.ok) expect(result.message).toMatch(/^n8n injoignable : connexion refusée \(4 tentatives\)$/)
  })

  it('l’erreur que la branche d’erreur du workflow renvoie figure dans le message', async () => {
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'custom', status: 502, body: JSON.stringify({ statut: 'ECHEC', erreur: 'Modèle de devis introuvable' }) })
    const result = await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())
    expect(result).toMatchObject({ ok: false, cause: 'workflow', httpStatus: 502, attempts: 4 })
    if (!result.ok) expect(result.message).toBe('erreur dans le workflow : HTTP 502 — Modèle de devis introuvable (4 tentatives)')
  })

  it('un mauvais secret → 403 du simulateur, « secret n8n refusé (403) »', async () => {
    configureN8n({ apiKey: 'mauvais-secret' })
    const result = await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())
    expect(result).toMatchObject({ ok: false, cause: 'secret', httpStatus: 403, attempts: 1 })
  })
})

describe('le simulateur parle le contrat réel de n8n', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${n8n.sim.webhookBaseUrl}/${path}`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } })

  it('403 texte sans le secret, 404 JSON pour un chemin inconnu ou un GET, 422 pour un corps non JSON', async () => {
    const forbidden = await post('prospect/generer-devis', '{}')
    expect(forbidden.status).toBe(403)
    expect(await forbidden.text()).toBe('Authorization data is wrong!')

    const unknown = await post('prospect/inconnu', '{}', { 'X-N8N-API-KEY': n8n.apiKey })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ code: 404, message: 'The requested webhook "POST prospect/inconnu" is not registered.' })

    const get = await fetch(`${n8n.sim.webhookBaseUrl}/prospect/generer-devis`)
    expect(get.status).toBe(404)

    const notJson = await post('prospect/generer-devis', 'pas du json', { 'X-N8N-API-KEY': n8n.apiKey })
    expect(notJson.status).toBe(422)
    expect(await notJson.json()).toMatchObject({ code: 422, message: 'Failed to parse request body' })
  })

  it('rejoue le même résultat pour la même clé d’idempotence', async () => {
    configureN8n({})
    n8n.sim.setMode('GENERER_DEVIS', 'sync')
    try {
      const actionId = crypto.randomUUID()
      const a = await callWebhook('GENERER_DEVIS', actionId, devisPayload(actionId))
      const b = await callWebhook('GENERER_DEVIS', actionId, devisPayload(actionId))
      const c = await callWebhook('GENERER_DEVIS', crypto.randomUUID(), devisPayload())
      if (!a.ok || !b.ok || !c.ok || a.statut !== 'TERMINEE' || b.statut !== 'TERMINEE' || c.statut !== 'TERMINEE') throw new Error('TERMINEE attendu')
      expect(b.resultat.devisUrl).toBe(a.resultat.devisUrl)
      expect(c.resultat.devisUrl).not.toBe(a.resultat.devisUrl)
    } finally {
      n8n.sim.setMode('GENERER_DEVIS', 'async')
    }
  })
})
