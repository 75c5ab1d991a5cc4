// Child process of bench/sse.ts: the baseline. A bare node:http SSE server doing the same fan-out (one encoded
// event written to every connected response), with no framework, no database and no authentication.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gcAndMemory, hrMs, type ServerMessage, type ServerReply } from './sse-lib'

const clients = new Set<http.ServerResponse>()
const encoder = new TextEncoder()
let lastId = 0

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive' })
  res.write(`event: count\ndata: {"nonLues":0,"dernierId":${lastId}}\n\n`)
  clients.add(res)
  req.on('close', () => clients.delete(res))
})
server.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const { port } = server.address() as AddressInfo

const send = (reply: ServerReply) => process.send!(reply)
process.on('message', (message: ServerMessage) => {
  if (message.type === 'notify') {
    const t0 = hrMs()
    const id = ++lastId
    const chunk = encoder.encode(
      `event: notification\ndata: ${JSON.stringify({ id, categorie: 'bench', type: 'mesure', priorite: 'NORMALE', titre: `Mesure ${message.seq}`, message: 'Notification du banc de mesure', lienAction: null, auteurId: null, date: new Date().toISOString(), dernierId: id })}\n\n`,
    )
    for (const res of clients) res.write(chunk)
    send({ type: 'notified', seq: message.seq, id, t0, t1: hrMs() })
  } else if (message.type === 'memory') {
    send({ type: 'memory', memory: gcAndMemory(), clients: clients.size })
  } else if (message.type === 'stop') {
    server.closeAllConnections()
    server.close()
    process.exit(0)
  }
})
send({ type: 'ready', url: `http://127.0.0.1:${port}`, path: '/', cookies: [''] })
// The benchmark went away (stopped, interrupted): do not outlive it.
process.on('disconnect', () => process.exit(0))
