import { describe, expect, it } from 'vitest'
import { loader as listLoader } from '~/routes/admin.prospects'
import { loader as panelLoader } from '~/routes/admin.prospects.$id'
import { loader as historyLoader } from '~/routes/admin.prospects.$id.echanges'
import { db } from '~/utils/db.server'
import { call, dataOf, get, statusOf } from '../utils/helpers'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

type List = Awaited<ReturnType<typeof listLoader>>

async function list(query = '') {
  const result = await call(listLoader, await get(`/admin/prospects${query}`))
  expect(statusOf(result)).toBe(200)
  return dataOf<List>(result)
}

describe('liste des prospects', () => {
  it('liste les prospects hors candidats, triés par dernier contact, avec le total', async () => {
    const data = await list()
    const expected = await db.prospect.count({ where: { statutProspect: { not: 'CANDIDAT' } } })
    expect(data.total).toBe(expected)
    expect(data.total).toBeGreaterThan(100)
    expect(data.rows).toHaveLength(25)
    expect(data.rows.every((r) => r.statutProspect !== 'CANDIDAT')).toBe(true)
    const dates = data.rows.map((r) => new Date(r.dateDernierContact).getTime())
    expect([...dates].sort((a, b) => b - a)).toEqual(dates)
  })

  it('combine statut, formation et financement', async () => {
    const data = await list('?statut=NOUVEAU&formation=SERTISSAGE&financement=CPF')
    const expected = await db.prospect.count({ where: { statutProspect: 'NOUVEAU', formationSouhaiteeId: 'SERTISSAGE', modeFinancement: 'CPF' } })
    expect(data.total).toBe(expected)
    expect(data.rows.every((r) => r.statutProspect === 'NOUVEAU' && r.formationSouhaitee?.id === 'SERTISSAGE' && r.modeFinancement === 'CPF')).toBe(true)
  })

  it('cherche par nom sans accents, par email et par téléphone', async () => {
    const marie = await db.prospect.findUniqueOrThrow({ where: { id: 'PROS_000001' } })
    expect((await list('?q=dumitru')).rows.some((r) => r.id === marie.id)).toBe(true)
    expect((await list('?q=DUMÎTRU%20marie')).rows.some((r) => r.id === marie.id)).toBe(true)
    expect((await list(`?q=${encodeURIComponent(marie.emails[0])}`)).rows.map((r) => r.id)).toContain(marie.id)
    const phone = marie.telephones[0]
    expect((await list(`?q=${encodeURIComponent(phone.replaceAll(' ', ''))}`)).rows.map((r) => r.id)).toContain(marie.id)
    expect((await list(`?q=${encodeURIComponent(phone.replaceAll(' ', '.'))}`)).rows.map((r) => r.id)).toContain(marie.id)
    expect((await list('?q=zzzzqqqq')).total).toBe(0)
  })

  it('pagine : pages disjointes, taille respectée, page au-delà de la fin ramenée à la dernière', async () => {
    const p1 = await list('?taille=10&page=1')
    const p2 = await list('?taille=10&page=2')
    expect(p1.rows).toHaveLength(10)
    expect(p2.rows.map((r) => r.id).some((id) => p1.rows.some((r) => r.id === id))).toBe(false)
    const last = await list('?taille=10&page=99999')
    expect(last.page).toBe(Math.ceil(last.total / 10))
    expect(last.rows.length).toBeGreaterThan(0)
  })

  it('répond aux paramètres invalides par un message clair, jamais une erreur 500', async () => {
    const data = await list('?page=-1&taille=100000&statut=FOO&formation=%3Cscript%3E&financement=BITCOIN')
    expect(data.page).toBe(1)
    expect(data.rows).toHaveLength(100)
    expect(data.warnings.join(' ')).toMatch(/Numéro de page invalide/)
    expect(data.warnings.join(' ')).toMatch(/Au plus 100/)
    expect(data.warnings.join(' ')).toMatch(/Statut inconnu « FOO »/)
    expect(data.warnings.join(' ')).toMatch(/Formation inconnue/)
    expect(data.warnings.join(' ')).toMatch(/financement inconnu/)
    const candidats = await list('?statut=CANDIDAT')
    expect(candidats.rows.every((r) => r.statutProspect !== 'CANDIDAT')).toBe(true)
    expect(candidats.warnings.join(' ')).toMatch(/page Candidats/)
  })

  it('renvoie les anonymes vers /login et refuse les non-administrateurs (403)', async () => {
    const anon = await call(listLoader, await get('/admin/prospects?statut=NOUVEAU', 'anonyme'))
    expect(anon).toBeInstanceOf(Response)
    expect((anon as Response).status).toBe(302)
    expect((anon as Response).headers.get('Location')).toBe('/login?redirectTo=%2Fadmin%2Fprospects%3Fstatut%3DNOUVEAU')
    for (const who of ['formateur', 'eleve'] as const) {
      const res = await call(listLoader, await get('/admin/prospects', who))
      expect(statusOf(res)).toBe(403)
    }
  })
})

describe('panneau et historique', () => {
  it('affiche le détail du prospect', async () => {
    const result = await call(panelLoader, await get('/admin/prospects/PROS_000001'), { id: 'PROS_000001' })
    const { prospect } = dataOf<{ prospect: { nom: string; prenom: string; formationSouhaitee: { nom: string } | null } }>(result)
    expect(`${prospect.prenom} ${prospect.nom}`).toBe('Marie Dumitru')
    expect(prospect.formationSouhaitee?.nom).toBeTruthy()
  })

  it('répond 404 pour un prospect inconnu ou un identifiant farfelu', async () => {
    for (const id of ['PROS_999999', 'x', "PROS_1' OR 1=1", '..%2F..']) {
      const res = await call(panelLoader, await get(`/admin/prospects/${encodeURIComponent(id)}`), { id })
      expect(statusOf(res)).toBe(404)
    }
  })

  it('liste les emails du plus récent au plus ancien', async () => {
    const result = await call(historyLoader, await get('/admin/prospects/PROS_000001/echanges'), { id: 'PROS_000001' })
    const { emails } = dataOf<{ emails: { date: Date; direction: string }[] }>(result)
    const count = await db.historiqueEmail.count({ where: { prospectId: 'PROS_000001' } })
    expect(emails).toHaveLength(count)
    const times = emails.map((e) => new Date(e.date).getTime())
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })
})
