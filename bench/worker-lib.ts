// What every benchmark worker starts with: its database migrated, the production build's request handler (its
// edge, as server.js runs it), the build's own Prisma client, and a logged-in admin's cookie.
import crypto from 'node:crypto'
import type { ServerBuild } from '@remix-run/node'
import type { EdgeHandler } from '../app/http/edge.server'
import type { PrismaClient } from '../app/generated/prisma/client'
import { migrate } from '../scripts/lib/migrate'

export const log = (m: string) => process.stderr.write(`${m}\n`)

/** Migrates DATABASE_URL and loads BUILD_DIR's server build (env is read when the build is imported). */
export async function productionApp() {
  await migrate('deploy', { log: () => {} })
  const build = (await import(`${process.cwd()}/${process.env.BUILD_DIR}/server/index.js`)) as ServerBuild & {
    entry: { module: { createEdgeHandler: (build: ServerBuild, mode: string) => EdgeHandler } }
  }
  const edge = build.entry.module.createEdgeHandler(build, 'production')
  const handler = (request: Request) => edge(request, { remoteAddress: '127.0.0.1' })
  // The build's own Prisma client (db.server.ts keeps it on globalThis): one owner for the PGlite folder.
  await handler(new Request('http://bench/login'))
  const db = (globalThis as unknown as { __db: PrismaClient }).__db
  return { handler, db }
}

/** Logs the demo admin in through the login form; returns the session cookie. */
export async function adminCookie(handler: (request: Request) => Promise<Response>) {
  const { DEMO_USERS } = await import('../prisma/seed-data')
  const login = await handler(
    new Request('http://bench/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: DEMO_USERS.admin.email, motDePasse: DEMO_USERS.admin.password }),
    }),
  )
  return login.headers.get('Set-Cookie')!.split(';')[0]
}

/**
 * The n8n simulator over real HTTP answering in 60 ms, configured as a real n8n (not the built-in simulator): call it
 * before productionApp(), whose build reads the environment when imported. Only the answer is measured: the duplicate
 * callback the shipped workflows send after it is left out (no callback is sent, but a real n8n configuration
 * requires APP_URL).
 */
export async function benchN8n() {
  const { startN8nSimulator } = await import('../app/n8n/simulator.server')
  const apiKey = crypto.randomBytes(16).toString('hex')
  const callbackSecret = crypto.randomBytes(16).toString('hex')
  const sim = await startN8nSimulator({ apiKey, callbackSecret, latencyMs: 60, callbackAfterSync: false })
  Object.assign(process.env, { N8N_WEBHOOK_BASE_URL: sim.webhookBaseUrl, N8N_API_KEY: apiKey, N8N_CALLBACK_SECRET: callbackSecret, APP_URL: 'http://127.0.0.1' })
  return sim
}
