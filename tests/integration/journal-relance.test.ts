// "Relancer l'action" from a journal entry, against the n8n simulator over real HTTP: success resolves every entry
// of the action in the admin's name; a new failure adds an entry and leaves the old ones open.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { envoyerDossier } from '~/prospects/actions/envoyer-dossier.server'
import { action as entryAction, loader as entryLoader } from '~/routes/admin.logs_.$id'
import { db } from '~/utils/db.server'
import { getToast } from '~/utils/toast.server'
import { DEMO_USERS } from '../../prisma/seed-data'
import { allowConsoleError, BASE, call, dataOf, get, post, statusOf } from '../utils/helpers'
import { createProspect } from '../utils/db-utils'
import { startTestN8n, type TestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

let n8n: TestN8n

beforeAll(async () => {
  n8n = await startTestN8n({ callbackAfterSync: false })
})
afterEach(() => {
  n8n.sim.clearFaults()
  n8n.sim.requests.length = 0
})
afterAll(() => n8n.stop())

/** A real failed action: "Envoyer dossier" while n8n refuses the secret (403, not retried). */
async function failedAction(prospectId: string) {
  allowConsoleError(/\[journal\]/)
  n8n.sim.setFault('ENVOYER_DOSSIER', { kind: 'forbidden' })
  const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } })
  const outcome = await envoyerDossier(prospectId, { email: `dossier.${prospectId.toLowerCase()}@exemple.fr` }, { id: admin.id })
  n8n.sim.clearFaults()
  n8n.sim.requests.length = 0
  if (outcome.kind !== 'echec') throw new Error(`échec attendu, reçu : ${outcome.kind}`)
  const entries = await db.journalErreur.findMany({ where: { actionId: outcome.action.id } })
  expect(entries).toHaveLength(1)
  return { action: outcome.action, entry: entries[0] }
}

async function toastOf(res: unknown) {
  expect(res).toBeInstanceOf(Response)
  const cookie = (res as Response).headers.get('Set-Cookie')!.split(';')[0]
  return (await getToast(new Request(BASE, { headers: { Cookie: cookie } }))).toast
}

function relancer(entryId: number, who: 'admin' | 'admin2' | 'formateur' = 'admin2') {
  return post(`/admin/logs/${entryId}?resolu=non`, { intent: 'relancer' }, who).then((req) => call(entryAction, req, { id: String(entryId) }))
}

describe('relancer l’action d’une entrée', () => {
  it('succès : même action, même clé d’idempotence, entrées de l’action résolues au nom de l’admin', async () => {
    const { action, entry } = await failedAction((await createProspect()).id)
    // A second, older entry of the same action (e.g. an earlier failure) is resolved too.
    const older = await db.journalErreur.create({
      data: { nomWorkflow: 'prospect_envoyer_dossier', nomNoeud: 'webhook_n8n_call', messageErreur: 'Échec précédent', actionId: action.id, dateErreur: new Date(Date.now() - 3600_000) },
    })
    const detail = dataOf<Awaited<ReturnType<typeof entryLoader>>>(await call(entryLoader, await get(`/admin/logs/${entry.id}`), { id: String(entry.id) }))
    expect(detail.entry.action?.statut).toBe('ECHEC')

    const res = await relancer(entry.id)
    expect(statusOf(res)).toBe(302)
    expect((res as Response).headers.get('Location')).toBe(`/admin/logs/${entry.id}?resolu=non`)
    expect(await toastOf(res)).toMatchObject({ type: 'succes', titre: 'Action relancée' })

    const after = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
    expect(after.statut).toBe('TERMINEE')
    expect(after.tentatives).toBeGreaterThan(action.tentatives)
    expect(n8n.sim.requests.map((r) => [r.path, r.idempotencyKey])).toEqual([['prospect/envoyer-dossier', action.id]])
    const rows = await db.journalErreur.findMany({ where: { id: { in: [entry.id, older.id] } } })
    for (const row of rows) {
      expect(row.resolu).toBe(true)
      expect(row.resoluPar).toBe(DEMO_USERS.admin2.nom)
      expect(row.dateResolution).toBeInstanceOf(Date)
    }
    expect(await db.journalErreur.count({ where: { actionId: action.id } })).toBe(2)
  })

  it('échec : message clair, nouvelle entrée au journal, les anciennes restent ouvertes', async () => {
    const { action, entry } = await failedAction((await createProspect()).id)
    n8n.sim.setFault('ENVOYER_DOSSIER', { kind: 'notRegistered' })
    const res = await relancer(entry.id)
    expect(statusOf(res)).toBe(302)
    const toast = await toastOf(res)
    expect(toast).toMatchObject({ type: 'erreur', titre: 'La relance a échoué' })
    // What to do, in plain words; the technical reason (404) stays in the journal entry.
    expect(toast?.description).toBe('Prévenez la personne qui administre le service d’automatisation, puis relancez l’action.')

    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('ECHEC')
    const entries = await db.journalErreur.findMany({ where: { actionId: action.id }, orderBy: { id: 'asc' } })
    expect(entries).toHaveLength(2)
    expect(entries.every((e) => !e.resolu)).toBe(true)
    expect(entries[1].id).toBeGreaterThan(entry.id)
    expect(entries[1].messageErreur).toMatch(/404/)
    // The detail page of the first entry lists the new one.
    const detail = dataOf<Awaited<ReturnType<typeof entryLoader>>>(await call(entryLoader, await get(`/admin/logs/${entry.id}`), { id: String(entry.id) }))
    expect(detail.autres.map((a) => a.id)).toEqual([entries[1].id])
  })

  it('refuse une entrée sans action (400) et les non-administrateurs (403), sans appeler n8n', async () => {
    const sansAction = await db.journalErreur.create({ data: { nomWorkflow: 'synchronisation_formulaire', nomNoeud: 'n', messageErreur: 'Sans action' } })
    const res = await relancer(sansAction.id)
    expect(statusOf(res)).toBe(400)
    expect(JSON.stringify(dataOf(res))).toMatch(/aucune action/)

    const { action, entry } = await failedAction((await createProspect()).id)
    expect(statusOf(await relancer(entry.id, 'formateur'))).toBe(403)
    const forged = await call(entryAction, await post(`/admin/logs/${entry.id}`, { intent: 'relancer' }, 'admin', { csrf: false }), { id: String(entry.id) })
    expect(statusOf(forged)).toBe(403)
    expect(n8n.sim.requests).toHaveLength(0)
    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('ECHEC')
  })

  it('une action déjà terminée n’est pas rejouée', async () => {
    const { action, entry } = await failedAction((await createProspect()).id)
    expect(statusOf(await relancer(entry.id))).toBe(302)
    expect(n8n.sim.requests).toHaveLength(1)
    await db.journalErreur.update({ where: { id: entry.id }, data: { resolu: false, resoluPar: null, dateResolution: null } })
    const again = await relancer(entry.id, 'admin')
    expect(statusOf(again)).toBe(302)
    expect((await toastOf(again))?.description).toMatch(/déjà terminée/)
    expect(n8n.sim.requests).toHaveLength(1)
    expect((await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })).statut).toBe('TERMINEE')
  })
})
