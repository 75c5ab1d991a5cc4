// Real HTTP for the notification stream tests: a node:http server that hands requests to route loaders (the way
// the Express adapter does: a Request whose signal aborts when the client goes away, the Response body streamed
// out), and an SSE client that parses what arrives on the socket.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LoaderFunctionArgs } from '@remix-run/node'

type Loader = (args: LoaderFunctionArgs) => Promise<unknown> | unknown

/** Serves `routes` (pathname → loader) on 127.0.0.1, on a free port. */
export async function serveLoaders(routes: Record<string, Loader>) {
  const sockets = new Set<import('node:net').Socket>()
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const loader = routes[url.pathname]
    if (!loader) {
      res.writeHead(404).end('introuvable')
      return
    }
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(key, value)
      else if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    }
    let response: Response
    try {
      const result = await loader({ request: new Request(url, { headers, signal: controller.signal }), params: {}, context: {} })
      response = result instanceof Response ? result : Response.json(result)
    } catch (error) {
      response = error instanceof Response ? error : new Response(String(error), { status: 500 })
    }
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.flushHeaders()
    if (!response.body) {
      res.end()
      return
    }
    const reader = response.body.getReader()
    res.on('close', () => void reader.cancel().catch(() => {}))
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        res.write(value)
      }
    } catch {
      // The client went away mid-stream.
    }
    res.end()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

export type SseMessage = { id: string | null; event: string; data: string; retry: number | null; at: number }

export type SseStream = {
  status: number
  headers: http.IncomingHttpHeaders
  /** Everything received so far, in order; `retry`-only blocks appear with event '' and data ''. */
  messages: SseMessage[]
  /** Resolves with the first message (from `from` on) matching `predicate`. */
  next: (predicate: (m: SseMessage) => boolean, options?: { timeoutMs?: number; from?: number }) => Promise<SseMessage>
  /** Body of a non-stream answer (401, 400…). */
  text: () => Promise<string>
  close: () => void
  ended: Promise<void>
}

/** Opens GET `path` as a browser's EventSource would; resolves once the answer's headers arrive. */
export function openStream(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}${path}`, { headers: { Accept: 'text/event-stream', ...headers } })
    req.on('error', reject)
    req.on('response', (res) => {
      const messages: SseMessage[] = []
      const waiters = new Set<() => void>()
      let buffer = ''
      let body = ''
      let ended!: () => void
      const endedPromise = new Promise<void>((r) => (ended = r))
      const isStream = String(res.headers['content-type'] ?? '').startsWith('text/event-stream')
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (!isStream) {
          body += chunk
          return
        }
        buffer += chunk
        let index: number
        while ((index = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, index)
          buffer = buffer.slice(index + 2)
          const message: SseMessage = { id: null, event: '', data: '', retry: null, at: Date.now() }
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue
            const colon = line.indexOf(':')
            const field = colon < 0 ? line : line.slice(0, colon)
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
            if (field === 'id') message.id = value
            else if (field === 'event') message.event = value
            else if (field === 'data') message.data = message.data ? `${message.data}\n${value}` : value
            else if (field === 'retry') message.retry = Number(value)
          }
          messages.push(message)
        }
        for (const wake of [...waiters]) wake()
      })
      const finish = () => {
        ended()
        for (const wake of [...waiters]) wake()
      }
      res.on('end', finish)
      res.on('close', finish)
      res.on('error', finish)
      let isEnded = false
      void endedPromise.then(() => (isEnded = true))
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        messages,
        ended: endedPromise,
        text: () => endedPromise.then(() => body),
        close: () => {
          req.destroy()
          res.destroy()
        },
        next: (predicate, { timeoutMs = 5_000, from = 0 } = {}) =>
          new Promise((resolveNext, rejectNext) => {
            const check = () => {
              const found = messages.slice(from).find(predicate)
              if (found) {
                cleanup()
                resolveNext(found)
              } else if (isEnded) {
                cleanup()
                rejectNext(new Error(`flux terminé sans l’événement attendu (reçus : ${messages.map((m) => m.event || 'retry').join(', ')})`))
              }
            }
            const timer = setTimeout(() => {
              cleanup()
              rejectNext(new Error(`délai dépassé (${timeoutMs} ms) ; reçus : ${messages.map((m) => `${m.event || 'retry'}#${m.id}`).join(', ')}`))
            }, timeoutMs)
            const cleanup = () => {
              clearTimeout(timer)
              waiters.delete(check)
            }
            waiters.add(check)
            check()
          }),
      })
    })
  })
}

export function payload<T = Record<string, unknown>>(message: SseMessage): T {
  return JSON.parse(message.data) as T
}

/** Polls `probe` until it returns true. */
export async function waitFor(probe: () => boolean | Promise<boolean>, { timeoutMs = 5_000, what = 'la condition' } = {}) {
  const start = Date.now()
  while (!(await probe())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} n’est pas remplie après ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
