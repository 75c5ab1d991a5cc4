// The findings of issue 9 that had no regression test sending the request from outside (see docs/issue-9-audit.md),
// through the production handler (the build's edge, the code server.js runs) with the default TRUST_PROXY=0:
// forwarding headers a client writes itself are never believed, an account under attack is slowed down by a delay
// that grows and is capped, and the test tooling keeps no retries and counts a Playwright test passed on a retry apart.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { resolveClient } from '~/http/proxy.server'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { randomName, ROOT, TMP } from '../setup/database'
import { appHandler } from '../utils/app-handler'
import { BASE, sessionFor } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

type Connection = { remoteAddress?: string; encrypted?: boolean }

async function login(email: string, motDePasse: string, connection: Connection, headers: Record<string, string> = {}) {
  const handle = await appHandler()
  const response = await handle(
    new Request(`${BASE}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', ...headers },
      body: new URLSearchParams({ email, motDePasse, redirectTo: '' }),
    }),
    connection,
  )
  return { status: response.status, retryAfter: response.headers.get('Retry-After'), html: await response.text() }
}

/** The page's form-level message (the 429's explanation). */
const alert = (html: string) => html.match(/role="alert"[^>]*>([^<]+)</)?.[1] ?? ''

describe('en-têtes de transfert écrits par le client (TRUST_PROXY=0 par défaut)', () => {
  it('un X-Forwarded-For changé à chaque essai ne contourne pas la limite : seule l’adresse de la connexion compte', async () => {
    const socket = { remoteAddress: '198.51.100.77' }
    for (let i = 0; i < 5; i++) {
      const r = await login(`rotation${i}@exemple.fr`, 'faux', socket, { 'X-Forwarded-For': `10.77.0.${i}` })
      expect(r.status, `essai ${i + 1}`).toBe(400)
    }
    const sixth = await login(DEMO_USERS.eleve.email, DEMO_USERS.eleve.password, socket, { 'X-Forwarded-For': '10.77.0.200' })
    expect(sixth.status).toBe(429)
    expect(Number(sixth.retryAfter)).toBeGreaterThan(0)
    expect(alert(sixth.html)).toMatch(/^Trop de tentatives, réessayez dans \d+ (secondes?|minutes?)\.$/)
    // What was recorded is the socket's address, never the header's.
    expect(await db.tentativeConnexion.count({ where: { ip: { startsWith: '10.77.' } } })).toBe(0)
    expect(await db.tentativeConnexion.count({ where: { ip: '198.51.100.77' } })).toBe(5)
  })

  it('X-Forwarded-Proto: https envoyé par le client ne donne pas Strict-Transport-Security ; une connexion TLS directe, si', async () => {
    const handle = await appHandler()
    const forged = await handle(new Request(`${BASE}/login`, { headers: { 'X-Forwarded-Proto': 'https', Accept: 'text/html' } }))
    expect(forged.status).toBe(200)
    expect(forged.headers.get('Strict-Transport-Security')).toBeNull()
    await forged.text()
    const tls = await handle(new Request(`${BASE}/login`, { headers: { Accept: 'text/html' } }), { remoteAddress: '127.0.0.1', encrypted: true })
    expect(tls.headers.get('Strict-Transport-Security')).toMatch(/^max-age=\d{7,}/)
    await tls.text()
  })

  it('X-Forwarded-Host écrit par le client ne fait pas passer un formulaire venu de ce site-là (403), et rien ne change', async () => {
    const handle = await appHandler()
    const { cookie, csrfToken, userId } = await sessionFor('admin')
    const markAllRead = (headers: Record<string, string>) =>
      handle(
        new Request(`${BASE}/admin/notifications`, {
          method: 'POST',
          headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', ...headers },
          body: new URLSearchParams({ intent: 'tout-lire', csrf: csrfToken }),
        }),
      )
    // Nothing read yet: "tout marquer comme lu" would move this watermark.
    await db.utilisateur.update({ where: { id: userId! }, data: { derniereNotificationLue: 0 } })
    const watermark = async () => (await db.utilisateur.findUniqueOrThrow({ where: { id: userId! } })).derniereNotificationLue
    const forged = await markAllRead({ Origin: 'https://evil.test', 'X-Forwarded-Host': 'evil.test' })
    expect(forged.status).toBe(403)
    expect(await forged.text()).toMatch(/envoyé depuis un autre site/)
    expect(await watermark()).toBe(0)
    // The app's own origin still passes, whatever X-Forwarded-Host the client adds.
    const own = await markAllRead({ Origin: BASE, 'X-Forwarded-Host': 'evil.test' })
    expect(own.status).toBe(302)
    expect(await watermark()).toBeGreaterThan(0)
  })

  it('TRUST_PROXY=N croit exactement N relais : l’adresse, le protocole et l’hôte donnés par le relais le plus extérieur', () => {
    const headers = new Headers({
      'X-Forwarded-For': '6.6.6.6, 203.0.113.5, 10.0.0.2',
      'X-Forwarded-Proto': 'http, https, http',
      'X-Forwarded-Host': 'evil.test, ecole.fr, interne',
      Host: 'app:3000',
    })
    const peer = { remoteAddress: '::ffff:10.0.0.3' }
    expect(resolveClient(headers, peer, 0)).toEqual({ address: '10.0.0.3', https: false, host: 'app:3000' })
    expect(resolveClient(headers, peer, 1).address).toBe('10.0.0.2')
    expect(resolveClient(headers, peer, 2)).toEqual({ address: '203.0.113.5', https: true, host: 'ecole.fr' })
    // More trusted hops than the chain has: the left-most address, never a made-up one.
    expect(resolveClient(new Headers({ 'X-Forwarded-For': '203.0.113.9' }), peer, 3).address).toBe('203.0.113.9')
  })
})

describe('adresses mal encodées', () => {
  it('un chemin au pourcentage illisible répond 400 en français, en lecture comme en écriture, sans rien journaliser ni changer', async () => {
    const handle = await appHandler()
    const { cookie, csrfToken } = await sessionFor('admin')
    const warn = vi.spyOn(console, 'warn')
    const before = await db.evenementProspect.count()
    for (const path of ['/admin/prospects/%E0%A4%A', '/admin/candidats/%FF', '/admin/logs/%C3', '/%E0%A4%A']) {
      const page = await handle(new Request(`${BASE}${path}`, { headers: { Cookie: cookie, Accept: 'text/html' } }))
      expect(page.status, path).toBe(400)
      expect(page.headers.get('Content-Security-Policy'), path).toContain("frame-ancestors 'none'")
      expect(await page.text()).toContain('Adresse invalide : elle contient un encodage illisible.')
    }
    const post = await handle(
      new Request(`${BASE}/admin/prospects/%E0%A4%A/notes`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ texte: 'Note', csrf: csrfToken }),
      }),
    )
    expect(post.status).toBe(400)
    expect(await post.text()).toBe('Adresse invalide : elle contient un encodage illisible.')
    expect(warn).not.toHaveBeenCalled()
    expect(await db.evenementProspect.count()).toBe(before)
    // A well-formed encoding is still a path like any other (the app's own 404).
    const accents = await handle(new Request(`${BASE}/admin/prospects/%C3%A9`, { headers: { Cookie: cookie, Accept: 'text/html' } }))
    expect(accents.status).toBe(404)
    await accents.text()
  })
})

describe('un compte attaqué est ralenti, jamais bloqué', () => {
  /** `count` failures for `email` in the window, from as many addresses (the last from `from`), all just now. */
  async function failures(email: string, count: number, from: string) {
    const now = Date.now()
    await db.tentativeConnexion.createMany({
      data: Array.from({ length: count }, (_, i) => ({ email, ip: i === count - 1 ? from : `203.0.113.${(i % 250) + 1}`, succes: false, date: new Date(now - (count - i) * 10) })),
    })
  }

  it('le délai imposé aux adresses qui ont échoué double avec les échecs (2 s, 4 s, 8 s…) et plafonne à 5 minutes', async () => {
    const waits: number[] = []
    for (const [i, count] of [5, 6, 7, 30].entries()) {
      const email = `cible${i}@exemple.fr`
      const from = `198.51.100.${90 + i}`
      await failures(email, count, from)
      const r = await login(email, 'encore-un-essai', { remoteAddress: from })
      expect(r.status, `${count} échecs`).toBe(429)
      const wait = Number(r.retryAfter)
      waits.push(wait)
      expect(alert(r.html)).toBe(`Trop de tentatives, réessayez dans ${wait < 60 ? `${wait} seconde${wait > 1 ? 's' : ''}` : `${Math.ceil(wait / 60)} minutes`}.`)
    }
    // The last failure is a few milliseconds old when the delay is computed (a second at most on a loaded machine).
    for (const [i, nominal] of [2, 4, 8, 300].entries()) {
      expect(waits[i]).toBeGreaterThanOrEqual(nominal - 1)
      expect(waits[i]).toBeLessThanOrEqual(nominal)
    }
    expect(alert((await login('cible3@exemple.fr', 'x', { remoteAddress: '198.51.100.93' })).html)).toBe('Trop de tentatives, réessayez dans 5 minutes.')
  })

  it('même après 30 échecs venus d’ailleurs, le propriétaire se connecte depuis une adresse sans échec', async () => {
    await failures(DEMO_USERS.admin.email, 30, '203.0.113.251')
    expect((await login(DEMO_USERS.admin.email, 'faux', { remoteAddress: '203.0.113.251' })).status).toBe(429)
    const owner = await login(DEMO_USERS.admin.email, DEMO_USERS.admin.password, { remoteAddress: '192.0.2.50' })
    expect(owner.status).toBe(302)
  })
})

describe('outillage de test honnête', () => {
  const reports = path.join(TMP, randomName('totaux-sonde'))
  afterAll(() => fs.rmSync(reports, { recursive: true, force: true }))

  it('aucun nouvel essai automatique : ni Vitest, ni Playwright, ni la CI', async () => {
    const playwright = (await import('../../playwright.config')).default
    expect(playwright.retries).toBe(0)
    for (const project of playwright.projects ?? []) expect(project.retries ?? 0, project.name).toBe(0)
    const vitest = (await import('../../vite.config')).default as { test?: { retry?: number } }
    expect(vitest.test?.retry).toBe(0)
    for (const file of ['package.json', 'scripts/test-all.sh', '.ci/run']) {
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/--retr(y|ies)/)
    }
  })

  it('un test Playwright passé seulement au second essai est annoncé « flaky » à part et ne compte pas comme réussi', () => {
    fs.mkdirSync(reports, { recursive: true })
    const flaky = { title: 'connexion', file: 'secretariat.spec.ts', tests: [{ projectName: 'js', status: 'flaky' }] }
    const passing = { title: 'liste', file: 'prospects.spec.ts', tests: [{ projectName: 'js', status: 'expected' }] }
    fs.writeFileSync(path.join(reports, 'vitest-pglite.json'), JSON.stringify({ passed: 10, failed: 0, skipped: 0, flaky: [], outside: [] }))
    fs.writeFileSync(
      path.join(reports, 'playwright.json'),
      JSON.stringify({ stats: { expected: 1, unexpected: 0, skipped: 0, flaky: 1 }, errors: [], suites: [{ suites: [{ specs: [flaky] }], specs: [passing] }] }),
    )
    fs.writeFileSync(path.join(reports, 'playwright.exit'), '0')
    const run = spawnSync(process.execPath, ['scripts/test-summary.mjs', reports], { cwd: ROOT, encoding: 'utf8' })
    const lines = run.stdout.trim().split('\n')
    expect(run.status).toBe(1)
    expect(lines).toContain('  playwright : secretariat.spec.ts › connexion (js)')
    expect(lines).toContain('1 flaky')
    expect(lines.at(-1)).toBe('11 passed, 0 failed')
  })
})
