import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { sessionCookie } from '~/auth/session.server'
import { action as loginAction } from '~/routes/login'
import { action as logoutAction } from '~/routes/logout'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { BASE, call, dataOf, post, sessionFor, statusOf } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

function loginRequest(email: string, motDePasse: string, ip = '10.0.0.1', extra: { cookie?: string; redirectTo?: string } = {}) {
  const body = new URLSearchParams({ email, motDePasse, redirectTo: extra.redirectTo ?? '' })
  return new Request(`${BASE}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Client-Address': ip, ...(extra.cookie ? { Cookie: extra.cookie } : {}) },
    body,
  })
}

describe('connexion', () => {
  it('ouvre une session en base et pose un cookie httpOnly SameSite=Lax', async () => {
    const res = (await call(loginAction, loginRequest(DEMO_USERS.admin.email, DEMO_USERS.admin.password))) as Response
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('/admin')
    const setCookie = res.headers.get('Set-Cookie')!
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    const id = await sessionCookie.parse(setCookie.split(';')[0])
    expect(await db.sessionConnexion.count({ where: { id } })).toBe(1)
  })

  it('refuse un mauvais mot de passe sans dire si l’email existe, et garde l’email saisi', async () => {
    for (const email of [DEMO_USERS.admin.email, 'inconnu@ecole-bijouterie.fr']) {
      const res = await call(loginAction, loginRequest(email, 'mauvais', '10.0.0.2'))
      expect(statusOf(res)).toBe(400)
      const reply = dataOf<{ error: Record<string, string[]>; initialValue: Record<string, string> }>(res)
      expect(reply.error[''].join()).toBe('Email ou mot de passe incorrect.')
      expect(reply.initialValue.email).toBe(email)
      expect(reply.initialValue.motDePasse).toBeUndefined()
    }
  })

  it('valide le formulaire (400, messages en français)', async () => {
    const res = await call(loginAction, loginRequest('pas-un-email', ''))
    expect(statusOf(res)).toBe(400)
    const reply = dataOf<{ error: Record<string, string[]> }>(res)
    expect(reply.error.email).toContain('Adresse email invalide')
  })

  it('ralentit un email après 5 échecs pour les adresses qui ont échoué (429, « réessayez dans N secondes »), sans bloquer une adresse sans échec', async () => {
    const email = DEMO_USERS.formateur.email
    for (let i = 0; i < 5; i++) expect(statusOf(await call(loginAction, loginRequest(email, 'faux', `10.1.0.${i}`)))).toBe(400)
    const res = await call(loginAction, loginRequest(email, DEMO_USERS.formateur.password, '10.1.0.4'))
    expect(statusOf(res)).toBe(429)
    expect(dataOf<{ error: Record<string, string[]> }>(res).error[''].join()).toMatch(/^Trop de tentatives, réessayez dans \d+ secondes?\.$/)
    expect(await db.sessionConnexion.count({ where: { utilisateur: { email } } })).toBe(0)
    const owner = await call(loginAction, loginRequest(email, DEMO_USERS.formateur.password, '10.1.0.99'))
    expect(statusOf(owner)).toBe(302)
  })

  it('bloque après 5 échecs depuis une même adresse, quel que soit l’email', async () => {
    for (let i = 0; i < 5; i++) await call(loginAction, loginRequest(`x${i}@exemple.fr`, 'faux', '10.9.9.9'))
    const res = await call(loginAction, loginRequest(DEMO_USERS.eleve.email, DEMO_USERS.eleve.password, '10.9.9.9'))
    expect(statusOf(res)).toBe(429)
    const other = await call(loginAction, loginRequest(DEMO_USERS.eleve.email, DEMO_USERS.eleve.password, '10.9.9.8'))
    expect(statusOf(other)).toBe(302)
  })

  it('renouvelle l’identifiant de session à la connexion et révoque l’ancien', async () => {
    const old = await sessionFor('admin')
    const res = (await call(loginAction, loginRequest(DEMO_USERS.admin.email, DEMO_USERS.admin.password, '10.0.0.3', { cookie: old.cookie }))) as Response
    const oldId = await sessionCookie.parse(old.cookie.split('; ')[0])
    const newId = await sessionCookie.parse(res.headers.get('Set-Cookie')!.split(';')[0])
    expect(newId).not.toBe(oldId)
    expect(await db.sessionConnexion.count({ where: { id: oldId } })).toBe(0)
  })

  it('ne suit jamais une redirection vers un autre site', async () => {
    for (const redirectTo of ['//evil.example', 'https://evil.example', '/\\evil.example']) {
      const res = (await call(loginAction, loginRequest(DEMO_USERS.admin.email, DEMO_USERS.admin.password, '10.0.0.4', { redirectTo }))) as Response
      expect(res.headers.get('Location')).toBe('/admin')
    }
  })
})

describe('déconnexion', () => {
  it('supprime la session en base', async () => {
    const req = await post('/logout', {})
    const id = await sessionCookie.parse(req.headers.get('Cookie')!.split('; ')[0])
    expect(await db.sessionConnexion.count({ where: { id } })).toBe(1)
    const res = (await call(logoutAction, req)) as Response
    expect(res.status).toBe(302)
    expect(await db.sessionConnexion.count({ where: { id } })).toBe(0)
  })

  it('refuse un POST sans jeton CSRF (403) et ne touche pas la session', async () => {
    const req = await post('/logout', {}, 'admin', { csrf: false })
    const id = await sessionCookie.parse(req.headers.get('Cookie')!.split('; ')[0])
    const res = await call(logoutAction, req)
    expect(statusOf(res)).toBe(403)
    expect(await db.sessionConnexion.count({ where: { id } })).toBe(1)
  })
})

describe('configuration', () => {
  it('refuse de démarrer en production sans SESSION_SECRET, avec un message clair', () => {
    let output = ''
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '-e', "await import('./app/utils/env.server.ts')"], {
        env: { PATH: process.env.PATH, NODE_ENV: 'production' },
        stdio: 'pipe',
      })
    } catch (error) {
      output = String((error as { stderr: Buffer }).stderr)
    }
    expect(output).toContain('SESSION_SECRET est obligatoire en production')
  })
})
