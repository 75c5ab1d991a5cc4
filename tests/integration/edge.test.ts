// What a hostile probe sends, through the production handler (the build's edge, the code server.js runs): bad input
// is a 4xx with a French message, nothing changes in the database, and nothing is logged as a server error (an
// unexpected console.error fails the test). The guards are generic: the paths below are samples, not special cases.
import { afterAll, describe, expect, it } from 'vitest'
import { stopBus } from '~/notifications/bus.server'
import { streamStats } from '~/notifications/hub.server'
import { db } from '~/utils/db.server'
import { appHandler } from '../utils/app-handler'
import { BASE, sessionFor, type Who } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const P = 'PROS_000002'

// The stream tests start the notification bus (a PostgreSQL listener under TEST_DB=postgres).
afterAll(() => stopBus())

async function snapshot() {
  const [candidats, actions, resolus, lues, emails] = await Promise.all([
    db.candidat.count(),
    db.actionProspect.count(),
    db.journalErreur.count({ where: { resolu: true } }),
    db.notificationLue.count(),
    db.historiqueEmail.count(),
  ])
  return { candidats, actions, resolus, lues, emails }
}

type Send = { method?: string; headers?: Record<string, string>; body?: BodyInit; who?: Who; signal?: AbortSignal }

/** A request from outside, as the given user (cookie only: the caller chooses the body and its type). */
async function send(path: string, { method = 'GET', headers = {}, body, who = 'admin', signal }: Send = {}) {
  const { cookie } = await sessionFor(who)
  const handle = await appHandler()
  const init: RequestInit & { duplex?: 'half' } = { method, headers: { Cookie: cookie, ...headers }, body, signal }
  if (body instanceof ReadableStream) init.duplex = 'half'
  return handle(new Request(`${BASE}${path}`, init))
}

/** A form body with the session's own CSRF token, so that only what the test varies is at fault. */
async function formFor(who: Who, fields: Record<string, string>) {
  const { cookie, csrfToken } = await sessionFor(who)
  return { cookie, body: new URLSearchParams({ ...fields, csrf: csrfToken }) }
}

async function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const { cookie, body } = await formFor('admin', fields)
  const handle = await appHandler()
  return handle(
    new Request(`${BASE}${path}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body }),
  )
}

describe('formulaires mal formés', () => {
  it('un formulaire envoyé en JSON, en texte brut, sans type de contenu ou en multipart cassé est refusé (415 ou 400), connexion comprise, et rien ne change', async () => {
    const before = await snapshot()
    const paths = ['/login', '/logout', '/admin/notifications', '/admin/logs', '/admin/logs/1', `/admin/prospects/${P}/generer-devis`, `/admin/prospects/${P}/convertir`]
    const encoder = new TextEncoder()
    const variants: { name: string; status: number; headers: Record<string, string>; body: (fields: string) => BodyInit }[] = [
      { name: 'JSON', status: 415, headers: { 'Content-Type': 'application/json' }, body: () => JSON.stringify({ intent: 'tout-lire' }) },
      { name: 'texte brut', status: 415, headers: { 'Content-Type': 'text/plain' }, body: (f) => f },
      // Bytes: no Content-Type at all (a string body would get text/plain).
      { name: 'sans type', status: 415, headers: {}, body: (f) => encoder.encode(f) },
      { name: 'multipart sans séparateur', status: 400, headers: { 'Content-Type': 'multipart/form-data' }, body: (f) => f },
      { name: 'multipart cassé', status: 400, headers: { 'Content-Type': 'multipart/form-data; boundary=----abc' }, body: () => '------abc\r\nContent-Disposition: form-data; name="intent"\r\n\r\ntout' },
    ]
    for (const path of paths) {
      const { csrfToken } = await sessionFor('admin')
      const fields = new URLSearchParams({ intent: 'tout-lire', csrf: csrfToken, email: 'admin@ecole-bijouterie.fr', motDePasse: 'x' }).toString()
      for (const variant of variants) {
        const response = await send(path, { method: 'POST', headers: variant.headers, body: variant.body(fields) })
        expect(response.status, `${path} en ${variant.name}`).toBe(variant.status)
        expect(await response.text()).toMatch(/[Ff]ormulaire/)
      }
    }
    expect(await snapshot()).toEqual(before)
  })

  it('un formulaire de plus de 1 Mo est refusé (413) avant d’être lu, avec ou sans Content-Length, et aucune action n’est lancée', async () => {
    const before = await snapshot()
    const { cookie, body } = await formFor('admin', { remplissage: 'x'.repeat(1024 * 1024 + 10) })
    const handle = await appHandler()
    const bytes = new TextEncoder().encode(body.toString())
    const sized = await handle(
      new Request(`${BASE}/admin/prospects/${P}/generer-devis`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: bytes }),
    )
    expect(sized.status).toBe(413)
    expect(await sized.text()).toMatch(/trop volumineux : 1 Mo au plus/)
    // The same body in chunks, with no Content-Length.
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024))
        controller.close()
      },
    })
    const streamed = await send(`/admin/prospects/${P}/generer-devis`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: chunked })
    expect(streamed.status).toBe(413)
    expect(await snapshot()).toEqual(before)
  })
})

describe('paramètres hors bornes', () => {
  it('des identifiants au-delà de 2147483647 sur /admin/logs et /admin/notifications donnent 400 et ne changent rien', async () => {
    const before = await snapshot()
    const cases: [string, Record<string, string>][] = [
      ['/admin/logs', { intent: 'resoudre-selection', ids: '2147483648' }],
      ['/admin/logs', { intent: 'resoudre-selection', ids: '12345678901234567890' }],
      ['/admin/notifications', { intent: 'lire', id: '12345678901234567890' }],
      ['/admin/notifications', { intent: 'ouvrir', id: '2147483648' }],
    ]
    for (const [path, fields] of cases) {
      const response = await postForm(path, fields)
      expect(response.status, `${path} ${JSON.stringify(fields)}`).toBe(400)
    }
    expect((await send('/admin/logs/2147483648')).status).toBe(404)
    expect((await send('/admin/logs/12345678901234567890')).status).toBe(404)
    expect(await snapshot()).toEqual(before)
  })

  it('une position de flux de 2147483648 (Last-Event-ID, lastEventId, depuis) donne 400 sans ouvrir de flux', async () => {
    for (const [query, headers] of [
      ['', { 'Last-Event-ID': '2147483648' }],
      ['?lastEventId=2147483648', {}],
      ['?depuis=2147483648', {}],
    ] as const) {
      const response = await send(`/resources/notifications${query}`, { headers, signal: AbortSignal.timeout(5_000) })
      expect(response.status, query || 'Last-Event-ID').toBe(400)
      expect(await response.text()).toMatch(/Position invalide/)
    }
    expect(streamStats().clients.total).toBe(0)
  })

  it('l’export CSV avec un caractère nul dans la recherche répond 400 avant tout envoi', async () => {
    const response = await send('/admin/logs/export.csv?q=%00', { headers: { Accept: 'text/html' } })
    expect(response.status).toBe(400)
    expect(response.headers.get('Content-Type')).toMatch(/text\/html/)
    expect(await response.text()).toMatch(/caractère nul/)
  })
})

describe('origine, méthode et adresses inconnues', () => {
  it('un POST venu d’un autre site ou d’une origine illisible est refusé (403) par une page aux en-têtes de sécurité, et rien ne change', async () => {
    const before = await snapshot()
    for (const origin of ['https://evil.test', 'http://localhost.evil.test', 'null', 'pas-une-url', 'http://localhost/chemin']) {
      const response = await postForm('/admin/notifications', { intent: 'tout-lire' }, { Origin: origin, Accept: 'text/html' })
      expect(response.status, origin).toBe(403)
      expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'")
      expect(response.headers.get('X-Frame-Options')).toBe('DENY')
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
      expect(await response.text()).toMatch(/envoyé depuis un autre site/)
    }
    expect(await snapshot()).toEqual(before)
    // The app's own pages post with their own origin.
    const same = await postForm('/admin/notifications', { intent: 'tout-lire' }, { Origin: BASE })
    expect(same.status).toBe(302)
  })

  it('un POST vers une page sans formulaire répond 405, sans identifiant interne de route', async () => {
    for (const path of ['/admin/candidats', '/admin/prospects', `/admin/prospects/${P}/echanges`, '/espace', '/resources/notifications/stats', '/']) {
      const response = await postForm(path, { a: '1' }, { Accept: 'text/html' })
      expect(response.status, path).toBe(405)
      expect(response.headers.get('Allow')).toBe('GET, HEAD')
      const html = await response.text()
      expect(html).toMatch(/ne reçoit pas de formulaire/)
      expect(html).not.toMatch(/routes\/|root|action/)
    }
  })

  it('/favicon.ico et les fichiers inconnus répondent 404, sans erreur serveur journalisée', async () => {
    for (const path of ['/favicon.ico', '/assets/inconnu-abc123.js', '/robots.txt', '/wp-login.php', '/.env']) {
      const response = await send(path, { who: 'anonyme' })
      expect(response.status, path).toBe(404)
      expect(await response.text()).toBe('Fichier introuvable.')
    }
    // An unknown page keeps the app's own 404 page, still without a server error.
    const page = await send('/page-inconnue', { who: 'anonyme', headers: { Accept: 'text/html' } })
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('Page introuvable')
  })

  it('les données (.data) d’une ressource répondent 404 tout de suite, sans ouvrir de flux', async () => {
    for (const path of ['/resources/notifications.data', '/resources/notifications/stats.data']) {
      const response = await send(path, { signal: AbortSignal.timeout(5_000) })
      expect(response.status, path).toBe(404)
      await response.text()
    }
    expect(streamStats().clients.total).toBe(0)
  })
})

describe('en-têtes', () => {
  it('les pages authentifiées et leurs données (.data) ne sont jamais gardées en cache ; JSON, CSV et flux portent nosniff', async () => {
    const page = await send('/admin/prospects')
    expect(page.status).toBe(200)
    expect(page.headers.get('Cache-Control')).toBe('no-store')
    await page.text()
    const data = await send('/admin/prospects.data?_routes=routes%2Fadmin.prospects')
    expect(data.status).toBe(200)
    expect(data.headers.get('Cache-Control')).toBe('no-store')
    expect(data.headers.get('X-Content-Type-Options')).toBe('nosniff')
    await data.text()
    for (const [path, type] of [
      ['/resources/notifications/stats', /application\/json/],
      ['/admin/logs/export.csv', /text\/csv/],
    ] as const) {
      const response = await send(path)
      expect(response.headers.get('Content-Type')).toMatch(type)
      expect(response.headers.get('X-Content-Type-Options'), path).toBe('nosniff')
      await response.text()
    }
    const controller = new AbortController()
    const stream = await send('/resources/notifications', { signal: controller.signal })
    expect(stream.headers.get('Content-Type')).toMatch(/text\/event-stream/)
    expect(stream.headers.get('X-Content-Type-Options')).toBe('nosniff')
    controller.abort()
    // No HSTS without a trusted proxy saying HTTPS (see server.test.ts for TRUST_PROXY).
    expect(page.headers.get('Strict-Transport-Security')).toBeNull()
  })
})
