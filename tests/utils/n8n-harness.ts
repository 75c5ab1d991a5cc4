// An n8n for integration tests: the app's simulator as a real HTTP server on a free port, plus a small HTTP server
// that hands n8n's callbacks to the real callback route, so both directions go over real HTTP.
// Usage: const n8n = await startTestN8n(); … n8n.sim.setFault('GENERER_DEVIS', { kind: 'hang' }) … await n8n.stop()
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { configureN8n, n8nConfig } from '~/n8n/client.server'
import { startN8nSimulator, type N8nSimulator, type SimulatorOptions } from '~/n8n/simulator.server'

export type TestN8n = {
  sim: N8nSimulator
  apiKey: string
  callbackSecret: string
  /** Base URL of the callback server (the app side). */
  appUrl: string
  /** Waits until every scheduled callback has been delivered and handled. */
  idle(): Promise<void>
  stop(): Promise<void>
}

export async function startTestN8n(options: Partial<SimulatorOptions> = {}): Promise<TestN8n> {
  const { action } = await import('~/routes/api.n8n.actions.$actionId')
  const apiKey = crypto.randomBytes(16).toString('hex')
  const callbackSecret = crypto.randomBytes(16).toString('hex')
  const inFlight = new Set<Promise<unknown>>()

  const app = http.createServer((req, res) => {
    const work = (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const match = url.pathname.match(/^\/api\/n8n\/actions\/([^/]+)$/)
      if (!match) return res.writeHead(404).end()
      const headers = new Headers()
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v)
      const request = new Request(url, {
        method: req.method,
        headers,
        body: req.method === 'POST' ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: 'half',
      } as RequestInit)
      let response: Response
      try {
        response = (await action({ request, params: { actionId: decodeURIComponent(match[1]) }, context: {} })) as Response
      } catch (error) {
        if (!(error instanceof Response)) throw error
        response = error
      }
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    })()
    inFlight.add(work)
    work.catch((error) => {
      console.error('[test n8n] rappel en erreur', error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    }).finally(() => inFlight.delete(work))
  })
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`

  const sim = await startN8nSimulator({ apiKey, callbackSecret, latencyMs: 0, ...options })
  configureN8n({ baseUrl: sim.webhookBaseUrl, apiKey, callbackSecret, appUrl })
  // The actions' job engine (a real pg-boss on the test database), started now: the first action of a file does
  // not pay for its start within the page's wait.
  const { actionEngine } = await import('~/prospects/actions/engine.server')
  await actionEngine()

  const idle = async () => {
    await sim.idle()
    while (inFlight.size) await Promise.allSettled([...inFlight])
  }
  return {
    sim,
    apiKey,
    callbackSecret,
    appUrl,
    idle,
    async stop() {
      await idle()
      await sim.stop()
      await new Promise<void>((resolve) => app.close(() => resolve()))
    },
  }
}

/**
 * One test n8n for the whole file, reset after each test: callbacks settled, faults and recorded requests cleared,
 * the client's configuration (which a test may change) back to the harness's.
 */
export function useTestN8n(options: Partial<SimulatorOptions> = {}): TestN8n {
  let current: TestN8n | undefined
  let defaults: Awaited<ReturnType<typeof n8nConfig>>
  beforeAll(async () => {
    current = await startTestN8n(options)
    defaults = await n8nConfig()
  })
  afterEach(async () => {
    await current!.idle()
    current!.sim.clearFaults()
    current!.sim.requests.length = 0
    configureN8n(defaults)
  })
  afterAll(() => current?.stop())
  const started = () => {
    if (!current) throw new Error('le n8n de test n’est pas encore démarré (utilisez-le dans un test)')
    return current
  }
  return {
    get sim() { return started().sim },
    get apiKey() { return started().apiKey },
    get callbackSecret() { return started().callbackSecret },
    get appUrl() { return started().appUrl },
    idle: () => started().idle(),
    stop: () => started().stop(),
  }
}
