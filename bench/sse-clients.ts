// Child process of bench/sse.ts: N EventSource-like clients on raw sockets. Records, for each notification id, how
// many clients received it and when the first and the last did (on the clock shared with the server process).
import http from 'node:http'
import { hrMs, type ClientsMessage, type ClientsReply, type Receipt } from './sse-lib'

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
const receipts = new Map<number, Receipt>()
const requests: http.ClientRequest[] = []
/** Streams this process closed on purpose (the others closing is a loss). */
const closedByUs = new WeakSet<http.ClientRequest>()
let events = 0
let closedEarly = 0

function record(id: number, at: number) {
  const r = receipts.get(id)
  if (!r) receipts.set(id, { n: 1, first: at, last: at })
  else {
    r.n++
    if (at < r.first) r.first = at
    if (at > r.last) r.last = at
  }
}

/** Opens one stream; resolves once its first `count` event arrives (the stream is live). */
function open(url: string, cookie: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers: { Accept: 'text/event-stream', Cookie: cookie } })
    requests.push(req)
    let ready = false
    req.on('error', () => {
      if (!ready) resolve(false)
    })
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume()
        resolve(false)
        return
      }
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk: string) => {
        const at = hrMs()
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          events++
          if (block.includes('event: notification')) {
            // The notification's own id, first in its payload (`id:` lines are gone since the stream is eventStream).
            const id = /^data: \{"id":(\d+)/m.exec(block)
            if (id) record(Number(id[1]), at)
          } else if (!ready && block.includes('event: count')) {
            ready = true
            resolve(true)
          }
        }
      })
      res.on('close', () => {
        if (!closedByUs.has(req)) closedEarly++
        if (!ready) resolve(false)
      })
    })
  })
}

const send = (reply: ClientsReply) => process.send!(reply)
process.on('message', async (message: ClientsMessage) => {
  if (message.type === 'connect') {
    const start = hrMs()
    let failed = 0
    // In waves, as browsers arrive: a thousand SYNs at once would overflow the listen backlog.
    for (let i = 0; i < message.count; i += 50) {
      const wave = Array.from({ length: Math.min(50, message.count - i) }, (_, j) => open(`${message.url}${message.path}`, message.cookies[(i + j) % message.cookies.length]))
      failed += (await Promise.all(wave)).filter((ok) => !ok).length
    }
    send({ type: 'connected', count: message.count - failed, failed, ms: hrMs() - start })
  } else if (message.type === 'report') {
    send({ type: 'report', receipts: Object.fromEntries(receipts), events, closedEarly })
  } else if (message.type === 'close') {
    for (const req of requests.splice(0)) {
      closedByUs.add(req)
      req.destroy()
    }
    send({ type: 'closed' })
  }
})
// The benchmark went away (stopped, interrupted): do not outlive it.
process.on('disconnect', () => process.exit(0))
