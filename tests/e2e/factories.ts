// The data each journey builds for itself, instead of relying on the seed's arithmetic. The e2e server's embedded
// database is the server's alone, so prospects and their emails arrive the way they do in production: through the
// app's public intake API, which n8n posts to (POST /api/n8n/prospects and /api/n8n/echanges, X-Callback-Secret).
// Names, emails and references carry a random tag: both projects (JavaScript on and off) share one server.
import crypto from 'node:crypto'
import { expect, type APIRequestContext } from '@playwright/test'
import { simulatorCallbackSecret } from '~/n8n/demo-contacts.server'

const headers = () => ({ 'X-Callback-Secret': simulatorCallbackSecret(), 'Content-Type': 'application/json' })

/** What n8n's website-form workflow posts to the app (same secret as the built-in simulator's). */
export function postContact(request: APIRequestContext, body: Record<string, unknown>) {
  return request.post('/api/n8n/prospects', { headers: headers(), data: body })
}

/** What n8n's inbox workflow posts for one email exchanged with a known prospect. */
export function postEchange(request: APIRequestContext, body: Record<string, unknown>) {
  return request.post('/api/n8n/echanges', { headers: headers(), data: body })
}

/** Lowercase letters only: a name with digits would not read as a name where a list checks its shape. */
function randomLetters(length = 8) {
  return Array.from(crypto.randomBytes(length), (byte) => String.fromCharCode(97 + (byte % 26))).join('')
}

const PRENOMS = ['Apolline', 'Bastien', 'Inès', 'Théo', 'Zoé', 'Loïc', 'Maëlle', 'Jérôme']

const ascii = (text: string) => text.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase()

export type ProspectOverrides = {
  prenom?: string
  nom?: string
  email?: string
  telephone?: string
  adresse?: string
  codePostal?: string
  ville?: string
  /** A formation's id or name (prisma/seed-data.ts FORMATIONS), or null for none. */
  formation?: string | null
  modeFinancement?: string
  source?: string
  sujet?: string
  message?: string
  resumeIa?: string
  /** When the contact was made (ISO 8601); now by default. */
  date?: string
}

export type CreatedProspect = {
  id: string
  prenom: string
  nom: string
  email: string
  /** As the panel's heading and the toasts write the person: "Inès TESTKQZ…". */
  title: string
  /** As the list's row link reads: "TESTKQZ… Inès". */
  row: string
  /** A word that finds this prospect alone in the list's search. */
  search: string
}

/**
 * A new prospect (status « Nouveau »), as if the website form had sent it: unique name and email, a phone, a town, a
 * first message, and a wished formation (CAP Bijouterie-Joaillerie by default) so the conversion modal pre-selects
 * the formation and its next session. Every admin gets a "Nouveau prospect" notification: create the prospects a
 * test needs before it reads any bell count.
 */
export async function createProspect(request: APIRequestContext, overrides: ProspectOverrides = {}): Promise<CreatedProspect> {
  const tag = randomLetters()
  const prenom = overrides.prenom ?? PRENOMS[crypto.randomInt(PRENOMS.length)]
  const nom = overrides.nom ?? `Test${tag}`
  const email = overrides.email ?? `${ascii(prenom)}.${tag}@exemple.fr`
  // A 09 number: the seed's numbers start with 06 or 07, and a shared number would match another prospect.
  const telephone = overrides.telephone ?? `09 ${Array.from({ length: 4 }, () => String(crypto.randomInt(100)).padStart(2, '0')).join(' ')}`
  const { formation = 'CAP Bijouterie-Joaillerie', ...rest } = overrides
  const res = await postContact(request, {
    reference: `e2e-${tag}`,
    ville: 'Lyon',
    modeFinancement: 'CPF',
    source: 'FORMULAIRE_SITE',
    sujet: 'Demande d’information (formulaire du site)',
    message: 'Bonjour, je souhaite me reconvertir dans la bijouterie. Quelles sont les dates de la prochaine session ?',
    ...rest,
    prenom,
    nom,
    email,
    telephone,
    formation,
  })
  expect(res.status(), await res.text()).toBe(201)
  const { id, cree } = (await res.json()) as { id: string; cree: boolean }
  expect(cree).toBe(true)
  return { id, prenom, nom, email, title: `${prenom} ${nom.toUpperCase()}`, row: `${nom.toUpperCase()} ${prenom}`, search: nom.toLowerCase() }
}

export type EchangeOverrides = { direction?: 'ENTRANT' | 'SORTANT'; sujet?: string; corps?: string; date?: string }

/** One more email in the prospect's history (sent by the school by default), as the inbox workflow posts it. */
export async function addEchange(request: APIRequestContext, prospectId: string, overrides: EchangeOverrides = {}) {
  const body = {
    messageId: `<e2e-${randomLetters()}@mail.exemple.fr>`,
    prospect: prospectId,
    direction: 'SORTANT',
    sujet: 'Programme détaillé et calendrier',
    corps: 'Bonjour,\n\nVous trouverez ci-joint le programme de la formation et les dates des prochaines sessions.\n\nBien à vous,\nL’équipe pédagogique',
    ...overrides,
  }
  const res = await postEchange(request, body)
  expect(res.status(), await res.text()).toBe(201)
  const { echange } = (await res.json()) as { echange: string }
  return { id: echange, sujet: body.sujet }
}
