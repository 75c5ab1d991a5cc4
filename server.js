// Production server: Express serving the Remix build. `npm start` builds first, then runs this file.
// Express serves the static files; every other request goes through the build's edge (app/http/edge.server.ts),
// the same code the tests' production handler runs: guards, client address, security headers.
import http from 'node:http'
import compression from 'compression'
import express from 'express'

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'

const buildDir = process.env.BUILD_DIR ?? 'build'
let build
try {
  build = await import(new URL(`${buildDir}/server/index.js`, `file://${process.cwd()}/`).href)
} catch (error) {
  // A configuration refused at boot has already been explained in French (env.server.ts): no stack trace on top.
  if (String(error?.message).startsWith('Configuration invalide')) process.exit(1)
  throw error
}
const { boot, shutdown, createEdgeHandler, serverOptions, toRequest, sendResponse } = build.entry.module
// Starts what runs beside the requests (n8n simulator, notification bus, recovery of interrupted actions).
await boot?.()
const edge = createEdgeHandler(build, process.env.NODE_ENV)

const app = express()
app.disable('x-powered-by')
app.use(compression())
app.use('/assets', express.static(`${buildDir}/client/assets`, { immutable: true, maxAge: '1y' }))
app.use(express.static(`${buildDir}/client`, { maxAge: '1h' }))
app.all('*', async (req, res, next) => {
  try {
    // `clientGone` aborts when the client goes away. Loaders get clones of the request whose signal stops following
    // the original once the clones are garbage-collected (nodejs/node#55428): long-lived responses such as the
    // notification stream listen to this one too, or a departed client would never be cleaned up.
    const gone = new AbortController()
    res.on('close', () => gone.abort())
    const response = await edge(
      toRequest(req, res),
      { remoteAddress: req.socket.remoteAddress, encrypted: Boolean(req.socket.encrypted) },
      { clientGone: gone.signal },
    )
    await sendResponse(res, response)
  } catch (error) {
    next(error)
  }
})

const server = http.createServer(serverOptions, app)
server.listen(port, host, () => {
  console.log(`Back-office prêt sur http://localhost:${port}`)
})

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close()
    Promise.resolve(shutdown?.()).finally(() => process.exit(0))
    setTimeout(() => process.exit(0), 3000).unref()
  })
}
