// Candidates are not a dead end: the list (search, formation and session filters, sort), one candidate's page with
// the checklist of required documents, and the session the conversion proposes.
import { describe, expect, it } from 'vitest'
import { formationsAvecSessionsOuvertes } from '~/candidats/candidats.server'
import { action as candidatAction, loader as candidatLoader } from '~/routes/admin.candidats_.$id'
import { loader as listLoader } from '~/routes/admin.candidats'
import { db } from '~/utils/db.server'
import { normalizeSearch } from '~/utils/text'
import { createCandidat, createProspect } from '../utils/db-utils'
import { call, dataOf, get, post } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

type List = Awaited<ReturnType<typeof listLoader>>
type Page = Awaited<ReturnType<typeof candidatLoader>>

async function list(query = '') {
  const result = await call(listLoader, await get(`/admin/candidats${query}`))
  expect(result).toHaveStatus(200)
  return dataOf<List>(result)
}

async function page(id: string) {
  const result = await call(candidatLoader, await get(`/admin/candidats/${id}`), { id })
  expect(result).toHaveStatus(200)
  return dataOf<Page>(result).candidat
}

async function cocher(id: string, recus: string[]) {
  return call(candidatAction, await post(`/admin/candidats/${id}`, { intent: 'documents', recus }), { id })
}

async function candidatNomme(prenom: string, nom: string, formationId = 'CAP_BIJOUTERIE', sessionLibelle?: string) {
  const prospect = await createProspect({ prenom, nom, formationSouhaiteeId: formationId })
  const session = sessionLibelle ? await db.sessionFormation.findFirstOrThrow({ where: { formationId, libelle: sessionLibelle } }) : undefined
  return createCandidat({ prospectId: prospect.id, formationId, sessionId: session?.id })
}

describe('liste des candidats', () => {
  it('cherche par nom (sans accents ni majuscules) et par numéro de dossier', async () => {
    const { candidat } = await candidatNomme('Bérénice', 'Quéméner')
    const parNom = await list('?q=quemener')
    expect(parNom.rows.map((r) => r.id)).toEqual([candidat.id])
    const parNumero = await list(`?q=${candidat.numeroDossier.toLowerCase()}`)
    expect(parNumero.rows.map((r) => r.id)).toEqual([candidat.id])
  })

  it('filtre par formation et par session, et trie par nom', async () => {
    const [a, b, c] = [
      await candidatNomme('Zoé', 'Zwiller', 'GEMMOLOGIE', 'Janvier 2027'),
      await candidatNomme('Anaïs', 'Abadie', 'GEMMOLOGIE', 'Janvier 2027'),
      await candidatNomme('Inès', 'Mabille', 'GEMMOLOGIE', 'Mars 2027'),
    ]
    const janvier = await db.sessionFormation.findFirstOrThrow({ where: { formationId: 'GEMMOLOGIE', libelle: 'Janvier 2027' } })
    const data = await list(`?formation=GEMMOLOGIE&session=${janvier.id}&tri=nom`)
    const ids = data.rows.map((r) => r.id)
    expect(ids).toContain(a.candidat.id)
    expect(ids).toContain(b.candidat.id)
    expect(ids).not.toContain(c.candidat.id)
    expect(data.rows.every((r) => r.formation.nom === 'Gemmologie' && r.session.libelle === 'Janvier 2027')).toBe(true)
    // Alphabetical as a French reader expects it: accents and capitals do not move a name.
    const noms = data.rows.map((r) => normalizeSearch(r.prospect.nom))
    expect(noms).toEqual([...noms].sort())
    expect(ids.indexOf(b.candidat.id)).toBeLessThan(ids.indexOf(a.candidat.id))
  })

  it('écarte un filtre inconnu ou une session d’une autre formation, en le disant', async () => {
    const autre = await db.sessionFormation.findFirstOrThrow({ where: { formationId: 'SERTISSAGE' } })
    const data = await list(`?formation=GEMMOLOGIE&session=${autre.id}&tri=age&page=zero`)
    expect(data.filters).toMatchObject({ formation: 'GEMMOLOGIE', session: null, tri: 'recent', page: 1 })
    expect(data.warnings.join(' ')).toMatch(/n’appartient pas à la formation/)
    expect(data.warnings.join(' ')).toMatch(/Tri inconnu/)
  })
})

describe('page d’un candidat', () => {
  it('montre le dossier, la formation, la session et les pièces demandées, toutes manquantes au départ', async () => {
    const { candidat } = await candidatNomme('Hugo', 'Durand', 'SERTISSAGE')
    const data = await page(candidat.id)
    expect(data.numeroDossier).toBe(candidat.numeroDossier)
    expect(data.formation.nom).toBe('Sertissage')
    expect(data.documents.map((d) => d.libelle)).toEqual(['Pièce d’identité', 'CV', 'Justificatif d’expérience en bijouterie', 'Attestation de financement'])
    expect(data.documents.every((d) => !d.recu)).toBe(true)
  })

  it('répond 404 pour un candidat inconnu', async () => {
    const result = await call(candidatLoader, await get('/admin/candidats/inconnu'), { id: 'inconnu' })
    expect(result).toHaveStatus(404)
  })

  it('cocher les pièces reçues les enregistre au nom de l’admin ; toutes les obligatoires rendent le dossier complet', async () => {
    const { candidat } = await candidatNomme('Marie', 'Faure', 'GEMMOLOGIE')
    const docs = (await page(candidat.id)).documents
    const [identite, cv, lettre] = docs
    const partiel = await cocher(candidat.id, [identite.id, cv.id])
    expect(partiel).toHaveRedirect(`/admin/candidats/${candidat.id}`)
    await expect(partiel).toSendToast({ type: 'succes', titre: 'Pièces du dossier enregistrées' })
    let data = await page(candidat.id)
    expect(data.documents.filter((d) => d.recu).map((d) => d.id)).toEqual([identite.id, cv.id])
    expect(data.documents[0].recuPar).toBe('Claire Admin')
    expect(data.statutDossier).toBe('RECU')

    const complet = await cocher(candidat.id, [identite.id, cv.id, lettre.id])
    await expect(complet).toSendToast({ description: 'Le dossier passe au statut « Complet ».' })
    expect((await page(candidat.id)).statutDossier).toBe('COMPLET')

    // A document unticked: missing again, and the file is no longer complete.
    await cocher(candidat.id, [identite.id, lettre.id])
    data = await page(candidat.id)
    expect(data.documents.find((d) => d.id === cv.id)?.recu).toBe(false)
    expect(data.statutDossier).toBe('INCOMPLET')
  })

  it('un dossier déjà validé garde son statut ; une pièce d’une autre formation est refusée', async () => {
    const { candidat } = await createCandidat({ formationId: 'CAO_DAO_3D', statutDossier: 'VALIDE' })
    const docs = (await page(candidat.id)).documents
    await cocher(candidat.id, docs.map((d) => d.id))
    expect((await page(candidat.id)).statutDossier).toBe('VALIDE')
    const autre = await db.documentRequis.findFirstOrThrow({ where: { formationId: 'SERTISSAGE' } })
    expect(await cocher(candidat.id, [autre.id])).toHaveStatus(400)
    expect((await page(candidat.id)).documents.every((d) => d.recu)).toBe(true)
  })
})

describe('session proposée à la conversion', () => {
  it('le 2 décembre 2026 : Janvier 2027, jamais Septembre 2026 déjà commencée', async () => {
    const formations = await formationsAvecSessionsOuvertes(new Date('2026-12-02T10:00:00Z'))
    const cap = formations.find((f) => f.id === 'CAP_BIJOUTERIE')!
    const septembre = cap.sessions.find((s) => s.libelle === 'Septembre 2026')!
    const janvier = cap.sessions.find((s) => s.libelle === 'Janvier 2027')!
    expect(septembre.commencee).toBe(true)
    expect(janvier.commencee).toBe(false)
    expect(cap.sessionProposeeId).toBe(janvier.id)
  })

  it('une formation sans session ouverte le dit et n’en propose aucune', async () => {
    await db.formation.create({ data: { id: 'EMAIL_TEST_SANS_SESSION', nom: 'Émaillage (test)', description: 'x', dureeHeures: 10, prixEuros: 100 } })
    const formations = await formationsAvecSessionsOuvertes(new Date('2026-12-02T10:00:00Z'))
    const sans = formations.find((f) => f.id === 'EMAIL_TEST_SANS_SESSION')!
    expect(sans.sessions).toEqual([])
    expect(sans.sessionProposeeId).toBeNull()
  })
})
