// Reads written in plain SQL on the hot paths (an action with its prospect and requester; the list's rows are checked
// in prospects-liste.test.ts) give exactly what Prisma's include gives, on PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest'
import { candidatForPayload } from '~/prospects/actions/convertir.server'
import { findProspectForAction } from '~/prospects/actions/prospect.server'
import { actionInclude, loadStoredAction } from '~/prospects/actions/run-action.server'
import { db } from '~/utils/db.server'
import { createAction, createCandidat, createProspect, createUser } from '../utils/db-utils'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

describe('loadStoredAction (une requête) = la lecture Prisma avec actionInclude', () => {
  it('avec ou sans formation, avec ou sans demandeur, résultat, dates et compteurs', async () => {
    const avecFormation = await createProspect({ ville: null, modeFinancement: null })
    const sansFormation = await createProspect({ formationSouhaiteeId: null, telephones: [] })
    // Created by Prisma without its lists: the columns hold NULL, which Prisma reads as [].
    const sansListes = await db.prospect.create({ data: { id: 'PROS_TEST_SANS_LISTES', nom: 'Vide', prenom: 'Liste' } })
    const demandeur = await createUser({ nom: 'Agnès Lecture' })
    const fin = new Date(Date.now() - 3_600_000)
    const actions = [
      await createAction({ prospectId: avecFormation.id }),
      await createAction({ prospectId: sansListes.id }),
      await createAction({ prospectId: avecFormation.id, demandeParId: null, type: 'CONVERTIR_CANDIDAT', parametres: { formationId: 'SERTISSAGE', sessionId: null } }),
      await createAction({
        prospectId: sansFormation.id,
        demandeParId: demandeur.id,
        statut: 'TERMINEE',
        resultat: { devisUrl: 'https://exemple.fr/devis.pdf', montant: 4200, lignes: [1, 2] },
        httpStatus: 200,
        tentatives: 3,
        reprises: 2,
        numeroEssai: 2,
        relanceePar: 'Agnès',
        dateFin: fin,
        debutIncident: new Date(fin.getTime() - 60_000),
        prochainEssai: new Date(Date.now() + 30_000),
        attenteParId: demandeur.id,
        attenteJusqua: new Date(Date.now() + 2_000),
        erreur: 'n8n injoignable « 503 »',
      }),
    ]
    for (const a of actions) {
      expect(await loadStoredAction(a.id)).toEqual(await db.actionProspect.findUnique({ where: { id: a.id }, include: actionInclude }))
    }
    expect(await loadStoredAction('00000000-0000-0000-0000-000000000000')).toBeNull()
  })
})

describe('findProspectForAction (une requête) = la lecture Prisma', () => {
  it('candidat ou non, avec ou sans formation, sans listes', async () => {
    const { prospect: candidat } = await createCandidat()
    const sansFormation = await createProspect({ formationSouhaiteeId: null })
    const sansListes = await db.prospect.create({ data: { id: 'PROS_TEST_ACTION_VIDE', nom: 'Vide', prenom: 'Action' } })
    for (const id of [candidat.id, sansFormation.id, sansListes.id]) {
      const prisma = await db.prospect.findUnique({
        where: { id },
        select: {
          id: true,
          nom: true,
          prenom: true,
          emails: true,
          ville: true,
          statutProspect: true,
          formationSouhaiteeId: true,
          formationSouhaitee: { select: { nom: true } },
          candidat: { select: { numeroDossier: true } },
        },
      })
      expect(await findProspectForAction(id)).toEqual(prisma)
    }
    expect(await findProspectForAction('PROS_999999')).toBeNull()
    expect(await findProspectForAction('pas-un-id')).toBeNull()
  })
})

describe('candidatForPayload (une requête) = la lecture Prisma de la conversion', () => {
  it('formation, documents requis dans l’ordre, session et dates', async () => {
    for (const formationId of ['CAP_BIJOUTERIE', 'SERTISSAGE']) {
      const { prospect } = await createCandidat({ formationId })
      const prisma = await db.candidat.findUniqueOrThrow({
        where: { prospectId: prospect.id },
        select: {
          numeroDossier: true,
          dateConversion: true,
          formation: { select: { id: true, nom: true, documentsRequis: { orderBy: { ordre: 'asc' }, select: { libelle: true, obligatoire: true } } } },
          session: { select: { id: true, libelle: true, dateDebut: true, dateFin: true } },
        },
      })
      expect(prisma.formation.documentsRequis.length).toBeGreaterThan(0)
      expect(await candidatForPayload(prospect.id)).toEqual(prisma)
    }
    expect(await candidatForPayload('PROS_999999')).toBeNull()
  })
})
