// The home page: what needs attention today and the funnel of the last twelve months, each figure counted from the
// rows a test creates (the seed's own rows are the baseline).
import { describe, expect, it } from 'vitest'
import { bornes, taux } from '~/accueil/accueil.server'
import { loader } from '~/routes/admin._index'
import { createAction, createCandidat, createJournalEntry, createProspect } from '../utils/db-utils'
import { call, dataOf, get } from '../utils/helpers'

type Home = Awaited<ReturnType<typeof loader>>
const DAY = 24 * 3600_000

async function home() {
  const result = await call(loader, await get('/admin'))
  expect(result).toHaveStatus(200)
  return dataOf<Home>(result)
}

describe('accueil : à traiter aujourd’hui', () => {
  it('compte les nouveaux prospects depuis hier, pas ceux d’avant', async () => {
    const before = (await home()).attention
    await createProspect({ datePremierContact: new Date() })
    await createProspect({ datePremierContact: new Date(Date.now() - 3 * DAY), dateDernierContact: new Date(Date.now() - 3 * DAY) })
    expect((await home()).attention.nouveaux).toBe(before.nouveaux + 1)
  })

  it('compte les prospects à relancer : sans contact depuis 30 jours, ni candidats ni perdus', async () => {
    const before = (await home()).attention
    const old = new Date(Date.now() - 40 * DAY)
    await createProspect({ statutProspect: 'CONTACTE', datePremierContact: old, dateDernierContact: old })
    await createProspect({ statutProspect: 'PERDU', datePremierContact: old, dateDernierContact: old })
    await createProspect({ statutProspect: 'INTERESSE', dateDernierContact: new Date(Date.now() - 10 * DAY) })
    expect((await home()).attention.aRelancer).toBe(before.aRelancer + 1)
  })

  it('compte les actions en cours (ou en attente) et en échec, et les montre avec le nom du prospect', async () => {
    const before = (await home()).attention
    const prospect = await createProspect({ prenom: 'Hugo', nom: 'Durand' })
    await createAction({ prospectId: prospect.id, statut: 'EN_COURS' })
    await createAction({ prospectId: prospect.id, statut: 'EN_ATTENTE' })
    const echec = await createAction({ prospectId: prospect.id, statut: 'ECHEC' })
    await createAction({ prospectId: prospect.id, statut: 'TERMINEE' })
    const after = (await home()).attention
    expect(after.actionsEnCours).toBe(before.actionsEnCours + 2)
    expect(after.actionsEnEchec).toBe(before.actionsEnEchec + 1)
    expect(after.actionsRecentes.map((a) => a.id)).toContain(echec.id)
  })

  it('compte les entrées du journal à résoudre', async () => {
    const before = (await home()).attention
    await createJournalEntry()
    await createJournalEntry({ resolu: true, resoluPar: 'Claire Admin', dateResolution: new Date() })
    expect((await home()).attention.erreurs).toBe(before.erreurs + 1)
  })
})

describe('accueil : les 12 derniers mois', () => {
  it('compte par statut et par formation les prospects arrivés dans l’année, et le taux de conversion', async () => {
    const before = (await home()).funnel
    await createCandidat({ formationId: 'GEMMOLOGIE' })
    await createProspect({ statutProspect: 'INTERESSE', formationSouhaiteeId: 'GEMMOLOGIE' })
    await createProspect({ statutProspect: 'INTERESSE', formationSouhaiteeId: 'GEMMOLOGIE', datePremierContact: new Date(Date.now() - 400 * DAY) })
    const after = (await home()).funnel
    const statut = (f: Home['funnel'], s: string) => f.statuts.find((x) => x.statut === s)!.nombre
    expect(after.total).toBe(before.total + 2)
    expect(statut(after, 'CANDIDAT')).toBe(statut(before, 'CANDIDAT') + 1)
    expect(statut(after, 'INTERESSE')).toBe(statut(before, 'INTERESSE') + 1)
    expect(after.taux).toBe(taux(after.candidats, after.total))
    const gemmo = (f: Home['funnel']) => f.formations.find((x) => x.id === 'GEMMOLOGIE')!
    expect(gemmo(after).prospects).toBe(gemmo(before).prospects + 2)
    expect(gemmo(after).candidats).toBe(gemmo(before).candidats + 1)
  })

  it('compte à partir d’hier et d’il y a un an, en jours de Paris', () => {
    expect(bornes(new Date('2026-12-02T10:00:00Z'))).toEqual({ hier: '2026-12-01', ilYaUnAn: '2025-12-02' })
    // 23:30 UTC on 1 March is already 2 March in Paris.
    expect(bornes(new Date('2027-03-01T23:30:00Z'))).toEqual({ hier: '2027-03-01', ilYaUnAn: '2026-03-02' })
    expect(taux(1, 3)).toBe(33)
    expect(taux(0, 0)).toBeNull()
  })
})
