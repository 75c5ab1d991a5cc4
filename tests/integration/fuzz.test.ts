// Property-based fuzzing of every form and of the n8n callback body: whatever arrives, the answer is never a 500,
// and a rejected request (4xx) changes nothing in the database.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as callbackAction } from '~/routes/api.n8n.actions.$actionId'
import { action as convertirAction } from '~/routes/admin.prospects.$id.convertir'
import { action as dossierAction } from '~/routes/admin.prospects.$id.envoyer-dossier'
import { action as emailAction } from '~/routes/admin.prospects.$id.envoyer-email'
import { action as devisAction } from '~/routes/admin.prospects.$id.generer-devis'
import { action as logsAction } from '~/routes/admin.logs'
import { action as logAction } from '~/routes/admin.logs_.$id'
import { action as notificationsAction } from '~/routes/admin.notifications'
import { action as loginAction } from '~/routes/login'
import { db } from '~/utils/db.server'
import { allowConsoleError, BASE, call, post, statusOf } from '../utils/helpers'
import { createProspect } from '../utils/db-utils'
import { startTestN8n, type TestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

let n8n: TestN8n
beforeAll(async () => {
  n8n = await startTestN8n()
})
afterAll(() => n8n.stop())

const RUNS = Number(process.env.FUZZ_RUNS ?? 40)

/** Nasty strings: unicode, control characters, markup, SQL, huge values, plus values the forms accept. */
const nasty = (valid: string[] = []) =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ minLength: 2000, maxLength: 12_000 }),
    fc.constantFrom("' OR 1=1 --", '<script>alert(1)</script>', '\u0000', '../../etc/passwd', '%00', '-1', '1e309', 'NaN', '[]', '{}', ...valid),
  )

const fields = (shape: Record<string, fc.Arbitrary<string | string[]>>) =>
  fc.record(shape, { requiredKeys: [] }).chain((base) =>
    fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }).map((extra) => ({ ...extra, ...base })),
  )

async function snapshot() {
  const [candidats, actions, emails, resolus, prospects, lues] = await Promise.all([
    db.candidat.count(),
    db.actionProspect.count(),
    db.historiqueEmail.count(),
    db.journalErreur.count({ where: { resolu: true } }),
    db.prospect.groupBy({ by: ['statutProspect'], _count: true }),
    db.notificationLue.count(),
  ])
  return JSON.stringify({ candidats, actions, emails, resolus, prospects, lues })
}

type Route = (args: never) => Promise<unknown>
async function check(fn: Route, path: string, params: Record<string, string>, fields: Record<string, string | string[] | undefined>, csrf = true) {
  const body = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string | string[]] => e[1] !== undefined))
  const before = await snapshot()
  const result = await call(fn as never, await post(path, body, 'admin', { csrf }), params)
  const status = statusOf(result)
  expect(status, `${path} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500)
  if (status >= 400) expect(await snapshot()).toBe(before)
  await n8n.idle()
}

describe('fuzzing des formulaires : jamais de 500, rien d’enregistré quand c’est refusé', () => {
  it('connexion', async () => {
    await fc.assert(
      fc.asyncProperty(fields({ email: nasty(['admin@ecole-bijouterie.fr']), motDePasse: nasty(), redirectTo: nasty(['//evil.example', '/admin/logs']) }), async (body) => {
        const result = await call(loginAction as never, new Request(`${BASE}/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Client-Address': `fuzz-${Math.random()}` },
          body: new URLSearchParams(body as Record<string, string>),
        }))
        expect(statusOf(result)).toBeLessThan(500)
      }),
      { numRuns: RUNS },
    )
  })

  // Every accepted action runs on the job engine and its page waits for it (up to 2 s on a busy machine).
  it('actions sur un prospect (convertir, dossier, email, devis)', { timeout: 120_000 }, async () => {
    allowConsoleError(/\[journal\]|\[n8n\]|\[actions\]/)
    const { id: prospect } = await createProspect()
    const path = (a: string) => `/admin/prospects/${prospect}/${a}`
    await fc.assert(
      fc.asyncProperty(fields({ formation: nasty(['SERTISSAGE', 'GEMMOLOGIE']), session: nasty() }), (body) => check(convertirAction, path('convertir'), { id: prospect }, body)),
      { numRuns: RUNS },
    )
    await fc.assert(
      fc.asyncProperty(fields({ email: nasty(['marie@exemple.fr', ' a@b.fr ']) }), (body) => check(dossierAction, path('envoyer-dossier'), { id: prospect }, body)),
      { numRuns: RUNS },
    )
    await fc.assert(
      fc.asyncProperty(fields({ intent: nasty(['brouillon', 'envoyer', 'relancer']), type: nasty(['relance', 'information', 'commercial']), message: nasty(), sujet: nasty(['Votre projet']), corps: nasty(['Bonjour']), confirmation: nasty(['oui']) }), (body) =>
        check(emailAction, path('envoyer-email'), { id: prospect }, body),
      ),
      { numRuns: RUNS },
    )
    await fc.assert(
      fc.asyncProperty(fields({}), (body) => check(devisAction, path('generer-devis'), { id: prospect }, body)),
      { numRuns: Math.ceil(RUNS / 4) },
    )
    // Forged posts (no CSRF token) and unknown or hostile ids in the URL.
    await fc.assert(
      fc.asyncProperty(nasty(['PROS_000001', 'PROS_999999']), async (id) => {
        await check(devisAction, `/admin/prospects/x/generer-devis`, { id }, {})
        await check(convertirAction, `/admin/prospects/x/convertir`, { id }, { formation: 'SERTISSAGE', session: 'x' })
      }),
      { numRuns: RUNS },
    )
    await check(devisAction, path('generer-devis'), { id: prospect }, {}, false)
  })

  it('journal des erreurs et notifications', async () => {
    allowConsoleError(/\[journal\]|\[n8n\]|\[actions\]/)
    await fc.assert(
      fc.asyncProperty(fields({ intent: nasty(['resoudre-selection']), ids: fc.array(nasty(['1', '2', '3']), { maxLength: 5 }) }), (body) => check(logsAction, '/admin/logs', {}, body)),
      { numRuns: RUNS },
    )
    await fc.assert(
      fc.asyncProperty(nasty(['1', '2', '99999', '-1', '1.5']), fields({ intent: nasty(['resoudre', 'rouvrir', 'relancer']) }), (id, body) =>
        check(logAction, `/admin/logs/${encodeURIComponent(id)}`, { id }, body),
      ),
      { numRuns: RUNS },
    )
    await fc.assert(
      fc.asyncProperty(fields({ intent: nasty(['lire', 'ouvrir', 'tout-lire']), id: nasty(['1', '2']), redirectTo: nasty(['/admin/logs', '//evil.example']) }), (body) =>
        check(notificationsAction, '/admin/notifications', {}, body),
      ),
      { numRuns: RUNS },
    )
  })
})

describe('fuzzing du rappel n8n', () => {
  it('corps arbitraires : jamais de 500, et l’action ne change que sur un rappel valide', async () => {
    allowConsoleError(/\[journal\]|\[n8n\]|\[actions\]|\[rappel/)
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'callbackLost' })
    const { id: prospect } = await createProspect()
    await call(devisAction as never, await post(`/admin/prospects/${prospect}/generer-devis`, {}), { id: prospect })
    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: prospect }, orderBy: { dateCreation: 'desc' } })
    n8n.sim.clearFaults()
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.record({ statut: nasty(['TERMINEE', 'ECHEC', 'EN_COURS']), resultat: fc.anything(), erreur: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    )
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('application/json', 'text/plain', ''), async (payload, type) => {
        const before = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
        const result = await call(callbackAction as never, new Request(`${BASE}/api/n8n/actions/${action.id}`, {
          method: 'POST',
          headers: { 'X-Callback-Secret': n8n.callbackSecret, ...(type ? { 'Content-Type': type } : {}) },
          body: payload,
        }), { actionId: action.id })
        const status = statusOf(result)
        expect(status).toBeLessThan(500)
        if (status >= 400) {
          const after = await db.actionProspect.findUniqueOrThrow({ where: { id: action.id } })
          expect(after.statut).toBe(before.statut)
          expect(after.resultat).toEqual(before.resultat)
        }
      }),
      { numRuns: RUNS * 2 },
    )
  })
})
