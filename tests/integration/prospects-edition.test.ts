// A secretary creates, edits, annotates, loses and reopens a prospect: the routes' loaders and actions with real
// requests (session, CSRF), on the test database; each change leaves its timeline entry.
import { describe, expect, it } from 'vitest'
import { action as modifierAction, loader as modifierLoader } from '~/routes/admin.prospects.$id.modifier'
import { action as notesAction } from '~/routes/admin.prospects.$id.notes'
import { action as statutAction, loader as statutLoader } from '~/routes/admin.prospects.$id.statut'
import { loader as panelLoader } from '~/routes/admin.prospects.$id'
import { action as nouveauAction } from '~/routes/admin.prospects.nouveau'
import { db } from '~/utils/db.server'
import { adminUser, createAction, createCandidat, createProspect } from '../utils/db-utils'
import { call, dataOf, get, post } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const run = Math.random().toString(36).slice(2, 8)

describe('nouveau prospect', () => {
  it('crée un prospect numéroté, avec sa note, annoncé aux autres administrateurs, puis ouvre son panneau', async () => {
    const email = `lea.vasseur.${run}@exemple.fr`
    const res = await call(nouveauAction, await post('/admin/prospects/nouveau?statut=NOUVEAU', { prenom: 'léa', nom: 'VASSEUR', email, telephone: '+33 6 11 22 33 44', formation: 'SERTISSAGE', source: 'SALON', sourcePrecision: 'Salon de Lyon', note: 'Rappeler lundi.' }))
    expect(res).toHaveRedirect(/^\/admin\/prospects\/PROS_\d{6,}\?statut=NOUVEAU$/)
    await expect(res).toSendToast({ type: 'succes', titre: 'Prospect créé : Léa VASSEUR' })
    const id = (res as Response).headers.get('Location')!.split('?')[0].split('/').pop()!
    const p = await db.prospect.findUniqueOrThrow({ where: { id }, include: { evenements: { orderBy: { date: 'asc' } } } })
    expect(p).toMatchObject({ prenom: 'Léa', nom: 'Vasseur', emails: [email], telephones: ['06 11 22 33 44'], formationSouhaiteeId: 'SERTISSAGE', source: 'SALON', sourcePrecision: 'Salon de Lyon', statutProspect: 'NOUVEAU', nbEchanges: 0 })
    const admin = await adminUser()
    expect(p.evenements.map((e) => [e.type, e.auteurId, e.texte])).toEqual([['CREATION', admin.id, null], ['NOTE', admin.id, 'Rappeler lundi.']])
    const notification = await db.notification.findFirstOrThrow({ where: { lienAction: `/admin/prospects/${id}` } })
    expect(notification).toMatchObject({ titre: 'Nouveau prospect : Léa VASSEUR — Sertissage, rencontré sur un salon', auteurId: admin.id })
  })

  it('champs invalides : erreurs en français sous chaque champ, rien de créé', async () => {
    const before = await db.prospect.count()
    const res = await call(nouveauAction, await post('/admin/prospects/nouveau', { prenom: '', nom: 'x'.repeat(101), email: 'pas-un-email', telephone: '12', source: 'PIGEON' }))
    expect(res).toHaveStatus(400)
    const errors = dataOf<{ result: { error: Record<string, string[]> } }>(res).result.error
    expect(errors).toMatchObject({
      prenom: ['Le prénom est obligatoire.'],
      nom: ['100 caractères au plus.'],
      email: ['Adresse email invalide (ex. marie.dumitru@gmail.com).'],
      telephone: ['Numéro de téléphone invalide (ex. 06 12 34 56 78).'],
      source: ['Choisissez une source de la liste.'],
    })
    const none = await call(nouveauAction, await post('/admin/prospects/nouveau', { prenom: 'Jean', nom: 'Sans Contact' }))
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(none).result.error.email).toEqual(['Indiquez au moins un email ou un téléphone.'])
    // Everything missing is said at once, not one field after the other.
    const empty = await call(nouveauAction, await post('/admin/prospects/nouveau', {}))
    expect(dataOf<{ result: { error: Record<string, string[]> } }>(empty).result.error).toMatchObject({
      prenom: ['Le prénom est obligatoire.'],
      nom: ['Le nom est obligatoire.'],
      email: ['Indiquez au moins un email ou un téléphone.'],
    })
    const formation = await call(nouveauAction, await post('/admin/prospects/nouveau', { prenom: 'Jean', nom: 'Test', email: `jean.${run}@exemple.fr`, formation: 'HORLOGERIE' }))
    expect(formation).toHaveStatus(400)
    expect(await db.prospect.count()).toBe(before)
  })

  it('un doublon probable (même email, même téléphone ou même nom) est montré avant toute création ; confirmerDoublon=1 crée quand même', async () => {
    const existing = await createProspect({ nom: 'Benali', prenom: 'Karim', telephones: ['07 12 12 12 12'] })
    const before = await db.prospect.count()
    const fields = { prenom: 'KARIM', nom: 'benali', telephone: '+33712121212', email: `autre.${run}@exemple.fr` }
    const res = await call(nouveauAction, await post('/admin/prospects/nouveau', fields))
    expect(res).toHaveStatus(409)
    const { doublons } = dataOf<{ doublons: { id: string; raisons: string[] }[] }>(res)
    expect(doublons).toEqual([expect.objectContaining({ id: existing.id, raisons: ['téléphone', 'nom'] })])
    expect(await db.prospect.count()).toBe(before)
    const confirmed = await call(nouveauAction, await post('/admin/prospects/nouveau', { ...fields, confirmerDoublon: '1' }))
    expect(confirmed).toHaveRedirect(/^\/admin\/prospects\/PROS_/)
    expect(await db.prospect.count()).toBe(before + 1)
  })

  it('sans jeton CSRF → 403 ; un formateur → 403 ; rien de créé', async () => {
    const before = await db.prospect.count()
    expect(await call(nouveauAction, await post('/admin/prospects/nouveau', { prenom: 'A', nom: 'B', email: `a.${run}@x.fr` }, 'admin', { csrf: false }))).toHaveStatus(403)
    expect(await call(nouveauAction, await post('/admin/prospects/nouveau', { prenom: 'A', nom: 'B', email: `a.${run}@x.fr` }, 'formateur'))).toHaveStatus(403)
    expect(await db.prospect.count()).toBe(before)
  })
})

describe('modifier un prospect', () => {
  it('pré-remplit, enregistre et garde dans l’historique qui a changé quoi (avant → après)', async () => {
    const p = await createProspect({ emails: ['ancien@exemple.fr', 'pro@exemple.fr'], ville: 'Lyon', source: 'SALON' })
    const loaded = dataOf<{ prospect: { emails: string[] } }>(await call(modifierLoader, await get(`/admin/prospects/${p.id}/modifier`), { id: p.id }))
    expect(loaded.prospect.emails).toEqual(['ancien@exemple.fr', 'pro@exemple.fr'])
    const res = await call(
      modifierAction,
      await post(`/admin/prospects/${p.id}/modifier?q=x`, { nom: p.nom, prenom: p.prenom, email: 'nouveau@exemple.fr', 'autresEmails[0]': '', telephone: p.telephones[0], ville: 'Nantes', source: 'SALON', formation: 'GEMMOLOGIE', modeFinancement: 'CPF' }),
      { id: p.id },
    )
    expect(res).toHaveRedirect(`/admin/prospects/${p.id}?q=x`)
    await expect(res).toSendToast({ type: 'succes' })
    const after = await db.prospect.findUniqueOrThrow({ where: { id: p.id }, include: { evenements: true } })
    expect(after).toMatchObject({ emails: ['nouveau@exemple.fr'], ville: 'Nantes', formationSouhaiteeId: 'GEMMOLOGIE', codePostal: null })
    expect(after.clesContact).toContain('e:nouveau@exemple.fr')
    expect(after.clesContact).not.toContain('e:ancien@exemple.fr')
    const edit = after.evenements.find((e) => e.type === 'MODIFICATION')!
    expect(edit.auteurId).toBe((await adminUser()).id)
    expect((edit.donnees as { changements: unknown[] }).changements).toEqual(
      expect.arrayContaining([
        { champ: 'emails', avant: 'ancien@exemple.fr, pro@exemple.fr', apres: 'nouveau@exemple.fr' },
        { champ: 'ville', avant: 'Lyon', apres: 'Nantes' },
        { champ: 'formation', avant: 'CAP Bijouterie-Joaillerie', apres: 'Gemmologie' },
        { champ: 'codePostal', avant: '69002', apres: null },
      ]),
    )
  })

  it('sans changement : rien d’écrit ; prospect inconnu → 404 ; champs invalides → 400', async () => {
    const p = await createProspect({ adresse: null })
    const same = { nom: p.nom, prenom: p.prenom, email: p.emails[0], telephone: p.telephones[0], ville: p.ville!, codePostal: p.codePostal!, formation: 'CAP_BIJOUTERIE', modeFinancement: 'CPF', source: 'FORMULAIRE_SITE' }
    const res = await call(modifierAction, await post(`/admin/prospects/${p.id}/modifier`, same), { id: p.id })
    await expect(res).toSendToast({ type: 'info' })
    expect(await db.evenementProspect.count({ where: { prospectId: p.id } })).toBe(0)
    expect(await call(modifierAction, await post('/admin/prospects/PROS_INCONNU/modifier', same), { id: 'PROS_INCONNU' })).toHaveStatus(404)
    expect(await call(modifierLoader, await get('/admin/prospects/%3Cscript%3E/modifier'), { id: '<script>' })).toHaveStatus(404)
    expect(await call(modifierAction, await post(`/admin/prospects/${p.id}/modifier`, { ...same, nom: '' }), { id: p.id })).toHaveStatus(400)
  })
})

describe('statut et notes', () => {
  it('perdre (raison obligatoire), puis rouvrir : deux entrées d’historique avec l’auteur', async () => {
    const p = await createProspect({ statutProspect: 'CONTACTE' })
    const missing = await call(statutAction, await post(`/admin/prospects/${p.id}/statut`, { statut: 'PERDU' }), { id: p.id })
    expect(missing).toHaveStatus(400)
    expect(dataOf<{ error: Record<string, string[]> }>(missing).error.raison).toEqual(['Indiquez pourquoi ce prospect est perdu.'])
    const autre = await call(statutAction, await post(`/admin/prospects/${p.id}/statut`, { statut: 'PERDU', raison: 'AUTRE' }), { id: p.id })
    expect(dataOf<{ error: Record<string, string[]> }>(autre).error.precision).toEqual(['Précisez la raison.'])

    const lost = await call(statutAction, await post(`/admin/prospects/${p.id}/statut`, { statut: 'PERDU', raison: 'AUTRE_ECOLE', precision: 'Inscrite à Paris' }), { id: p.id })
    expect(lost).toHaveRedirect(`/admin/prospects/${p.id}`)
    await expect(lost).toSendToast({ type: 'succes', titre: `${p.prenom} ${p.nom.toUpperCase()} passe de « Contacté » à « Perdu ».` })
    expect(await db.prospect.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ statutProspect: 'PERDU', raisonPerte: 'AUTRE_ECOLE' })

    const again = await call(statutAction, await post(`/admin/prospects/${p.id}/statut`, { statut: 'PERDU', raison: 'AUTRE_ECOLE' }), { id: p.id })
    expect(dataOf<{ error: Record<string, string[]> }>(again).error.statut).toEqual(['Le prospect est déjà « Perdu ».'])

    const reopened = await call(statutAction, await post(`/admin/prospects/${p.id}/statut`, { statut: 'CONTACTE' }), { id: p.id })
    expect(reopened).toHaveRedirect(`/admin/prospects/${p.id}`)
    expect(await db.prospect.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ statutProspect: 'CONTACTE', raisonPerte: null })
    const events = await db.evenementProspect.findMany({ where: { prospectId: p.id }, orderBy: { date: 'asc' } })
    expect(events.map((e) => e.donnees)).toEqual([
      { origine: 'manuel', de: 'CONTACTE', vers: 'PERDU', raison: 'AUTRE_ECOLE', precision: 'Inscrite à Paris' },
      { origine: 'manuel', de: 'PERDU', vers: 'CONTACTE' },
    ])
  })

  it('CANDIDAT n’est jamais choisi ici, et un candidat ne change pas de statut par ce formulaire', async () => {
    const p = await createProspect()
    expect(await call(statutAction, await post(`/admin/prospects/${p.id}/statut`, { statut: 'CANDIDAT' }), { id: p.id })).toHaveStatus(400)
    const { prospect: candidat } = await createCandidat()
    expect(await call(statutAction, await post(`/admin/prospects/${candidat.id}/statut`, { statut: 'PERDU', raison: 'NE_REPOND_PLUS' }), { id: candidat.id })).toHaveStatus(409)
    expect((await db.prospect.findUniqueOrThrow({ where: { id: candidat.id } })).statutProspect).toBe('CANDIDAT')
    expect(dataOf<{ prospect: { statut: string } }>(await call(statutLoader, await get(`/admin/prospects/${candidat.id}/statut`), { id: candidat.id })).prospect.statut).toBe('CANDIDAT')
  })

  it('une note de 5 000 caractères au plus ; vide ou trop longue → 400', async () => {
    const p = await createProspect()
    expect(await call(notesAction, await post(`/admin/prospects/${p.id}/notes`, { texte: '   ' }), { id: p.id })).toHaveStatus(400)
    expect(await call(notesAction, await post(`/admin/prospects/${p.id}/notes`, { texte: 'x'.repeat(5001) }), { id: p.id })).toHaveStatus(400)
    const ok = await call(notesAction, await post(`/admin/prospects/${p.id}/notes`, { texte: 'x'.repeat(5000) }), { id: p.id })
    expect(ok).toHaveRedirect(`/admin/prospects/${p.id}`)
    await expect(ok).toSendToast({ type: 'succes', titre: 'Note ajoutée' })
    expect(await db.evenementProspect.count({ where: { prospectId: p.id, type: 'NOTE' } })).toBe(1)
  })
})

describe('l’historique du panneau', () => {
  it('échanges, actions, statut, modifications et notes dans une seule liste, du plus récent au plus ancien', async () => {
    const p = await createProspect()
    const admin = await adminUser()
    const t = (minutes: number) => new Date(Date.now() - minutes * 60_000)
    await db.historiqueEmail.create({ data: { prospectId: p.id, direction: 'ENTRANT', date: t(50), sujet: 'Question CPF', corps: 'Bonjour' } })
    await createAction({ prospectId: p.id, type: 'GENERER_DEVIS', statut: 'TERMINEE', dateCreation: t(40) })
    await db.evenementProspect.create({ data: { prospectId: p.id, type: 'STATUT', date: t(30), auteurId: admin.id, donnees: { de: 'NOUVEAU', vers: 'CONTACTE' } } })
    await db.evenementProspect.create({ data: { prospectId: p.id, type: 'NOTE', date: t(20), auteurId: admin.id, texte: 'À rappeler' } })
    // An email sent by an action is shown by that action, not a second time.
    const action = await createAction({ prospectId: p.id, type: 'ENVOYER_EMAIL', statut: 'TERMINEE', dateCreation: t(10) })
    await db.historiqueEmail.create({ data: { prospectId: p.id, direction: 'SORTANT', date: t(10), sujet: 'Relance', corps: '…', actionId: action.id } })
    const data = dataOf<{ timeline: { kind: string }[] }>(await call(panelLoader, await get(`/admin/prospects/${p.id}`), { id: p.id }))
    expect(data.timeline.map((e) => e.kind)).toEqual(['action', 'evenement', 'evenement', 'action', 'echange'])
  })
})
