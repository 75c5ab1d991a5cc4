// The production build's request handler, in the test's process and on the test's database: whole pages as a
// browser gets them (the build's edge guards, root + layouts + route, security headers, HTML escaping), the very
// code server.js runs. Needs `npm run build` first (the test command builds before running Vitest).
import fs from 'node:fs'
import path from 'node:path'
import type { ServerBuild } from '@remix-run/node'
import type { Connection, EdgeHandler } from '~/http/edge.server'
import { BASE, sessionFor, type Who } from './helpers'

const buildFile = path.resolve(import.meta.dirname, '../..', process.env.BUILD_DIR ?? 'build', 'server/index.js')

let handler: EdgeHandler | undefined

/** The edge handler of the build; requests come from 127.0.0.1 unless `connection` says otherwise. */
export async function appHandler(): Promise<(request: Request, connection?: Connection) => Promise<Response>> {
  if (!handler) {
    if (!fs.existsSync(buildFile)) throw new Error(`Build absent (${buildFile}) : lancez « npm run build » avant ces tests`)
    const build = (await import(buildFile)) as ServerBuild & { entry: { module: { createEdgeHandler: (b: ServerBuild, mode: string) => EdgeHandler } } }
    handler = build.entry.module.createEdgeHandler(build, 'production')
  }
  const edge = handler
  return (request, connection = { remoteAddress: '127.0.0.1' }) => edge(request, connection)
}

/** GET a page as `who`; returns status, headers and HTML. */
export async function fetchPage(pathname: string, who: Who = 'admin') {
  const { cookie } = await sessionFor(who)
  const handle = await appHandler()
  const response = await handle(new Request(`${BASE}${pathname}`, { headers: { Cookie: cookie } }))
  return { status: response.status, headers: response.headers, html: await response.text(), location: response.headers.get('Location') }
}

/** POST a form as `who` (with its CSRF token unless csrf: false). */
export async function postForm(pathname: string, fields: Record<string, string>, who: Who = 'admin', options: { csrf?: boolean } = {}) {
  const { cookie, csrfToken } = await sessionFor(who)
  const body = new URLSearchParams(fields)
  if (options.csrf !== false) body.set('csrf', csrfToken)
  const handle = await appHandler()
  const response = await handle(
    new Request(`${BASE}${pathname}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
  )
  return { status: response.status, headers: response.headers, body: await response.text(), location: response.headers.get('Location') }
}
