// Production server: Express serving the Remix build. `npm start` builds first, then runs this file.
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'
const trustProxy = process.env.TRUST_PROXY === '1'

const buildDir = process.env.BUILD_DIR ?? 'build'
const build = await import(new URL(`${buildDir}/server/index.js`, `file://${process.cwd()}/`).href)
// Starts what runs beside the requests (n8n simulator, notification bus, recovery of interrupted actions).
await build.entry.module.boot?.()

const app = express()
app.disable('x-powered-by')
if (trustProxy) app.set('trust proxy', true)
app.use(compression())
app.use('/assets', express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: '1y' }))
app.use(express.static(`${buildDir}/client`, { maxAge: '1h' }))
app.use((req, _res, next) => {
  // The address used for login throttling; never taken from a client header unless TRUST_PROXY=1.
  req.headers['x-client-address'] = (trustProxy ? req.ip : req.socket.remoteAddress) ?? 'inconnue'
  next()
})
// `clientGone` aborts when the client goes away. Loaders get clones of the request whose signal stops following the
// original once the clones are garbage-collected (nodejs/node#55428): long-lived responses such as the notification
// stream listen to this one too, or a departed client would never be cleaned up.
const loadContext = (_req, res) => {
  const gone = new AbortController()
  res.on('close', () => gone.abort())
  return { clientGone: gone.signal }
}
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: loadContext }))

const server = app.listen(port, host, () => {
  console.log(`Back-office prêt sur http://localhost:${port}`)
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close()
    Promise.resolve(build.entry.module.shutdown?.()).finally(() => process.exit(0))
    setTimeout(() => process.exit(0), 3000).unref()
  })
}
