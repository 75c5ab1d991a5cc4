// Child process of bench/sse.ts: the app as server.js runs it (production build, Express, compression, and the
// build's edge when it has one), on a port of its own, plus notify() from the app's source driven over IPC. notify()
// shares the build's database client and notification bus (both live on globalThis), so a notification takes the
// real path: row stored, bus, the stream hub, the Remix resource route's response, Express, the socket.
// BUILD_DIR may be the build of an earlier commit (bench/sse.ts BENCH_SSE_AVANT): it is then served the way
// server.js served it at that commit (@remix-run/express).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import { gcAndMemory, hrMs, type ServerMessage, type ServerReply } from './sse-lib'

const buildDir = process.env.BUILD_DIR!
const build = await import(`${process.cwd()}/${buildDir}/server/index.js`)
const entry = build.entry.module
await entry.boot?.()

const app = express()
app.disable('x-powered-by')
app.use(compression())
if (entry.createEdgeHandler) {
  // As server.js: the edge, with the client's departure reaching long-lived responses through the load context.
  const edge = entry.createEdgeHandler(build, 'production')
  app.all('*', async (req, res, next) => {
    try {
      const gone = new AbortController()
      res.on('close', () => gone.abort())
      const response = await edge(entry.toRequest(req, res), { remoteAddress: req.socket.remoteAddress }, { clientGone: gone.signal })
      await entry.sendResponse(res, response)
    } catch (error) {
      next(error)
    }
  })
} else {
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: 'production',
      getLoadContext: (_req, res) => {
        const gone = new AbortController()
        res.on('close', () => gone.abort())
        return { clientGone: gone.signal }
      },
    }),
  )
}
const server = http.createServer(entry.serverOptions ?? {}, app)
server.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const { port } = server.address() as AddressInfo

// The app's own modules, after the build: they pick up its Prisma client and bus from globalThis.
const { notify } = await import('../app/notifications/notify.server')
const { streamStats } = await import('../app/notifications/hub.server')
const { createUserSession } = await import('../app/auth/session.server')
const { db } = await import('../app/utils/db.server')

// One login session per subscriber, as a thousand admins' browsers would have (streams are limited per session).
const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: 'admin@ecole-bijouterie.fr' } })
const cookies: string[] = []
for (let i = 0; i < Number(process.env.BENCH_SSE_SESSIONS ?? 1000); i++) {
  cookies.push((await createUserSession(new Request('http://bench/login'), admin.id)).split(';')[0])
}

const send = (reply: ServerReply) => process.send!(reply)
process.on('message', async (message: ServerMessage) => {
  if (message.type === 'notify') {
    const t0 = hrMs()
    const n = await notify({
      categorie: 'bench',
      type: 'mesure',
      titre: `Mesure ${message.seq}`,
      message: 'Notification du banc de mesure',
      audience: 'ADMIN',
    })
    send({ type: 'notified', seq: message.seq, id: n?.id ?? -1, t0, t1: hrMs() })
  } else if (message.type === 'memory') {
    send({ type: 'memory', memory: gcAndMemory(), clients: streamStats().clients.total })
  } else if (message.type === 'stop') {
    server.closeAllConnections()
    server.close()
    await entry.shutdown?.()
    process.exit(0)
  }
})
send({ type: 'ready', url: `http://127.0.0.1:${port}`, path: '/resources/notifications', cookies })
// The benchmark went away (stopped, interrupted): do not outlive it.
process.on('disconnect', () => process.exit(0))
