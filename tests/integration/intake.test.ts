// Contacts and emails that n8n posts: POST /api/n8n/prospects and /api/n8n/echanges through the real routes, on
// the test database (PGlite, and PostgreSQL with TEST_DB=postgres), with real concurrency for the duplicates.
import crypto from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { configureN8n } from '~/n8n/client.server'
import { subscribe, type BusEvent } from '~/notifications/bus.server'
import { action as echangesAction, loader as echangesLoader } from '~/routes/api.n8n.echanges'
import { action as prospectsAction } from '~/routes/api.n8n.prospects'
import { db } from '~/utils/db.server'
import { createCandidat, createProspect } from '../utils/db-utils'
import { allowConsoleError, BASE, call } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const SECRET = crypto.randomBytes(16).toString('hex')
beforeAll(() => configureN8n({ baseUrl: 'http://127.0.0.1:9/webhook', apiKey: 'cle-test', callbackSecret: SECRET }))

const unique = () => crypto.randomBytes(4).toString('hex')

type Answer = { status: number; body: Record<string, unknown> }

async function send(route: 'prospects' | 'echanges', body: unknown, init: { headers?: Record<string, string>; raw?: string } = {}): Promise<Answer> {
  const request = new Request(`${BASE}/api/n8n/${route}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Callback-Secret': SECRET, ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  })
  const res = (await call((route === 'prospects' ? prospectsAction : echangesAction) as never, request)) as Response
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

function contact(overrides: Record<string, unknown> = {}) {
  const tag = unique()
  return {
    reference: `form-${tag}`,
    nom: 'Dumitru',
    prenom: 'Marie',
    email: `marie.${tag}@exemple.fr`,
    telephone: `06 ${tag.slice(0, 2).replace(/\D/g, '1').padEnd(2, '1')} ${String(parseInt(tag, 16) % 1_000_000).padStart(6, '0').replace(/(\d\d)(?=\d)/g, '$1 ')}`,
    formation: 'CAP Bijouterie',
    source: 'FORMULAIRE_SITE',
    message: 'Bonjour, je voudrais des informations sur le CAP.',
    ...overrides,
  }
}

const snapshot = async () => ({ prospects: await db.prospect.count(), echanges: await db.historiqueEmail.count(), receptions: await db.receptionContact.count() })

describe('POST /api/n8n/prospects : refus clairs, jamais de 500, rien de changé', () => {
  it('secret absent ou faux → 401 ; pas du JSON → 415 ; plus de 64 Ko → 413 ; JSON invalide → 400', async () => {
    const before = await snapshot()
    expect((await send('prospects', contact(), { headers: { 'X-Callback-Secret': '' } })).status).toBe(401)
    expect((await send('prospects', contact(), { headers: { 'X-Callback-Secret': 'faux' } })).status).toBe(401)
    const form = await send('prospects', contact(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    expect(form.status).toBe(415)
    expect(form.body.erreur).toMatch(/application\/json/)
    const big = await send('prospects', contact({ message: 'x'.repeat(70_000) }))
    expect(big.status).toBe(413)
    expect(big.body.erreur).toMatch(/64 Ko/)
    const broken = await send('prospects', null, { raw: '{"reference": "a",' })
    expect(broken).toEqual({ status: 400, body: { erreur: 'Contact invalide', raisons: ['corps : JSON attendu'] } })
    const nul = await send('prospects', contact({ nom: 'Du\u0000mitru' }))
    expect(nul).toEqual({ status: 400, body: { erreur: 'Contact invalide', raisons: ['corps : caractère NUL (\\u0000) interdit'] } })
    expect(await snapshot()).toEqual(before)
  })

  it('un corps sans chunk déclaré mais trop gros est coupé à 64 Ko (413)', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 70; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)))
        controller.close()
      },
    })
    const request = new Request(`${BASE}/api/n8n/prospects`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Callback-Secret': SECRET },
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    expect(((await call(prospectsAction as never, request)) as Response).status).toBe(413)
  })

  it('champs invalides → 400 avec une raison en français par champ', async () => {
    const before = await snapshot()
    const res = await send('prospects', { email: 'pas-une-adresse', telephone: '12', source: 'Pigeon voyageur', modeFinancement: 'Bitcoin', date: 'hier', message: 42 })
    expect(res.status).toBe(400)
    const raisons = res.body.raisons as string[]
    expect(raisons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^reference : obligatoire/),
        'email : adresse email invalide',
        expect.stringMatching(/^telephone : numéro de téléphone invalide/),
        expect.stringMatching(/^source : source inconnu « Pigeon voyageur »/),
        expect.stringMatching(/^modeFinancement : mode de financement inconnu/),
        expect.stringMatching(/^date : date ISO 8601 attendue/),
        'message : texte attendu',
      ]),
    )
    const none = await send('prospects', { reference: 'sans-contact', nom: 'Durand' })
    expect(none.status).toBe(400)
    expect(none.body.raisons).toEqual(['email : email ou telephone : au moins un des deux est obligatoire'])
    expect(await snapshot()).toEqual(before)
  })

  it('GET → 405', async () => {
    expect((await echangesLoader()).status).toBe(405)
  })
})

describe('POST /api/n8n/prospects : nouveau contact, correspondance, idempotence', () => {
  it('crée un prospect numéroté PROS_…, avec son message dans l’historique, et l’annonce aux administrateurs', async () => {
    const body = contact({ ville: 'lyon', codePostal: 69002, modeFinancement: 'France Travail', resumeIa: 'Reconversion, CPF.', date: '2026-11-28T15:30:00+01:00' })
    const live: BusEvent[] = []
    const unsubscribe = subscribe((event) => live.push(event))
    const res = await send('prospects', body).finally(unsubscribe)
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ id: expect.stringMatching(/^PROS_\d{6,}$/), cree: true })
    const p = await db.prospect.findUniqueOrThrow({ where: { id: res.body.id as string }, include: { historiqueEmails: true, evenements: true } })
    expect(p).toMatchObject({
      nom: 'Dumitru',
      prenom: 'Marie',
      emails: [body.email],
      ville: 'Lyon',
      codePostal: '69002',
      formationSouhaiteeId: 'CAP_BIJOUTERIE',
      modeFinancement: 'FRANCE_TRAVAIL',
      source: 'FORMULAIRE_SITE',
      statutProspect: 'NOUVEAU',
      nbEchanges: 1,
      resumeIa: 'Reconversion, CPF.',
      datePremierContact: new Date('2026-11-28T14:30:00Z'),
      dateDernierContact: new Date('2026-11-28T14:30:00Z'),
    })
    expect(p.clesContact).toEqual(expect.arrayContaining([`e:${body.email}`, 'n:dumitru|marie']))
    expect(p.historiqueEmails).toEqual([expect.objectContaining({ direction: 'ENTRANT', corps: body.message, date: new Date('2026-11-28T14:30:00Z') })])
    expect(Math.abs(p.dateMiseAJour.getTime() - Date.now())).toBeLessThan(60_000)
    expect(p.evenements).toEqual([expect.objectContaining({ type: 'CREATION', auteurId: null })])
    const notification = await db.notification.findFirstOrThrow({ where: { lienAction: `/admin/prospects/${p.id}` } })
    expect(notification.titre).toBe('Nouveau prospect : Marie DUMITRU — CAP Bijouterie-Joaillerie, via le formulaire du site')
    expect(notification).toMatchObject({ audience: 'ADMIN', categorie: 'prospect', type: 'nouveau_prospect', auteurId: null })
    expect(Math.abs(notification.date.getTime() - Date.now())).toBeLessThan(60_000)
    // Announced live once, as stored.
    expect(live.filter((e) => e.kind === 'notification')).toEqual([
      expect.objectContaining({ id: notification.id, audience: 'ADMIN', row: expect.objectContaining({ titre: notification.titre, lienAction: `/admin/prospects/${p.id}`, date: notification.date.toISOString() }) }),
    ])
  })

  it('la même référence deux fois donne la même réponse et ne change rien', async () => {
    const body = contact()
    const first = await send('prospects', body)
    const before = await snapshot()
    const again = await send('prospects', { ...body, message: 'Autre texte', ville: 'Paris' })
    expect(again).toEqual({ status: 201, body: { ...first.body, doublon: true } })
    expect(await snapshot()).toEqual(before)
    expect((await db.prospect.findUniqueOrThrow({ where: { id: first.body.id as string } })).ville).toBeNull()
  })

  it('retrouve le prospect par email (espaces, majuscules) : complète les champs manquants, ajoute le message', async () => {
    const existing = await createProspect({ emails: ['Helene.Faure@Exemple.fr'], telephones: [], ville: null, codePostal: null, nbEchanges: 2, dateDernierContact: new Date('2026-01-01T10:00:00Z') })
    const res = await send('prospects', contact({ email: '  helene.faure@EXEMPLE.fr ', telephone: '+33 7 98 76 54 32', ville: 'Nantes', nom: 'Faure', prenom: 'Hélène', message: 'Je reviens vers vous.' }))
    expect(res).toEqual({ status: 200, body: { id: existing.id, cree: false } })
    const p = await db.prospect.findUniqueOrThrow({ where: { id: existing.id }, include: { historiqueEmails: true, evenements: true } })
    expect(p.ville).toBe('Nantes')
    expect(p.telephones).toEqual(['07 98 76 54 32'])
    expect(p.emails).toEqual(['Helene.Faure@Exemple.fr'])
    expect(p.nbEchanges).toBe(3)
    expect(p.dateDernierContact.getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(p.historiqueEmails.map((e) => e.corps)).toContain('Je reviens vers vous.')
    const edit = p.evenements.find((e) => e.type === 'MODIFICATION')
    expect(edit?.donnees).toMatchObject({ changements: expect.arrayContaining([{ champ: 'ville', avant: null, apres: 'Nantes' }]) })
    // A phone the prospect now has finds them too (+33 = 0).
    expect((await send('prospects', contact({ email: undefined, telephone: '0798765432' }))).body).toEqual({ id: existing.id, cree: false })
  })

  it('retrouve par téléphone (+33 = 0) ; un PERDU revient NOUVEAU, un CANDIDAT reste CANDIDAT', async () => {
    const perdu = await createProspect({ telephones: ['06 55 44 33 22'], statutProspect: 'PERDU', raisonPerte: 'NE_REPOND_PLUS' })
    const res = await send('prospects', contact({ email: undefined, telephone: '+33 (0)6 55 44 33 22' }))
    expect(res.body).toEqual({ id: perdu.id, cree: false })
    const reopened = await db.prospect.findUniqueOrThrow({ where: { id: perdu.id }, include: { evenements: true } })
    expect(reopened.statutProspect).toBe('NOUVEAU')
    expect(reopened.raisonPerte).toBeNull()
    expect(reopened.evenements).toEqual([expect.objectContaining({ type: 'STATUT', donnees: expect.objectContaining({ de: 'PERDU', vers: 'NOUVEAU' }) })])

    const { prospect: candidat } = await createCandidat()
    const again = await send('prospects', contact({ email: candidat.emails[0], telephone: undefined, message: 'Question sur la rentrée' }))
    expect(again.body).toEqual({ id: candidat.id, cree: false })
    const after = await db.prospect.findUniqueOrThrow({ where: { id: candidat.id }, include: { historiqueEmails: true } })
    expect(after.statutProspect).toBe('CANDIDAT')
    expect(after.historiqueEmails.map((e) => e.corps)).toContain('Question sur la rentrée')
  })

  it('une formation inconnue n’empêche pas l’arrivée du contact (avertissement) ; sans nom, le nom vient de l’email', async () => {
    const tag = parseInt(unique(), 16)
    const res = await send('prospects', { reference: `mail-${tag}`, email: `jean-paul.martin${tag}@exemple.fr`, formation: 'Horlogerie', source: 'email' })
    expect(res.status).toBe(201)
    expect(res.body.avertissements).toEqual([expect.stringMatching(/^formation : « Horlogerie » ne correspond à aucune formation/)])
    const p = await db.prospect.findUniqueOrThrow({ where: { id: res.body.id as string } })
    expect(p).toMatchObject({ prenom: 'Jean-Paul', nom: 'Martin', formationSouhaiteeId: null, source: 'EMAIL' })
  })
})

describe('concurrence : un seul prospect par personne', () => {
  it('20 envois simultanés du même nouveau contact (références différentes) → un prospect, 20 échanges', async () => {
    const base = contact()
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send('prospects', { ...base, reference: `${base.reference}-${i}`, email: i % 2 ? base.email.toUpperCase() : base.email })))
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true)
    const ids = new Set(answers.map((a) => a.body.id))
    expect(ids.size).toBe(1)
    expect(answers.filter((a) => a.body.cree === true)).toHaveLength(1)
    const p = await db.prospect.findUniqueOrThrow({ where: { id: [...ids][0] as string }, include: { _count: { select: { historiqueEmails: true } } } })
    expect(p.nbEchanges).toBe(20)
    expect(p._count.historiqueEmails).toBe(20)
    expect(await db.prospect.count({ where: { clesContact: { has: `e:${base.email}` } } })).toBe(1)
  })

  it('20 envois simultanés de la même référence → un prospect, un échange, 20 réponses identiques', async () => {
    const body = contact()
    const answers = await Promise.all(Array.from({ length: 20 }, () => send('prospects', body)))
    expect(new Set(answers.map((a) => `${a.status} ${a.body.id} ${a.body.cree}`)).size).toBe(1)
    expect(answers[0].status).toBe(201)
    expect(await db.historiqueEmail.count({ where: { prospectId: answers[0].body.id as string } })).toBe(1)
  })

  it('un email et un téléphone envoyés en même temps pour la même personne → un seul prospect', async () => {
    const body = contact()
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => send('prospects', { ...body, reference: `${body.reference}-e${i}`, telephone: undefined })),
      ...Array.from({ length: 5 }, (_, i) => send('prospects', { ...body, reference: `${body.reference}-t${i}` })),
    ])
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1)
  })
})

describe('POST /api/n8n/echanges', () => {
  it('prospect inconnu → 404 avec la raison ; rien d’enregistré', async () => {
    const before = await snapshot()
    const res = await send('echanges', { messageId: `<${unique()}@mail>`, email: 'personne@exemple.fr', direction: 'ENTRANT', sujet: 'Bonjour', corps: '…' })
    expect(res).toEqual({ status: 404, body: { erreur: 'Prospect inconnu : aucun prospect n’a l’adresse personne@exemple.fr.' } })
    expect((await send('echanges', { messageId: `<${unique()}@mail>`, prospect: 'PROS_999999999', direction: 'SORTANT', sujet: 'x', corps: 'y' })).status).toBe(404)
    const invalid = await send('echanges', { messageId: '', direction: 'AUTRE' })
    expect(invalid.status).toBe(400)
    expect(invalid.body.raisons).toEqual([expect.stringMatching(/^messageId : obligatoire/), expect.stringMatching(/^direction : direction doit valoir "ENTRANT"/)])
    const nobody = await send('echanges', { messageId: 'x', direction: 'ENTRANT' })
    expect(nobody.body.raisons).toEqual(['prospect : prospect (identifiant) ou email : au moins un des deux est obligatoire'])
    expect(await snapshot()).toEqual(before)
  })

  it('ajoute l’email à l’historique, met à jour compteurs, dernier contact et résumé ; le même messageId ne change rien', async () => {
    const p = await createProspect({ statutProspect: 'PERDU', nbEchanges: 4, dateDernierContact: new Date('2025-06-01T08:00:00Z') })
    const body = { messageId: `<${unique()}@mail.gmail.com>`, email: p.emails[0].toUpperCase(), direction: 'ENTRANT', sujet: 'Re: votre dossier', corps: 'Je suis toujours intéressée.', date: '2026-11-30T09:00:00+01:00', resumeIa: 'Toujours intéressée.' }
    const res = await send('echanges', body)
    expect(res).toEqual({ status: 201, body: { id: p.id, echange: expect.any(String) } })
    const after = await db.prospect.findUniqueOrThrow({ where: { id: p.id } })
    expect(after).toMatchObject({ nbEchanges: 5, resumeIa: 'Toujours intéressée.', statutProspect: 'NOUVEAU', dateDernierContact: new Date('2026-11-30T08:00:00Z') })
    const before = await snapshot()
    expect(await send('echanges', body)).toEqual({ status: 201, body: { ...res.body, doublon: true } })
    expect(await snapshot()).toEqual(before)
  })

  it('un email SORTANT par identifiant ne rouvre pas un PERDU et ne recule pas la date du dernier contact', async () => {
    const recent = new Date()
    const p = await createProspect({ statutProspect: 'PERDU', dateDernierContact: recent })
    const res = await send('echanges', { messageId: `<${unique()}@ecole>`, prospect: p.id, direction: 'SORTANT', sujet: 'Relance', corps: 'Bonjour', date: '2026-01-01T00:00:00Z' })
    expect(res.status).toBe(201)
    const after = await db.prospect.findUniqueOrThrow({ where: { id: p.id } })
    expect(after.statutProspect).toBe('PERDU')
    expect(after.dateDernierContact).toEqual(recent)
  })
})

describe('fuzzing des deux routes', () => {
  const anyValue = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ minLength: 300, maxLength: 25_000 }),
    fc.constantFrom('', ' ', '\u0000', '<script>alert(1)</script>', "' OR 1=1 --", '+33 6 12 34 56 78', 'marie@exemple.fr', 'FORMULAIRE_SITE', 'ENTRANT', '2026-11-30T09:00:00Z', 'PROS_000001'),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  )
  const keys = ['reference', 'messageId', 'nom', 'prenom', 'email', 'telephone', 'codePostal', 'ville', 'formation', 'modeFinancement', 'source', 'message', 'resumeIa', 'date', 'prospect', 'direction', 'sujet', 'corps']
  const body = fc.oneof(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 10 }), fc.jsonValue())

  it('corps arbitraires : jamais de 500, et un refus ne change rien', async () => {
    allowConsoleError(/\[notifications\]/)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('prospects' as const, 'echanges' as const), body, async (route, payload) => {
        const before = await snapshot()
        const res = await send(route, payload)
        expect(res.status).toBeLessThan(500)
        if (res.status >= 400) expect(await snapshot()).toEqual(before)
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    )
  })
})
