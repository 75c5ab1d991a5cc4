// The four prospect actions through their routes, against the n8n simulator over real HTTP (callbacks included).
import { describe, expect, it } from 'vitest'
import { nomComplet } from '~/utils/format'
import { retryAction } from '~/prospects/actions/replay.server'
import { numeroDossierBase } from '~/candidats/numero-dossier'
import { configureN8n } from '~/n8n/client.server'
import type { PayloadFor } from '~/n8n/contract'
import type { SimulatorFault } from '~/n8n/simulator.server'
import { action as convertirAction, loader as convertirLoader } from '~/routes/admin.prospects.$id.convertir'
import { action as dossierAction } from '~/routes/admin.prospects.$id.envoyer-dossier'
import { action as emailAction, loader as emailLoader } from '~/routes/admin.prospects.$id.envoyer-email'
import { action as devisAction, loader as devisLoader } from '~/routes/admin.prospects.$id.generer-devis'
import { loader as panelLoader } from '~/routes/admin.prospects.$id'
import { loader as candidatsLoader } from '~/routes/admin.candidats'
import { db } from '~/utils/db.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { closedSession, counts, openSession, settledAction, toastOf } from '../utils/actions-helpers'
import { allowConsoleError, call, dataOf, get, post, statusOf } from '../utils/helpers'
import { useTestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const n8n = useTestN8n()

/** PROS_00000n: every 6th seeded prospect (n = 5, 11, 17…) is already a candidate. */
const id = (n: number) => `PROS_${String(n).padStart(6, '0')}`

async function prospect(n: number) {
  return db.prospect.findUniqueOrThrow({ where: { id: id(n) }, include: { candidat: true } })
}

function convertir(n: number, fields: Record<string, string>, query = '', who: Parameters<typeof post>[2] = 'admin') {
  return post(`/admin/prospects/${id(n)}/convertir${query}`, fields, who).then((req) => call(convertirAction, req, { id: id(n) }))
}

async function convertirFields(n: number) {
  const p = await prospect(n)
  const session = await openSession(p.formationSouhaiteeId!)
  return { formation: p.formationSouhaiteeId!, session: session.id }
}

function lastRequest<T extends keyof PayloadFor>(path: string) {
  const req = [...n8n.sim.requests].reverse().find((r) => r.path === path)
  if (!req) throw new Error(`aucune requête vers ${path}`)
  return req as typeof req & { body: PayloadFor[T] }
}

describe('Convertir en candidat', () => {
  it('crée le candidat, appelle n8n et garde le dossier Drive ; toast et notification', async () => {
    const before = await prospect(1)
    expect(before.statutProspect).not.toBe('CANDIDAT')
    const fields = await convertirFields(1)
    const notificationsBefore = await db.notification.count()
    const res = await convertir(1, fields)
    expect(statusOf(res)).toBe(302)
    expect((res as Response).headers.get('Location')).toBe(`/admin/prospects/${id(1)}`)

    const after = await prospect(1)
    const numero = numeroDossierBase('Dumitru', after.candidat!.dateConversion)
    expect(after.statutProspect).toBe('CANDIDAT')
    expect(after.candidat).toMatchObject({ numeroDossier: numero, formationId: fields.formation, sessionId: fields.session, statutDossier: 'RECU' })
    expect(after.candidat!.driveFolderUrl).toMatch(/^https:\/\/drive\.google\.com\/drive\/folders\//)
    expect(await toastOf(res)).toMatchObject({ type: 'succes', titre: `Candidature créée pour Marie DUMITRU : dossier ${numero}` })

    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(1), type: 'CONVERTIR_CANDIDAT' } })
    expect(action).toMatchObject({ statut: 'TERMINEE', tentatives: 1, httpStatus: 200, demandeParId: expect.any(String) })
    const req = lastRequest<'CONVERTIR_CANDIDAT'>('prospect/convertir-candidat')
    expect(req.idempotencyKey).toBe(action.id)
    expect(req.body.dossierDrive.nom).toBe(`[${numero}] Marie Dumitru`)
    expect(req.body.dossierDrive.sousDossiers.length).toBeGreaterThan(2)
    const docs = await db.documentRequis.findMany({ where: { formationId: fields.formation }, orderBy: { ordre: 'asc' } })
    expect(req.body.documentsRequis.map((d) => d.libelle)).toEqual(docs.map((d) => d.libelle))
    expect(req.body.callbackUrl).toBe(`${n8n.appUrl}/api/n8n/actions/${action.id}`)
    expect(await db.notification.count()).toBe(notificationsBefore + 1)

    // The workflow also calls back after answering: the duplicate changes nothing.
    await n8n.idle()
    expect(await counts(id(1))).toMatchObject({ candidats: 1, actions: 1 })
    expect(await db.notification.count()).toBe(notificationsBefore + 1)

    // The candidate shows on the Candidats page, with its Drive link; the panel shows the action.
    const list = dataOf<{ rows: { numeroDossier: string; driveFolderUrl: string | null }[] }>(await call(candidatsLoader, await get('/admin/candidats')))
    expect(list.rows[0]).toMatchObject({ numeroDossier: numero, driveFolderUrl: after.candidat!.driveFolderUrl })
    const panel = dataOf<{ timeline: { kind: string; action?: { type: string; statut: string; demandePar: { nom: string } } }[] }>(await call(panelLoader, await get(`/admin/prospects/${id(1)}`), { id: id(1) }))
    expect(panel.timeline.find((e) => e.kind === 'action')?.action).toMatchObject({ type: 'CONVERTIR_CANDIDAT', statut: 'TERMINEE', demandePar: { nom: DEMO_USERS.admin.nom } })
  })

  it('garde les filtres de la liste dans la redirection', async () => {
    const res = await convertir(2, await convertirFields(2), '?q=martin&page=2')
    expect((res as Response).headers.get('Location')).toBe(`/admin/prospects/${id(2)}?q=martin&page=2`)
  })

  it('refuse une saisie invalide (400), garde les valeurs et ne change rien', async () => {
    const p = await prospect(3)
    const before = await counts(id(3))
    const other = (await db.formation.findFirstOrThrow({ where: { id: { not: p.formationSouhaiteeId! } } })).id
    const cases: { fields: Record<string, string>; field: string; message: RegExp }[] = [
      { fields: { formation: p.formationSouhaiteeId! }, field: 'session', message: /Choisissez une session/ },
      { fields: { formation: p.formationSouhaiteeId!, session: (await openSession(other)).id }, field: 'session', message: /n’appartient pas à la formation/ },
      { fields: { formation: p.formationSouhaiteeId!, session: (await closedSession(p.formationSouhaiteeId!)).id }, field: 'session', message: /plus ouverte/ },
      { fields: { formation: 'INCONNUE', session: (await openSession(p.formationSouhaiteeId!)).id }, field: 'formation', message: /Formation inconnue/ },
    ]
    for (const c of cases) {
      const res = await convertir(3, c.fields)
      expect(statusOf(res)).toBe(400)
      const reply = dataOf<{ error: Record<string, string[]>; initialValue: Record<string, string> }>(res)
      expect(reply.error[c.field].join(' ')).toMatch(c.message)
      expect(reply.initialValue.formation).toBe(c.fields.formation)
    }
    expect(await counts(id(3))).toEqual(before)
    expect((await prospect(3)).statutProspect).toBe(p.statutProspect)
  })

  it('un prospect déjà candidat : 409 « Déjà candidat », rien ne change', async () => {
    const p = await prospect(5)
    expect(p.statutProspect).toBe('CANDIDAT')
    const before = await counts(id(5))
    const res = await convertir(5, { formation: p.candidat!.formationId, session: p.candidat!.sessionId })
    expect(statusOf(res)).toBe(409)
    expect(dataOf<{ error: Record<string, string[]> }>(res).error[''].join(' ')).toMatch(new RegExp(`Déjà candidat.*${p.candidat!.numeroDossier}`))
    expect(await counts(id(5))).toEqual(before)
    const modal = dataOf<{ prospect: { numeroDossier: string } }>(await call(convertirLoader, await get(`/admin/prospects/${id(5)}/convertir`), { id: id(5) }))
    expect(modal.prospect.numeroDossier).toBe(p.candidat!.numeroDossier)
  })

  it('20 conversions simultanées du même prospect : un seul candidat, les autres « déjà candidat »', async () => {
    const fields = await convertirFields(7)
    const results = await Promise.all(Array.from({ length: 20 }, () => convertir(7, fields)))
    const statuses = results.map(statusOf)
    expect(statuses.filter((s) => s === 302)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    for (const res of results.filter((r) => statusOf(r) === 409)) {
      expect(dataOf<{ error: Record<string, string[]> }>(res).error[''].join(' ')).toMatch(/Déjà candidat/)
    }
    expect(await counts(id(7))).toMatchObject({ candidats: 1, actions: 1 })
    expect(n8n.sim.requests.filter((r) => r.path === 'prospect/convertir-candidat')).toHaveLength(1)
  })

  it('numéro de dossier déjà pris le même jour : suffixe -2, -3…', async () => {
    const formationId = (await prospect(8)).formationSouhaiteeId
    const session = await openSession(formationId!)
    const numeros: string[] = []
    for (const [pid, nom] of [['PROS_TEST_DUMI1', 'Dumiège'], ['PROS_TEST_DUMI2', 'Dumiel'], ['PROS_TEST_DUMI3', 'Dumi']]) {
      await db.prospect.create({ data: { id: pid, nom, prenom: 'Jean', emails: [`${pid}@example.fr`], formationSouhaiteeId: formationId } })
      const res = await post(`/admin/prospects/${pid}/convertir`, { formation: formationId!, session: session.id }).then((r) => call(convertirAction, r, { id: pid }))
      expect(statusOf(res)).toBe(302)
      numeros.push((await db.candidat.findUniqueOrThrow({ where: { prospectId: pid } })).numeroDossier)
    }
    const base = numeroDossierBase('Dumi', new Date())
    expect(new Set(numeros).size).toBe(3)
    for (const n of numeros) expect(n === base || n.startsWith(`${base}-`)).toBe(true)
    expect(numeros.filter((n) => n !== base).every((n) => /-\d+$/.test(n))).toBe(true)
    const suffixes = numeros.map((n) => Number(n.split('-')[1] ?? 1))
    expect(suffixes).toEqual([...suffixes].sort((x, y) => x - y))
  })

  it('si n8n reste injoignable au-delà de l’horizon, le candidat reste et l’action est ECHEC ; retryAction la relance', async () => {
    allowConsoleError(/\[journal\]/)
    n8n.sim.setFault('CONVERTIR_CANDIDAT', { kind: 'down' })
    const res = await convertir(9, await convertirFields(9))
    expect(statusOf(res)).toBe(302)
    // The page does not wait for the retries: it says when the next one is.
    const toast = await toastOf(res)
    expect(toast).toMatchObject({ type: 'info', titre: 'Nouvel essai automatique prévu' })
    expect(toast?.description).toMatch(/Nouvel essai automatique à \d{1,2} h \d{2}/)
    const p = await prospect(9)
    expect(p.statutProspect).toBe('CANDIDAT')
    expect(p.candidat!.driveFolderId).toBeNull()
    const first = await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(9) } })
    const failed = await settledAction(first.id)
    expect(failed).toMatchObject({ statut: 'ECHEC', erreur: expect.stringMatching(/^n8n injoignable.*abandon après \d+ essais/), prochainEssai: null })
    expect(failed.tentatives).toBeGreaterThanOrEqual(4)
    // One journal entry for the whole incident, now an error.
    expect(await db.journalErreur.findMany({ where: { actionId: failed.id } })).toEqual([expect.objectContaining({ resolu: false, severite: 'CRITIQUE' })])

    // Still down: a second incident, the action stays ECHEC.
    const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin2.email } })
    const again = await retryAction(failed.id, admin)
    expect(again).toMatchObject({ kind: 'reprise', action: { id: failed.id, statut: 'EN_COURS' } })
    expect(await settledAction(failed.id)).toMatchObject({ statut: 'ECHEC' })
    expect(await db.journalErreur.count({ where: { actionId: failed.id, resolu: false } })).toBe(2)

    // n8n is back: same action, same idempotency key, the journal entries are resolved by the admin who replayed.
    n8n.sim.clearFaults()
    n8n.sim.requests.length = 0
    const outcome = await retryAction(failed.id, admin)
    expect(outcome).toMatchObject({ kind: 'termine', action: { id: failed.id, statut: 'TERMINEE' } })
    expect(n8n.sim.requests[0].idempotencyKey).toBe(failed.id)
    expect((await prospect(9)).candidat!.driveFolderId).toBeTruthy()
    const journal = await db.journalErreur.findMany({ where: { actionId: failed.id } })
    expect(journal).toHaveLength(2)
    expect(journal.every((j) => j.resolu && j.resoluPar === admin.nom && j.dateResolution)).toBe(true)
    expect(await db.candidat.count({ where: { prospectId: id(9) } })).toBe(1)

    // Nothing left to replay.
    expect(await retryAction(failed.id, admin)).toEqual({ kind: 'deja_terminee' })
  })
})

describe('Envoyer dossier', () => {
  it('envoie au courriel saisi ; statut EN_ATTENTE_DOSSIER et email dans l’historique', async () => {
    const before = await prospect(10)
    const res = await post(`/admin/prospects/${id(10)}/envoyer-dossier`, { email: '  autre.adresse@example.fr ' }).then((r) => call(dossierAction, r, { id: id(10) }))
    expect(statusOf(res)).toBe(302)
    expect(await toastOf(res)).toMatchObject({ type: 'succes', titre: `Dossier de candidature envoyé à ${nomComplet(before)} (autre.adresse@example.fr)` })
    const after = await prospect(10)
    expect(after.statutProspect).toBe('EN_ATTENTE_DOSSIER')
    expect(after.nbEchanges).toBe(before.nbEchanges + 1)
    expect(after.dateDernierContact.getTime()).toBeGreaterThan(before.dateDernierContact.getTime())
    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(10) } })
    const email = await db.historiqueEmail.findUniqueOrThrow({ where: { actionId: action.id } })
    expect(email.direction).toBe('SORTANT')
    expect(email.corps).toMatch(/https:\/\/formulaires\.ecole-bijouterie\.fr\/candidature\//)
    expect(lastRequest<'ENVOYER_DOSSIER'>('prospect/envoyer-dossier').body.destinataire).toBe('autre.adresse@example.fr')
  })

  it('adresse invalide : 400, valeur gardée, rien n’est créé', async () => {
    const before = await counts(id(12))
    const res = await post(`/admin/prospects/${id(12)}/envoyer-dossier`, { email: 'pas-une-adresse' }).then((r) => call(dossierAction, r, { id: id(12) }))
    expect(statusOf(res)).toBe(400)
    const reply = dataOf<{ error: Record<string, string[]>; initialValue: Record<string, string> }>(res)
    expect(reply.error.email).toEqual(['Adresse email invalide.'])
    expect(reply.initialValue.email).toBe('pas-une-adresse')
    expect(await counts(id(12))).toEqual(before)
    expect(n8n.sim.requests).toHaveLength(0)
  })
})

describe('Générer devis', () => {
  it('202 puis rappel : le lien du PDF arrive sur le prospect', async () => {
    const p = await prospect(13)
    const res = await post(`/admin/prospects/${id(13)}/generer-devis`, {}).then((r) => call(devisAction, r, { id: id(13) }))
    expect(statusOf(res)).toBe(302)
    // n8n answered 202: the page says so, unless the callback already landed while it waited.
    const toast = await toastOf(res)
    expect([`Génération du devis de ${nomComplet(p)} lancée : le lien apparaîtra dans le panneau dès qu’il sera prêt`, `Devis de ${nomComplet(p)} généré`]).toContain(toast?.titre)
    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(13) } })
    // n8n answered 202; its callback may already have landed (the simulator calls back right away).
    expect(action.httpStatus).toBe(202)
    expect(['EN_ATTENTE', 'TERMINEE']).toContain(action.statut)
    const req = lastRequest<'GENERER_DEVIS'>('prospect/generer-devis')
    expect(req.body.formation.id).toBe(p.formationSouhaiteeId)
    expect(req.body.formation.prixEuros).toBeGreaterThan(0)

    await n8n.idle()
    const done = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
    expect(done.statut).toBe('TERMINEE')
    expect((await prospect(13)).devisUrl).toBe((done.resultat as { devisUrl: string }).devisUrl)
    expect(await db.notification.findFirst({ where: { categorie: 'action', titre: `Devis de ${nomComplet(p)} généré` } })).not.toBeNull()
  })

  it('un GET renvoie vers le panneau', async () => {
    const res = await call(devisLoader, await get(`/admin/prospects/${id(13)}/generer-devis?q=x`), { id: id(13) })
    expect((res as Response).headers.get('Location')).toBe(`/admin/prospects/${id(13)}?q=x`)
  })
})

describe('Envoyer email', () => {
  it('relance en un clic : email dans l’historique, échanges et dernier contact mis à jour', async () => {
    const before = await prospect(14)
    const res = await post(`/admin/prospects/${id(14)}/envoyer-email`, { intent: 'relancer' }).then((r) => call(emailAction, r, { id: id(14) }))
    expect(statusOf(res)).toBe(302)
    expect(await toastOf(res)).toMatchObject({ type: 'succes', titre: `Email envoyé à ${nomComplet(before)} (relance)` })
    const after = await prospect(14)
    expect(after.nbEchanges).toBe(before.nbEchanges + 1)
    expect(after.dateDernierContact.getTime()).toBeGreaterThan(before.dateDernierContact.getTime())
    const email = await db.historiqueEmail.findFirstOrThrow({ where: { prospectId: id(14) }, orderBy: { date: 'desc' } })
    expect(email).toMatchObject({ direction: 'SORTANT', sujet: expect.stringMatching(/^Votre projet de formation/) })
    expect(lastRequest<'ENVOYER_EMAIL'>('prospect/envoyer-email').body).toMatchObject({ typeEmail: 'relance', sujet: email.sujet, corps: email.corps })
  })

  it('information : brouillon avec les consignes pour l’assistant, puis l’email relu part tel quel', async () => {
    const draft = await post(`/admin/prospects/${id(15)}/envoyer-email`, { intent: 'brouillon', type: 'information', message: 'Parler de la journée portes ouvertes' }).then((r) =>
      call(emailAction, r, { id: id(15) }),
    )
    expect(statusOf(draft)).toBe(200)
    expect(lastRequest('prospect/rediger-email').body).toMatchObject({ typeEmail: 'information', consignes: 'Parler de la journée portes ouvertes' })
    const { brouillon } = dataOf<{ brouillon: { sujet: string; corps: string } }>(draft)
    const corps = `${brouillon.corps}\n\nNous vous attendons à la journée portes ouvertes.`
    const res = await post(`/admin/prospects/${id(15)}/envoyer-email`, { intent: 'envoyer', type: 'information', sujet: brouillon.sujet, corps }).then((r) => call(emailAction, r, { id: id(15) }))
    expect(statusOf(res)).toBe(302)
    expect(lastRequest<'ENVOYER_EMAIL'>('prospect/envoyer-email').body).toMatchObject({ sujet: brouillon.sujet, corps })
    const email = await db.historiqueEmail.findFirstOrThrow({ where: { prospectId: id(15) }, orderBy: { date: 'desc' } })
    expect(email).toMatchObject({ sujet: brouillon.sujet, corps })
  })

  it('commercial : exige la confirmation ; type inconnu ou consignes trop longues : 400 sans effet', async () => {
    const before = await counts(id(16))
    const email = { intent: 'envoyer', sujet: 'Une offre pour la prochaine session', corps: 'Bonjour,\n\nUne offre.' }
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ ...email, type: 'commercial' }, 'confirmation', /Confirmez l’envoi/],
      [{ ...email, type: 'spam' }, 'type', /Type d’email inconnu/],
      [{ intent: 'brouillon' }, 'type', /Choisissez le type/],
      [{ intent: 'brouillon', type: 'information', message: 'x'.repeat(2001) }, 'message', /Au plus 2000/],
    ]
    for (const [fields, field, message] of cases) {
      const res = await post(`/admin/prospects/${id(16)}/envoyer-email`, fields).then((r) => call(emailAction, r, { id: id(16) }))
      expect(statusOf(res)).toBe(400)
      expect(dataOf<{ result: { error: Record<string, string[]> } }>(res).result.error[field].join(' ')).toMatch(message)
    }
    expect(await counts(id(16))).toEqual(before)
    const ok = await post(`/admin/prospects/${id(16)}/envoyer-email`, { ...email, type: 'commercial', confirmation: 'oui' }).then((r) => call(emailAction, r, { id: id(16) }))
    expect(statusOf(ok)).toBe(302)
    expect(lastRequest<'ENVOYER_EMAIL'>('prospect/envoyer-email').body.typeEmail).toBe('commercial')
  })

  it('la modale pré-sélectionne le type demandé dans l’URL', async () => {
    const res = await call(emailLoader, await get(`/admin/prospects/${id(16)}/envoyer-email?type=commercial&consignes=Salon`), { id: id(16) })
    expect(dataOf<{ type: string; consignes: string }>(res)).toMatchObject({ type: 'commercial', consignes: 'Salon' })
    const bad = await call(emailLoader, await get(`/admin/prospects/${id(16)}/envoyer-email?type=<script>`), { id: id(16) })
    expect(dataOf<{ type: string }>(bad).type).toBe('information')
  })

  it('prospect sans adresse email : 400 et message clair', async () => {
    await db.prospect.update({ where: { id: id(18) }, data: { emails: [] } })
    const res = await post(`/admin/prospects/${id(18)}/envoyer-email`, { intent: 'relancer' }).then((r) => call(emailAction, r, { id: id(18) }))
    expect(statusOf(res)).toBe(400)
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(res).result.error[''].join(' ')).toMatch(/n’a pas d’adresse email/)
    expect(await db.actionProspect.count({ where: { prospectId: id(18) } })).toBe(0)
  })
})

describe('reprises et échecs', () => {
  it('5xx deux fois puis succès : nouvel essai automatique, TERMINEE après 3 tentatives, incident résolu tout seul', async () => {
    n8n.sim.setFault('ENVOYER_EMAIL', { kind: 'http5xx', status: 503, times: 2 })
    const res = await post(`/admin/prospects/${id(19)}/envoyer-email`, { intent: 'relancer' }).then((r) => call(emailAction, r, { id: id(19) }))
    expect(await toastOf(res)).toMatchObject({ type: 'info', titre: 'Nouvel essai automatique prévu' })
    const action = await settledAction((await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(19) } })).id)
    expect(action).toMatchObject({ statut: 'TERMINEE', tentatives: 3, prochainEssai: null })
    expect(await db.journalErreur.findMany({ where: { prospectId: id(19) } })).toEqual([
      expect.objectContaining({ severite: 'WARNING', resolu: true, resoluPar: 'Reprise automatique' }),
    ])
  })

  // Passing failures (retryable) are retried by the engine until the horizon; the others fail at once.
  const classes: { fault: SimulatorFault; raison: string; severite: string; retryable: boolean; httpStatus: number | null }[] = [
    { fault: { kind: 'down' }, raison: 'n8n injoignable', severite: 'CRITIQUE', retryable: true, httpStatus: null },
    { fault: { kind: 'hang' }, raison: 'délai dépassé', severite: 'ERREUR', retryable: true, httpStatus: null },
    { fault: { kind: 'notRegistered' }, raison: 'workflow inactif ou URL inconnue (404)', severite: 'CRITIQUE', retryable: false, httpStatus: 404 },
    { fault: { kind: 'forbidden' }, raison: 'secret n8n refusé (403)', severite: 'CRITIQUE', retryable: false, httpStatus: 403 },
    { fault: { kind: 'http5xx', times: 99 }, raison: 'erreur dans le workflow', severite: 'ERREUR', retryable: true, httpStatus: 500 },
    { fault: { kind: 'emptyOk' }, raison: 'réponse n8n invalide', severite: 'ERREUR', retryable: false, httpStatus: 200 },
    { fault: { kind: 'invalidJson' }, raison: 'réponse n8n invalide', severite: 'ERREUR', retryable: false, httpStatus: 200 },
    { fault: { kind: 'rejected', status: 422 }, raison: 'requête refusée par n8n (422)', severite: 'ERREUR', retryable: false, httpStatus: 422 },
  ]
  classes.forEach((c, i) => {
    it(`${c.fault.kind} → ECHEC, journal, notification et « ${c.raison} »`, async () => {
      allowConsoleError(/\[journal\]/)
      // Only the hanging n8n needs a short timeout; a tight one elsewhere would turn a slow answer into a timeout.
      configureN8n({ timeoutMs: c.fault.kind === 'hang' ? 150 : 5000 })
      n8n.sim.setFault('GENERER_DEVIS', c.fault)
      const n = 20 + i + (i >= 3 ? 1 : 0) // skips PROS_000023, a candidate
      const p = await prospect(n)
      const notifications = await db.notification.count({ where: { audience: 'ADMIN', categorie: 'journal' } })
      const res = await post(`/admin/prospects/${id(n)}/generer-devis`, {}).then((r) => call(devisAction, r, { id: id(n) }))
      expect(statusOf(res)).toBe(302)
      const toast = await toastOf(res)
      if (c.retryable) {
        expect(toast).toMatchObject({ type: 'info', titre: 'Nouvel essai automatique prévu' })
      } else {
        expect(toast).toMatchObject({ type: 'erreur', titre: `Échec : la génération du devis de ${nomComplet(p)}` })
        expect(toast?.description).toBe(`Échec de la génération du devis : ${c.raison}. L’erreur est enregistrée dans le journal.`)
      }

      const action = await settledAction((await db.actionProspect.findFirstOrThrow({ where: { prospectId: id(n) } })).id)
      expect(action).toMatchObject({ statut: 'ECHEC', httpStatus: c.httpStatus })
      // One attempt is the call and its quick retry; passing failures get several attempts.
      if (c.retryable) expect(action.tentatives).toBeGreaterThanOrEqual(4)
      else expect(action.tentatives).toBe(1)
      expect(action.erreur?.startsWith(`${c.raison} : `)).toBe(true)
      const journal = await db.journalErreur.findFirstOrThrow({ where: { actionId: action.id } })
      expect(journal).toMatchObject({ nomWorkflow: 'prospect_generer_devis', nomNoeud: 'webhook_n8n_call', severite: c.severite, prospectId: id(n), resolu: false })
      expect(journal.messageErreur).toContain(c.raison)
      expect(journal.donneesEntree).toMatchObject({
        prospectId: id(n),
        actionId: action.id,
        payload: { idempotencyKey: action.id, prospect: { id: id(n) } },
        status: c.httpStatus,
        attempts: c.retryable ? expect.any(Number) : 1,
        durationMs: expect.any(Number),
      })
      expect(journal.donneesEntree).toHaveProperty('stack')
      expect(await db.notification.count({ where: { audience: 'ADMIN', categorie: 'journal' } })).toBe(notifications + 1)
      expect((await prospect(n)).devisUrl).toBe(p.devisUrl)
    })
  })
})

describe('accès et entrées hostiles', () => {
  it('anonyme → connexion ; formateur → 403 ; sans jeton CSRF → 403 ; prospect inconnu → 404 ; rien n’est créé', async () => {
    const actions = await db.actionProspect.count()
    const anon = await post(`/admin/prospects/${id(30)}/envoyer-email`, { intent: 'relancer' }, 'anonyme').then((r) => call(emailAction, r, { id: id(30) }))
    expect((anon as Response).headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    const formateur = await post(`/admin/prospects/${id(30)}/envoyer-email`, { intent: 'relancer' }, 'formateur').then((r) => call(emailAction, r, { id: id(30) }))
    expect(statusOf(formateur)).toBe(403)
    const noCsrf = await post(`/admin/prospects/${id(30)}/generer-devis`, {}, 'admin', { csrf: false }).then((r) => call(devisAction, r, { id: id(30) }))
    expect(statusOf(noCsrf)).toBe(403)
    for (const bad of ['PROS_999999', "PROS_1' OR 1=1"]) {
      const res = await post(`/admin/prospects/x/convertir`, { formation: 'SERTISSAGE', session: 'x' }).then((r) => call(convertirAction, r, { id: bad }))
      expect(statusOf(res)).toBe(404)
    }
    expect(await db.actionProspect.count()).toBe(actions)
    expect(n8n.sim.requests).toHaveLength(0)
  })
})
