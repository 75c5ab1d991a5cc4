import crypto from 'node:crypto'
import { redirect } from '@remix-run/node'
import bcrypt from 'bcryptjs'
import { validateCsrf } from '~/utils/csrf.server'
import { SESSION_DAYS, sessionCookie, sessionIdOf } from './session-cookie.server'
import { db, type Role } from '~/utils/db.server'
import { env } from '~/utils/env.server'

export { sessionCookie, sessionIdOf }

export type SessionUser = { id: string; email: string; nom: string; role: Role; sessionId: string }

export function hashPassword(password: string) {
  return bcrypt.hash(password, 10)
}

let dummyHash: string | undefined

/** Compares against a dummy hash when the user does not exist, so timing does not reveal which emails exist. */
export async function verifyPassword(password: string, hash: string | null | undefined) {
  if (hash) return bcrypt.compare(password, hash)
  dummyHash ??= await bcrypt.hash('mot-de-passe-factice', 10)
  await bcrypt.compare(password, dummyHash)
  return false
}

const readSessionId = (request: Request) => sessionIdOf(request.headers.get('Cookie'))

// Root, layout and page loaders of one request share one lookup. Remix hands each loader its own copy of the request
// (it strips its own parameters per loader), so a lookup still running for the same Cookie header is joined as well;
// nothing is kept once it has answered.
const userByRequest = new WeakMap<Request, Promise<SessionUser | null>>()
const lookupsInFlight = new Map<string, Promise<SessionUser | null>>()

export function getUser(request: Request): Promise<SessionUser | null> {
  let pending = userByRequest.get(request)
  if (pending) return pending
  const cookie = request.headers.get('Cookie') ?? ''
  pending = lookupsInFlight.get(cookie)
  if (!pending) {
    const lookup = lookupUser(cookie)
    lookupsInFlight.set(cookie, lookup)
    const forget = () => lookupsInFlight.delete(cookie)
    lookup.then(forget, forget)
    pending = lookup
  }
  userByRequest.set(request, pending)
  return pending
}

async function lookupUser(cookie: string): Promise<SessionUser | null> {
  const sessionId = await sessionIdOf(cookie)
  if (!sessionId) return null
  // One statement (Prisma reads a relation with a second query): every page and form of the back office runs it.
  const [session] = await db.$queryRaw<{ dateExpiration: Date; id: string; email: string; nom: string; role: Role }[]>`
    SELECT s.date_expiration AS "dateExpiration", u.id, u.email, u.nom, u.role::text AS role
    FROM sessions_connexion s JOIN utilisateurs u ON u.id = s.utilisateur_id
    WHERE s.id = ${sessionId}`
  if (!session || session.dateExpiration < new Date()) return null
  return { id: session.id, email: session.email, nom: session.nom, role: session.role, sessionId }
}

/** The actions of a prospect's panel: a form posted there belongs to the panel. */
const PANEL_ACTION = /^(\/admin\/(?:prospects|candidats)\/[^/]+)\/(convertir|envoyer-dossier|generer-devis|envoyer-email|relancer)$/

function loginRedirect(request: Request) {
  const url = new URL(request.url)
  if (request.method === 'GET' || request.method === 'HEAD') {
    return redirect(`/login?${new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` })}`)
  }
  // A form posted after the session expired: nothing was done. After logging in the admin goes back to the page the
  // form belongs to (a panel's action to the panel, never to its dialog again) and is told so (LOGIN_MOTIFS).
  const panel = PANEL_ACTION.exec(url.pathname)
  const params = new URLSearchParams({ redirectTo: `${panel ? panel[1] : url.pathname}${url.search}`, motif: panel ? 'action' : 'formulaire' })
  return redirect(`/login?${params}`)
}

/** Why the login page is shown after a form was posted without a live session; the message greets the admin again. */
export const LOGIN_MOTIFS = {
  action: 'Votre session avait expiré : l’action n’a pas été lancée',
  formulaire: 'Votre session avait expiré : rien n’a été enregistré',
} as const
export type LoginMotif = keyof typeof LOGIN_MOTIFS
export const loginMotif = (value: string | null | undefined): LoginMotif | null => (value === 'action' || value === 'formulaire' ? value : null)

/** For pages: anonymous visitors are sent to /login and come back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) throw loginRedirect(request)
  return user
}

/** For pages under /admin: anonymous → /login, other roles → 403 page. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request)
  if (user.role !== 'ADMIN') {
    throw new Response('Accès réservé aux administrateurs.', { status: 403, statusText: 'Forbidden' })
  }
  return user
}

/**
 * The preamble of every admin POST: an admin (or a redirect to /login, a 403 page), the form's fields, and a valid
 * CSRF token (403 otherwise). Nothing is read from the database for the domain before these checks pass.
 */
export async function requireAdminForm(request: Request): Promise<{ user: SessionUser; formData: FormData }> {
  const user = await requireAdmin(request)
  const formData = await request.formData()
  await validateCsrf(formData, request.headers)
  return { user, formData }
}

/** For resource routes: no redirect, a plain 401/403. */
export async function requireApiUser(request: Request, roles?: Role[]): Promise<SessionUser> {
  const user = await getUser(request)
  if (!user) throw new Response('Authentification requise.', { status: 401 })
  if (roles && !roles.includes(user.role)) throw new Response('Accès refusé.', { status: 403 })
  return user
}

/** A fresh session id at every login (no fixation); the previous one, if any, is revoked. */
export async function createUserSession(request: Request, utilisateurId: string) {
  const previous = await readSessionId(request)
  if (previous) await db.sessionConnexion.deleteMany({ where: { id: previous } })
  const id = crypto.randomBytes(32).toString('base64url')
  await db.sessionConnexion.create({
    data: {
      id,
      utilisateurId,
      dateExpiration: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000),
      userAgent: request.headers.get('User-Agent')?.slice(0, 300) ?? null,
    },
  })
  return sessionCookie.serialize(id)
}

export async function destroyUserSession(request: Request) {
  const sessionId = await readSessionId(request)
  if (sessionId) await db.sessionConnexion.deleteMany({ where: { id: sessionId } })
  return sessionCookie.serialize('', { maxAge: 0 })
}
