// Every route × anonymous, ELEVE, FORMATEUR, ADMIN through the production request handler.
import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server'
import { appHandler } from '../utils/app-handler'
import { BASE, sessionFor, type Who } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

type Expect = { anonyme: number; eleve: number; formateur: number; admin: number | number[] }
const adminOnlyPage = (admin: number | number[] = 200): Expect => ({ anonyme: 302, eleve: 403, formateur: 403, admin })

const P = 'PROS_000002'
const routes: { method: 'GET' | 'POST'; path: string; expect: Expect; stream?: boolean }[] = [
  { method: 'GET', path: '/', expect: { anonyme: 302, eleve: 302, formateur: 302, admin: 302 } },
  { method: 'GET', path: '/login', expect: { anonyme: 200, eleve: 302, formateur: 302, admin: 302 } },
  { method: 'GET', path: '/espace', expect: { anonyme: 302, eleve: 200, formateur: 200, admin: 200 } },
  { method: 'POST', path: '/logout', expect: { anonyme: 302, eleve: 302, formateur: 302, admin: 302 } },
  { method: 'GET', path: '/admin/prospects', expect: adminOnlyPage() },
  { method: 'GET', path: `/admin/prospects/${P}`, expect: adminOnlyPage() },
  { method: 'GET', path: `/admin/prospects/${P}/echanges`, expect: adminOnlyPage() },
  { method: 'GET', path: `/admin/prospects/${P}/convertir`, expect: adminOnlyPage() },
  { method: 'POST', path: `/admin/prospects/${P}/convertir`, expect: adminOnlyPage(400) },
  { method: 'GET', path: `/admin/prospects/${P}/envoyer-dossier`, expect: adminOnlyPage() },
  { method: 'POST', path: `/admin/prospects/${P}/envoyer-dossier`, expect: adminOnlyPage(400) },
  { method: 'GET', path: `/admin/prospects/${P}/generer-devis`, expect: adminOnlyPage(302) },
  { method: 'GET', path: `/admin/prospects/${P}/envoyer-email`, expect: adminOnlyPage() },
  { method: 'POST', path: `/admin/prospects/${P}/envoyer-email`, expect: adminOnlyPage(400) },
  { method: 'GET', path: `/admin/prospects/${P}/relancer`, expect: adminOnlyPage(302) },
  { method: 'POST', path: `/admin/prospects/${P}/relancer`, expect: adminOnlyPage(400) },
  { method: 'GET', path: '/admin/systeme', expect: adminOnlyPage() },
  // Issue 12: by hand, export, RGPD.
  { method: 'GET', path: '/admin/prospects/nouveau', expect: adminOnlyPage() },
  { method: 'POST', path: '/admin/prospects/nouveau', expect: adminOnlyPage(400) },
  { method: 'GET', path: `/admin/prospects/${P}/modifier`, expect: adminOnlyPage() },
  { method: 'POST', path: `/admin/prospects/${P}/modifier`, expect: adminOnlyPage(400) },
  { method: 'GET', path: `/admin/prospects/${P}/statut`, expect: adminOnlyPage() },
  { method: 'POST', path: `/admin/prospects/${P}/statut`, expect: adminOnlyPage(400) },
  { method: 'GET', path: `/admin/prospects/${P}/notes`, expect: adminOnlyPage() },
  { method: 'POST', path: `/admin/prospects/${P}/notes`, expect: adminOnlyPage(400) },
  { method: 'GET', path: `/admin/prospects/${P}/donnees`, expect: adminOnlyPage() },
  { method: 'GET', path: '/admin/prospects/export.csv', expect: adminOnlyPage() },
  { method: 'GET', path: '/admin/prospects/rgpd', expect: adminOnlyPage() },
  { method: 'GET', path: '/admin/prospects/rgpd/anonymiser?tous=1', expect: adminOnlyPage() },
  { method: 'POST', path: '/admin/prospects/rgpd/anonymiser', expect: adminOnlyPage(400) },
  { method: 'GET', path: '/admin/candidats', expect: adminOnlyPage() },
  { method: 'GET', path: '/admin/logs', expect: adminOnlyPage() },
  { method: 'POST', path: '/admin/logs', expect: adminOnlyPage(400) },
  { method: 'GET', path: '/admin/logs/1', expect: adminOnlyPage() },
  { method: 'POST', path: '/admin/logs/1', expect: adminOnlyPage(400) },
  { method: 'GET', path: '/admin/logs/export.csv', expect: adminOnlyPage() },
  { method: 'GET', path: '/admin/notifications', expect: adminOnlyPage() },
  { method: 'POST', path: '/admin/notifications', expect: adminOnlyPage(400) },
  { method: 'GET', path: '/resources/notifications', expect: { anonyme: 401, eleve: 200, formateur: 200, admin: 200 }, stream: true },
  { method: 'GET', path: '/resources/notifications/stats', expect: { anonyme: 401, eleve: 403, formateur: 403, admin: 200 } },
  // Callbacks authenticate n8n by its secret, not by a user session.
  { method: 'POST', path: '/api/n8n/actions/00000000-0000-0000-0000-000000000000', expect: { anonyme: 401, eleve: 401, formateur: 401, admin: 401 } },
  { method: 'POST', path: '/api/n8n/prospects', expect: { anonyme: 401, eleve: 401, formateur: 401, admin: 401 } },
  { method: 'POST', path: '/api/n8n/echanges', expect: { anonyme: 401, eleve: 401, formateur: 401, admin: 401 } },
]

const people = ['anonyme', 'eleve', 'formateur', 'admin'] as const satisfies readonly Who[]

async function hit(route: (typeof routes)[number], who: Who) {
  const handle = await appHandler()
  const { cookie, csrfToken } = await sessionFor(who)
  const controller = new AbortController()
  const init: RequestInit = { method: route.method, headers: { Cookie: cookie }, signal: controller.signal }
  if (route.method === 'POST') {
    init.headers = { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }
    init.body = new URLSearchParams({ csrf: csrfToken })
  }
  const response = await handle(new Request(`${BASE}${route.path}`, init))
  if (route.stream) controller.abort()
  else await response.text()
  return response.status
}

describe('matrice d’accès', () => {
  it('chaque route répond le statut attendu pour chaque rôle, et rien ne change en base', async () => {
    const before = await Promise.all([db.candidat.count(), db.actionProspect.count(), db.journalErreur.count({ where: { resolu: true } }), db.prospect.count(), db.evenementProspect.count()])
    const failures: string[] = []
    for (const route of routes) {
      for (const who of people) {
        const status = await hit(route, who)
        const expected = route.expect[who]
        const ok = Array.isArray(expected) ? expected.includes(status) : status === expected
        if (!ok) failures.push(`${route.method} ${route.path} en ${who} : ${status} (attendu ${expected})`)
      }
    }
    expect(failures).toEqual([])
    const after = await Promise.all([db.candidat.count(), db.actionProspect.count(), db.journalErreur.count({ where: { resolu: true } }), db.prospect.count(), db.evenementProspect.count()])
    expect(after).toEqual(before)
  })
})

describe('CSRF', () => {
  it('chaque formulaire authentifié refuse un POST sans jeton (403) et ne change rien', async () => {
    const handle = await appHandler()
    const before = await Promise.all([db.candidat.count(), db.actionProspect.count(), db.journalErreur.count({ where: { resolu: true } }), db.sessionConnexion.count(), db.prospect.count(), db.evenementProspect.count()])
    const forms: [string, Record<string, string>][] = [
      [`/admin/prospects/${P}/convertir`, { formation: 'SERTISSAGE', session: 'x' }],
      [`/admin/prospects/${P}/envoyer-dossier`, { email: 'a@exemple.fr' }],
      [`/admin/prospects/${P}/generer-devis`, {}],
      [`/admin/prospects/${P}/envoyer-email`, { intent: 'relancer' }],
      ['/admin/logs', { intent: 'resoudre-selection', ids: '1' }],
      ['/admin/logs/1', { intent: 'resoudre' }],
      ['/admin/notifications', { intent: 'tout-lire' }],
      ['/admin/prospects/nouveau', { prenom: 'Jeanne', nom: 'Forgée', email: 'jeanne.forgee@exemple.fr' }],
      [`/admin/prospects/${P}/modifier`, { prenom: 'Jeanne', nom: 'Forgée', email: 'jeanne.forgee@exemple.fr' }],
      [`/admin/prospects/${P}/statut`, { statut: 'PERDU', raison: 'AUTRE_ECOLE' }],
      [`/admin/prospects/${P}/notes`, { texte: 'note forgée' }],
      ['/admin/prospects/rgpd/anonymiser', { cible: 'tous', confirmation: 'oui' }],
      ['/logout', {}],
    ]
    for (const [path, fields] of forms) {
      const { cookie, csrfToken } = await sessionFor('admin')
      for (const token of [undefined, 'jeton-forge', csrfToken.slice(0, -2) + 'xx']) {
        const body = new URLSearchParams(fields)
        if (token) body.set('csrf', token)
        const response = await handle(
          new Request(`${BASE}${path}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body }),
        )
        expect(response.status, `${path} jeton ${token ?? 'absent'}`).toBe(403)
        expect(await response.text()).toMatch(/Formulaire expiré ou invalide/)
      }
    }
    const after = await Promise.all([db.candidat.count(), db.actionProspect.count(), db.journalErreur.count({ where: { resolu: true } }), db.sessionConnexion.count(), db.prospect.count(), db.evenementProspect.count()])
    expect(after.slice(4)).toEqual(before.slice(4))
    // Each sessionFor() opened one session; nothing else changed.
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3))
    expect(after[3]).toBe(before[3] + forms.length)
  })
})

describe('prospect inconnu sur une route d’action', () => {
  // The prospect is read while the session and the form are checked: whoever the caller, the guard answers first.
  const inconnu = 'PROS_999999'
  const actions = ['convertir', 'envoyer-dossier', 'envoyer-email', 'generer-devis', 'relancer']

  it('la garde répond avant le 404 : connexion, rôle, jeton ; puis 404 en français pour un admin', async () => {
    const handle = await appHandler()
    const before = await Promise.all([db.candidat.count(), db.actionProspect.count(), db.prospect.count()])
    const answers: string[] = []
    for (const action of actions) {
      const path = `${BASE}/admin/prospects/${inconnu}/${action}`
      for (const who of people) {
        const { cookie, csrfToken } = await sessionFor(who)
        const page = await handle(new Request(path, { headers: { Cookie: cookie } }))
        answers.push(`GET ${action} ${who} ${page.status} ${page.status === 404 ? /Aucun prospect ne porte l’identifiant « PROS_999999 »/.test(await page.text()) : (page.headers.get('Location') ?? '')}`)
        for (const token of [csrfToken, 'jeton-forge']) {
          const post = await handle(
            new Request(path, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf: token }) }),
          )
          const body = await post.text()
          answers.push(`POST ${action} ${who} ${token === csrfToken ? 'jeton' : 'forgé'} ${post.status} ${post.status === 404 ? /Aucun prospect ne porte l’identifiant/.test(body) : (post.headers.get('Location')?.split('?')[0] ?? '')}`)
        }
      }
    }
    const expected = actions.flatMap((action) => [
      `GET ${action} anonyme 302 /login?redirectTo=%2Fadmin%2Fprospects%2F${inconnu}%2F${action}`,
      // A POST without a session is sent to the login page (the form's page as the way back), whatever its token.
      ...['jeton', 'forgé'].map((t) => `POST ${action} anonyme ${t} 302 /login`),
      ...(['eleve', 'formateur'] as const).flatMap((who) => [`GET ${action} ${who} 403 `, `POST ${action} ${who} jeton 403 `, `POST ${action} ${who} forgé 403 `]),
      `GET ${action} admin 404 true`,
      `POST ${action} admin jeton 404 true`,
      `POST ${action} admin forgé 403 `,
    ])
    expect(answers.sort()).toEqual(expected.sort())
    expect(await Promise.all([db.candidat.count(), db.actionProspect.count(), db.prospect.count()])).toEqual(before)
  })
})
