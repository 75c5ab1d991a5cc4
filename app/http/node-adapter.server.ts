// node:http ↔ fetch for server.js: the incoming request as a Request for the edge, the edge's Response written
// back. What @remix-run/express does, minus Express's own proxy handling (the edge resolves TRUST_PROXY itself).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createReadableStreamFromReadable } from '@remix-run/node'

/** An event stream whose client stopped reading: past this much waiting in its socket, the stream is cut. */
const EVENT_STREAM_MAX_BUFFERED = 1024 * 1024

export function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const host = req.headers.host && /^[a-z0-9.\-[\]:]+$/i.test(req.headers.host) ? req.headers.host : 'localhost'
  // Concatenated, not resolved: a request for `//x/y` is the path `//x/y` of this host, not the host x.
  const target = req.url?.startsWith('/') ? req.url : '/'
  const url = new URL(`http://${host}${target}`)
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

/** Resolves once the socket can take more, or the client is gone (false). */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain)
      res.off('close', onClose)
      resolve(ok)
    }
    const onDrain = done(true)
    const onClose = done(false)
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}

/**
 * An event stream: each event goes out in one write as soon as it is complete. eventStream queues an event as two
 * chunks (its `event:` line, then its `data:` line ending with a blank line); the first is held until the second
 * comes. It cannot wait for a slow client (its events keep coming): one that stopped reading is cut once
 * EVENT_STREAM_MAX_BUFFERED is waiting, and its departure cleans the stream up like any other (clientGone).
 */
async function pipeEvents(reader: ReadableStreamDefaultReader<Uint8Array>, res: ServerResponse) {
  let held: Uint8Array | null = null
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    // Once the client is gone the stream ends by itself (clientGone): nothing more to write until then.
    if (res.destroyed) continue
    const n = value.length
    if (n < 2 || value[n - 1] !== 0x0a || value[n - 2] !== 0x0a) {
      held = held ? Buffer.concat([held, value]) : value
      continue
    }
    const ok = res.write(held ? Buffer.concat([held, value]) : value)
    held = null
    if (!ok && res.writableLength > EVENT_STREAM_MAX_BUFFERED) {
      console.warn(`[http] flux d’événements coupé : le client ne lit plus (${res.writableLength} octets en attente)`)
      res.destroy()
    }
  }
  if (held && !res.destroyed) res.write(held)
  res.end()
}

/** Any other body, written with the socket's backpressure: a page or a CSV export waits for a slow client. */
async function pipeBody(reader: ReadableStreamDefaultReader<Uint8Array>, res: ServerResponse) {
  // The compression middleware buffers until told to flush.
  const flush = (res as ServerResponse & { flush?: () => void }).flush?.bind(res)
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (res.destroyed || (!res.write(value) && !(await drained(res)))) {
      await reader.cancel().catch(() => {})
      return
    }
    flush?.()
  }
  res.end()
}

export async function sendResponse(res: ServerResponse, response: Response) {
  res.statusMessage = response.statusText
  res.statusCode = response.status
  const cookies = response.headers.getSetCookie()
  for (const [key, value] of response.headers) if (key !== 'set-cookie') res.setHeader(key, value)
  if (cookies.length) res.setHeader('Set-Cookie', cookies)
  const eventStream = /text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')
  // Events must leave at once, not when the first chunk fills a buffer.
  if (eventStream) res.flushHeaders()
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    await (eventStream ? pipeEvents(reader, res) : pipeBody(reader, res))
  } catch (error) {
    res.destroy(error as Error)
    throw error
  }
}
