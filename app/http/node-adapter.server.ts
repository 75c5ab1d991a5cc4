// node:http ↔ fetch for server.js: the incoming request as a Request for the edge, the edge's Response written
// back. What @remix-run/express does, minus Express's own proxy handling (the edge resolves TRUST_PROXY itself).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from '@remix-run/node'

export function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const host = req.headers.host && /^[a-z0-9.\-[\]:]+$/i.test(req.headers.host) ? req.headers.host : 'localhost'
  const url = new URL(req.url ?? '/', `http://${host}`)
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(key, item)
    else if (value !== undefined) headers.set(key, value)
  }
  // Loaders and actions stop when the client leaves before the answer is complete.
  const controller = new AbortController()
  let answered = false
  res.on('finish', () => (answered = true))
  res.on('close', () => {
    if (!answered) controller.abort()
  })
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = createReadableStreamFromReadable(req)
    init.duplex = 'half'
  }
  return new Request(url, init)
}

export async function sendResponse(res: ServerResponse, response: Response) {
  res.statusMessage = response.statusText
  res.statusCode = response.status
  const cookies = response.headers.getSetCookie()
  for (const [key, value] of response.headers) if (key !== 'set-cookie') res.setHeader(key, value)
  if (cookies.length) res.setHeader('Set-Cookie', cookies)
  // Events must leave at once, not when the first chunk fills a buffer.
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}
