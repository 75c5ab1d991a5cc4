// Small HTTP helpers of the real-n8n test: free ports, a stand-in for the app's callback route, and a cookie-keeping
// client that posts forms the way a browser without JavaScript does.
import http from 'node:http'
import net from 'node:net'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

// ---- a local stand-in for the app's callback route, for the direct contract checks ----
export type Received = { path: string; secret: string | undefined; body: unknown; at: number }
export async function startReceiver() {
  const received: Received[] = []
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      let body: unknown = raw
      try {
        body = JSON.parse(raw)
      } catch {
        // kept as text: the check reports it
      }
      received.push({ path: req.url ?? '', secret: req.headers['x-callback-secret'] as string | undefined, body, at: Date.now() })
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"statut":"TERMINEE"}')
    })
  })
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
  return {
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    url: (key: string) => `http://127.0.0.1:${port}/api/n8n/actions/${key}`,
    async waitFor(key: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const hit = received.find((r) => r.path.endsWith(`/${key}`))
        if (hit) return hit
        await sleep(50)
      }
      throw new Error(`aucun rappel reçu pour ${key} en ${timeoutMs / 1000} s`)
    },
    count: (key: string) => received.filter((r) => r.path.endsWith(`/${key}`)).length,
  }
}

export class Browser {
  private cookies = new Map<string, string>()
  constructor(readonly baseUrl: string) {}

  async request(pathname: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(`${this.baseUrl}${pathname}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        Cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form) : undefined,
      signal: AbortSignal.timeout(60_000),
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair.indexOf('=')
      this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1))
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text() }
  }

  /** The token every authenticated form carries (hidden input "csrf"), from a page that renders one. */
  async csrfToken(pathname: string) {
    const page = await this.request(pathname)
    expect(page.status === 200, `GET ${pathname} : HTTP ${page.status}`)
    const input = page.html.match(/<input[^>]*name="csrf"[^>]*>/)?.[0]
    const token = input?.match(/value="([^"]+)"/)?.[1]
    expect(token, `pas de jeton CSRF dans ${pathname}`)
    return token
  }

  /** Posts a form like the browser does without JavaScript and follows the redirect to the page it lands on. */
  async submit(pathname: string, fields: Record<string, string>, csrfFrom: string) {
    const csrf = await this.csrfToken(csrfFrom)
    const posted = await this.request(pathname, { form: { ...fields, csrf } })
    expect(posted.status === 302 || posted.status === 303, `POST ${pathname} : HTTP ${posted.status} au lieu d’une redirection\n${posted.html.slice(0, 500)}`)
    const landed = await this.request(posted.location!)
    return { ...landed, url: posted.location! }
  }
}

/** Text as React renders it in HTML (apostrophes and quotes escaped). */
export function htmlText(text: string) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;')
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

// ---- a stand-in for the AI summary API (OpenAI-compatible chat completions), for the inbox workflow ----
/** Answers with a summary naming the email's subject; a body containing PANNE-IA gets a 500 (the fallback path). */
export async function startFakeAi(expectedAuthorization: string) {
  const calls: { authorization: string | undefined; body: unknown }[] = []
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      let body: { model?: string; messages?: { role: string; content: string }[] } = {}
      try {
        body = JSON.parse(raw)
      } catch {
        // answered 400 below
      }
      calls.push({ authorization: req.headers.authorization, body })
      const user = body.messages?.find((m) => m.role === 'user')?.content ?? ''
      if (req.headers.authorization !== expectedAuthorization) {
        res.writeHead(401, { 'Content-Type': 'application/json' })
        return res.end('{"error":{"message":"Unauthorized"}}')
      }
      if (!body.model || !user) {
        res.writeHead(400, { 'Content-Type': 'application/json' })
        return res.end('{"error":{"message":"model and messages are required"}}')
      }
      if (user.includes('PANNE-IA')) {
        res.writeHead(500, { 'Content-Type': 'application/json' })
        return res.end('{"error":{"message":"panne simulée"}}')
      }
      const sujet = user.split('\n')[0].replace(/^Sujet : /, '')
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: `Résumé IA de test : ${sujet}.` }, finish_reason: 'stop' }] }))
    })
  })
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)))
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
