// "Envoyer email" shows the email before it goes: the draft from the school's assistant (the n8n simulator over real
// HTTP) or from the school's templates when it cannot answer, then exactly the sujet and corps the admin edited,
// sent and kept in the history. « Relancer » stays one click.
import { describe, expect, it } from 'vitest'
import { configureN8n } from '~/n8n/client.server'
import type { PayloadFor, RedigerEmailPayload } from '~/n8n/contract'
import { simulateRedaction, type SimulatorFault } from '~/n8n/simulator.server'
import { retryAction } from '~/prospects/actions/replay.server'
import { modeleEmail } from '~/prospects/email-templates'
import { action as emailAction } from '~/routes/admin.prospects.$id.envoyer-email'
import { db } from '~/utils/db.server'
import { counts, settledAction } from '../utils/actions-helpers'
import { postForm } from '../utils/app-handler'
import { adminUser, createAction, createProspect } from '../utils/db-utils'
import { call, dataOf, post } from '../utils/helpers'
import { useTestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const n8n = useTestN8n()

type Etape = { etape: 'consignes' | 'redaction'; result: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> } | null; brouillon: { sujet: string; corps: string; source: string; type: string; message: string } | null }

function envoyerEmail(prospectId: string, fields: Record<string, string>) {
  return post(`/admin/prospects/${prospectId}/envoyer-email`, fields).then((r) => call(emailAction, r, { id: prospectId }))
}

function requestsTo(path: string) {
  return n8n.sim.requests.filter((r) => r.path === path)
}

function lastBody<T>(path: string) {
  const all = requestsTo(path)
  if (!all.length) throw new Error(`aucune requête vers ${path}`)
  return all[all.length - 1].body as T
}

async function prospectWithHistory() {
  const prospect = await createProspect({ prenom: 'Marie', nom: 'Dumitru', formationSouhaiteeId: 'SERTISSAGE' })
  await db.historiqueEmail.create({ data: { prospectId: prospect.id, direction: 'ENTRANT', date: new Date(Date.now() - 86_400_000), sujet: 'Question sur le CPF', corps: 'Bonjour, peut-on financer la formation par le CPF ?' } })
  return prospect
}

describe('Préparer le brouillon', () => {
  it('l’assistant rédige à partir du type, des consignes, de la formation et de l’historique ; rien n’est envoyé', async () => {
    const prospect = await prospectWithHistory()
    const before = await counts(prospect.id)
    const res = await envoyerEmail(prospect.id, { intent: 'brouillon', type: 'information', message: 'Parler de la journée portes ouvertes' })
    expect(res).toHaveStatus(200)

    const sent = lastBody<RedigerEmailPayload>('prospect/rediger-email')
    expect(sent).toMatchObject({
      typeEmail: 'information',
      consignes: 'Parler de la journée portes ouvertes',
      prospect: { id: prospect.id, prenom: 'Marie', nom: 'Dumitru' },
      formation: { id: 'SERTISSAGE', nom: 'Sertissage' },
      historique: [{ direction: 'ENTRANT', sujet: 'Question sur le CPF' }],
    })
    const { etape, brouillon } = dataOf<Etape>(res)
    expect(etape).toBe('redaction')
    expect(brouillon).toEqual({ ...simulateRedaction(sent), source: 'assistant', type: 'information', message: 'Parler de la journée portes ouvertes' })
    expect(brouillon!.corps).toMatch(/Merci pour votre message « Question sur le CPF »/)
    // Only a draft: no action, no email, nothing in the history.
    expect(await counts(prospect.id)).toEqual(before)
    expect(requestsTo('prospect/envoyer-email')).toHaveLength(0)
  })

  const pannes: [string, SimulatorFault][] = [
    ['injoignable (connexion coupée)', { kind: 'down' }],
    ['workflow inactif (404)', { kind: 'notRegistered' }],
    ['secret refusé (403)', { kind: 'forbidden' }],
    ['réponse vide (le workflow a échoué)', { kind: 'emptyOk' }],
    ['réponse qui n’est pas du JSON', { kind: 'invalidJson' }],
    ['réponse sans texte', { kind: 'custom', status: 200, body: JSON.stringify({ sujet: 'Bonjour', corps: '' }) }],
    ['sujet de plus de 200 caractères', { kind: 'custom', status: 200, body: JSON.stringify({ sujet: 'x'.repeat(201), corps: 'Bonjour' }) }],
    ['erreur dans le workflow (500)', { kind: 'http5xx', status: 500, times: 5 }],
  ]
  it.each(pannes)('assistant en panne — %s : brouillon des modèles de l’école, dit comme tel, tout de suite', async (_label, fault) => {
    n8n.sim.setFault('REDIGER_EMAIL', fault)
    const prospect = await createProspect({ prenom: 'Inès', formationSouhaiteeId: 'SERTISSAGE' })
    const started = performance.now()
    const res = await envoyerEmail(prospect.id, { intent: 'brouillon', type: 'relance' })
    expect(res).toHaveStatus(200)
    expect(dataOf<Etape>(res).brouillon).toEqual({ ...modeleEmail('relance', { prenom: 'Inès', formation: 'Sertissage' }), source: 'modeles', type: 'relance', message: '' })
    // One attempt, no retry: the admin is waiting.
    expect(requestsTo('prospect/rediger-email')).toHaveLength(1)
    expect(performance.now() - started).toBeLessThan(3_000)
    expect(await counts(prospect.id)).toMatchObject({ actions: 0, emails: 0, journal: 0 })
  })

  it('assistant trop lent : au-delà du délai de rédaction, le brouillon des modèles', async () => {
    configureN8n({ redactionTimeoutMs: 300 })
    n8n.sim.setFault('REDIGER_EMAIL', { kind: 'hang' })
    const prospect = await createProspect({ prenom: 'Théo', formationSouhaiteeId: 'SERTISSAGE' })
    const started = performance.now()
    const res = await envoyerEmail(prospect.id, { intent: 'brouillon', type: 'commercial' })
    expect(dataOf<Etape>(res).brouillon).toMatchObject({ ...modeleEmail('commercial', { prenom: 'Théo', formation: 'Sertissage' }), source: 'modeles' })
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('n8n arrêté (rien n’écoute à son adresse) : brouillon des modèles', async () => {
    configureN8n({ baseUrl: 'http://127.0.0.1:9/webhook' })
    const prospect = await createProspect({ prenom: 'Zoé', formationSouhaiteeId: null })
    const res = await envoyerEmail(prospect.id, { intent: 'brouillon', type: 'information' })
    expect(dataOf<Etape>(res).brouillon).toMatchObject({ ...modeleEmail('information', { prenom: 'Zoé', formation: null }), source: 'modeles' })
  })

  it('la page du brouillon (sans JavaScript) : sujet et texte pré-remplis, l’origine dite en français, aucun mot technique', async () => {
    n8n.sim.setFault('REDIGER_EMAIL', { kind: 'down' })
    const prospect = await createProspect({ prenom: 'Loïc', formationSouhaiteeId: 'SERTISSAGE' })
    const page = await postForm(`/admin/prospects/${prospect.id}/envoyer-email`, { intent: 'brouillon', type: 'relance', message: 'Rappeler le salon' })
    expect(page.status).toBe(200)
    const modele = modeleEmail('relance', { prenom: 'Loïc', formation: 'Sertissage' })
    expect(page.body).toContain('Le brouillon vient des modèles de l’école : l’assistant de rédaction ne répond pas pour l’instant. Relisez-le avant l’envoi.')
    expect(page.body).toMatch(new RegExp(`<input[^>]*name="sujet"[^>]*value="${modele.sujet}"`))
    expect(page.body).toContain('Bonjour Loïc,')
    expect(page.body).toMatch(/<input type="hidden" name="intent" value="envoyer"/)
    expect(page.body).toMatch(/<input type="hidden" name="message" value="Rappeler le salon"/)
    const dialog = page.body.slice(page.body.indexOf('role="dialog"'), page.body.indexOf('</form>'))
    expect(dialog).not.toMatch(/n8n|webhook|nœud|workflow|JSON|HTTP|\b[45]\d\d\b/i)

    n8n.sim.clearFaults()
    const assistant = await postForm(`/admin/prospects/${prospect.id}/envoyer-email`, { intent: 'brouillon', type: 'relance' })
    expect(assistant.body).toContain('Brouillon préparé par l’assistant de rédaction')
    expect(assistant.body).not.toContain('Le brouillon vient des modèles')
  })
})

describe('Envoyer l’email relu', () => {
  it('le sujet et le texte modifiés partent tels quels et rejoignent l’historique (pas ce que renvoie n8n)', async () => {
    const prospect = await prospectWithHistory()
    const draft = dataOf<Etape>(await envoyerEmail(prospect.id, { intent: 'brouillon', type: 'relance' })).brouillon!
    const sujet = 'Journée portes ouvertes le 14 mars'
    const corps = `${draft.corps}\n\nPS : la journée portes ouvertes a lieu le samedi 14 mars, de 10 h à 17 h.`
    // n8n answers another subject: the history keeps the admin's.
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'custom', status: 200, body: JSON.stringify({ statut: 'TERMINEE', resultat: { messageId: '<x@ecole>', sujet: 'Autre sujet', corps: 'Autre texte' } }) })
    const res = await envoyerEmail(prospect.id, { intent: 'envoyer', type: 'relance', message: '', sujet: `  ${sujet} `, corps })
    expect(res).toHaveRedirect(`/admin/prospects/${prospect.id}`)
    await expect(res).toSendToast({ type: 'succes', titre: 'Email envoyé à Marie DUMITRU (relance)' })
    expect(lastBody<PayloadFor['ENVOYER_EMAIL']>('prospect/envoyer-email')).toMatchObject({ typeEmail: 'relance', sujet, corps, destinataire: prospect.emails[0] })
    const action = await settledAction((await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect.id } })).id)
    expect(action.statut).toBe('TERMINEE')
    const email = await db.historiqueEmail.findFirstOrThrow({ where: { prospectId: prospect.id, direction: 'SORTANT' } })
    expect(email).toMatchObject({ sujet, corps, actionId: action.id })
  })

  it('saisie refusée : 400 avec un message en français, la saisie gardée, rien d’envoyé', async () => {
    const prospect = await createProspect()
    const base = { intent: 'envoyer', type: 'information', message: 'Consignes', sujet: 'Informations', corps: 'Bonjour,\n\nVoici le programme.' }
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ ...base, sujet: '' }, 'sujet', /Indiquez le sujet de l’email/],
      [{ ...base, sujet: '   ' }, 'sujet', /Indiquez le sujet de l’email/],
      [{ ...base, sujet: 'x'.repeat(201) }, 'sujet', /Au plus 200 caractères/],
      [{ ...base, corps: '' }, 'corps', /Écrivez le texte de l’email/],
      [{ ...base, corps: 'x'.repeat(10_001) }, 'corps', /Au plus 10\u00a0000 caractères/],
      [{ ...base, type: 'commercial' }, 'confirmation', /Confirmez l’envoi de cet email commercial/],
      [{ ...base, type: 'spam' }, 'type', /Type d’email inconnu/],
      [{ ...base, intent: 'autre' }, 'intent', /Préparez le brouillon, puis envoyez-le/],
      [{ intent: 'brouillon', type: 'information', message: 'x'.repeat(2001) }, 'message', /Au plus 2000 caractères/],
    ]
    for (const [fields, field, message] of cases) {
      const res = await envoyerEmail(prospect.id, fields)
      expect(res).toHaveStatus(400)
      const { result, etape } = dataOf<Etape>(res)
      expect(result!.error![field].join(' ')).toMatch(message)
      expect(etape).toBe(fields.intent === 'envoyer' ? 'redaction' : 'consignes')
      // What was typed comes back to the form (Conform leaves empty fields out).
      expect(result!.initialValue).toMatchObject(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')))
    }
    expect(n8n.sim.requests.filter((r) => r.path !== 'prospect/rediger-email')).toHaveLength(0)
    expect(await counts(prospect.id)).toMatchObject({ actions: 0, emails: 0 })

    // The same email, confirmed: it goes.
    const ok = await envoyerEmail(prospect.id, { ...base, type: 'commercial', confirmation: 'oui' })
    expect(ok).toHaveRedirect(`/admin/prospects/${prospect.id}`)
    expect(lastBody<PayloadFor['ENVOYER_EMAIL']>('prospect/envoyer-email')).toMatchObject({ typeEmail: 'commercial', sujet: 'Informations', corps: base.corps })
  })

  it('prospect sans adresse email : ni brouillon ni envoi, 400 et message clair', async () => {
    const prospect = await createProspect({ prenom: 'Hugo', nom: 'Durand', emails: [] })
    for (const fields of <Record<string, string>[]>[{ intent: 'brouillon', type: 'relance' }, { intent: 'envoyer', type: 'relance', sujet: 'S', corps: 'C' }, { intent: 'relancer' }]) {
      const res = await envoyerEmail(prospect.id, fields)
      expect(res).toHaveStatus(400)
      expect(dataOf<Etape>(res).result!.error![''].join(' ')).toMatch(/Hugo DURAND n’a pas d’adresse email/)
    }
    expect(n8n.sim.requests).toHaveLength(0)
    expect(await db.actionProspect.count({ where: { prospectId: prospect.id } })).toBe(0)
  })
})

describe('Relancer en un clic', () => {
  it('le modèle de relance de l’école part sans étape de brouillon, et rejoint l’historique', async () => {
    const prospect = await createProspect({ prenom: 'Anaïs', nom: 'Faure', formationSouhaiteeId: 'SERTISSAGE' })
    const res = await envoyerEmail(prospect.id, { intent: 'relancer' })
    expect(res).toHaveRedirect(`/admin/prospects/${prospect.id}`)
    await expect(res).toSendToast({ type: 'succes', titre: 'Email envoyé à Anaïs FAURE (relance)' })
    const modele = modeleEmail('relance', { prenom: 'Anaïs', formation: 'Sertissage' })
    expect(requestsTo('prospect/rediger-email')).toHaveLength(0)
    expect(lastBody<PayloadFor['ENVOYER_EMAIL']>('prospect/envoyer-email')).toMatchObject({ typeEmail: 'relance', ...modele })
    await settledAction((await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect.id } })).id)
    expect(await db.historiqueEmail.findFirstOrThrow({ where: { prospectId: prospect.id } })).toMatchObject({ direction: 'SORTANT', ...modele })
    expect(await db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({ nbEchanges: 1, statutProspect: 'CONTACTE' })
  })

  it('une action enregistrée avant les brouillons (sans sujet ni texte) repart avec le modèle de relance', async () => {
    const prospect = await createProspect({ prenom: 'Bérénice', formationSouhaiteeId: 'SERTISSAGE' })
    const old = await createAction({ prospectId: prospect.id, type: 'ENVOYER_EMAIL', statut: 'ECHEC', parametres: { typeEmail: 'relance', message: null, destinataire: prospect.emails[0] } })
    await retryAction(old.id, await adminUser(), { prospectId: prospect.id })
    await settledAction(old.id)
    expect(lastBody<PayloadFor['ENVOYER_EMAIL']>('prospect/envoyer-email')).toMatchObject(modeleEmail('relance', { prenom: 'Bérénice', formation: 'Sertissage' }))
  })
})
