// Login throttling from outside, through the production handler (each request comes from the address given to the
// edge, as server.js gives the socket's): parallel guesses cannot slip past the count, an attacker cannot lock an
// admin out, and every refusal says how long to wait. Runs on PGlite and on PostgreSQL (TEST_DB=postgres), where
// the parallel requests really run side by side on a pool of connections.
import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { appHandler } from '../utils/app-handler'
import { BASE } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

async function login(email: string, motDePasse: string, address: string) {
  const handle = await appHandler()
  const response = await handle(
    new Request(`${BASE}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: new URLSearchParams({ email, motDePasse, redirectTo: '' }),
    }),
    { remoteAddress: address },
  )
  return { status: response.status, retryAfter: response.headers.get('Retry-After'), html: await response.text() }
}

/** The page's form-level message (the 429's explanation). */
const alert = (html: string) => html.match(/role="alert"[^>]*>([^<]+)</)?.[1] ?? ''

describe('limitation des tentatives de connexion', () => {
  it('30 mauvais mots de passe envoyés en parallèle pour un email : au plus 5 vérifiés, les autres reçoivent 429', async () => {
    const email = DEMO_USERS.formateur.email
    const results = await Promise.all(Array.from({ length: 30 }, () => login(email, 'mauvais-mot-de-passe', '198.51.100.30')))
    const checked = results.filter((r) => r.status === 400)
    const refused = results.filter((r) => r.status === 429)
    expect(checked.length).toBeLessThanOrEqual(5)
    expect(checked.length + refused.length).toBe(30)
    // Each check is recorded before the password is compared: the records are the checks.
    expect(await db.tentativeConnexion.count({ where: { email } })).toBe(checked.length)
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThan(0)
      expect(alert(r.html)).toMatch(/^Trop de tentatives, réessayez dans \d+ (secondes?|minutes?)\.$/)
    }
  })

  it('une adresse qui échoue est refusée après 5 échecs, quel que soit l’email, avec Retry-After et l’attente en minutes', async () => {
    for (let i = 0; i < 5; i++) expect((await login(`inconnu${i}@exemple.fr`, 'faux', '198.51.100.40')).status).toBe(400)
    const refused = await login(DEMO_USERS.eleve.email, DEMO_USERS.eleve.password, '198.51.100.40')
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThan(14 * 60)
    expect(alert(refused.html)).toMatch(/^Trop de tentatives, réessayez dans 1[45] minutes\.$/)
    // Another address is not affected.
    expect((await login(DEMO_USERS.eleve.email, DEMO_USERS.eleve.password, '198.51.100.41')).status).toBe(302)
  })

  it('des échecs venus d’autres adresses ralentissent le compte sans bloquer son propriétaire, qui se connecte depuis une adresse sans échec', async () => {
    const email = DEMO_USERS.admin2.email
    // An attacker spreads guesses over many addresses.
    for (let i = 0; i < 8; i++) expect((await login(email, `essai-${i}`, `203.0.113.${i}`)).status).toBe(400)
    // Addresses that already failed now wait a delay that grows with the failures (capped), and are told how long.
    const slowed = await login(email, 'essai-encore', '203.0.113.1')
    expect(slowed.status).toBe(429)
    const wait = Number(slowed.retryAfter)
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(5 * 60)
    expect(alert(slowed.html)).toBe(`Trop de tentatives, réessayez dans ${wait < 60 ? `${wait} seconde${wait > 1 ? 's' : ''}` : `${Math.ceil(wait / 60)} minutes`}.`)
    // The owner, from the school's address (no failure), still gets in at once.
    const owner = await login(email, DEMO_USERS.admin2.password, '192.0.2.10')
    expect(owner.status).toBe(302)
  })
})
