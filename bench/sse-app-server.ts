// Child process of bench/sse.ts: the app as server.js runs it (production build, Express, compression), on a port
// of its own, plus notify() from the app's source driven over IPC. notify() shares the build's database client and
// notification bus (both live on globalThis), so a notification takes the real path: row stored, bus, the stream
// hub, the Remix resource route's response, Express, the socket.
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import type { AddressInfo } from 'node:net'
import { gcAndMemory, hrMs, type ServerMessage, type ServerReply } from './sse-lib'

const buildDir = process.env.BUILD_DIR!
const build = await import(`${process.cwd()}/${buildDir}/server/index.js`)
await build.entry.module.boot?.()

const app = express()
app.disable('x-powered-by')
app.use(compression())
// As server.js: the client's departure reaches long-lived responses through the load context.
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
const server = app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const { port } = server.address() as AddressInfo

// The app's own modules, after the build: they pick up its Prisma client and bus from globalThis.
const { notify } = await import('../app/notifications/notify.server')
const { streamStats } = await import('../app/notifications/hub.server')
const { createUserSession } = await import('../app/auth/session.server')
const { db } = await import('../app/utils/db.server')

const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: 'admin@ecole-bijouterie.fr' } })
const cookie = (await createUserSession(new Request('http://bench/login'), admin.id)).split(';')[0]

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
    await build.entry.module.shutdown?.()
    process.exit(0)
  }
})
send({ type: 'ready', url: `http://127.0.0.1:${port}`, path: '/resources/notifications', cookie })
// The benchmark went away (stopped, interrupted): do not outlive it.
process.on('disconnect', () => process.exit(0))
