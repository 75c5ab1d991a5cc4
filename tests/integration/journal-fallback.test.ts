// When the journal itself cannot be written, the failure still reaches the console and the admin still gets an answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as devisAction } from '~/routes/admin.prospects.$id.generer-devis'
import { db } from '~/utils/db.server'
import { toastOf } from '../utils/actions-helpers'
import { allowConsoleError, call, post, statusOf } from '../utils/helpers'
import { startTestN8n, type TestN8n } from '../utils/n8n-harness'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

let n8n: TestN8n
beforeAll(async () => {
  n8n = await startTestN8n()
})
afterAll(() => n8n.stop())

describe('journal indisponible', () => {
  it('retombe sur la console et répond quand même à l’admin', async () => {
    allowConsoleError(/\[journal\]|\[n8n\]|\[actions\]|\[notifications\]/)
    const lines: string[] = []
    const spy = console.error as unknown as { mock: { calls: unknown[][] } }
    n8n.sim.setFault('GENERER_DEVIS', { kind: 'notRegistered' })
    // The journal table goes away (a broken migration, a revoked grant…).
    await db.$executeRawUnsafe('ALTER TABLE journal_erreurs RENAME TO journal_erreurs_indisponible')
    try {
      const response = await call(devisAction, await post('/admin/prospects/PROS_000020/generer-devis', {}), { id: 'PROS_000020' })
      expect(statusOf(response)).toBe(302)
      const toast = await toastOf(response)
      expect(toast).toMatchObject({ type: 'erreur' })
      expect(toast!.description).toMatch(/workflow inactif ou URL inconnue \(404\)/)
      // The page may answer before the worker has finished writing (and failing to write) the journal: wait for it,
      // the table still away.
      const read = () => spy.mock.calls.map((c) => c.map((a) => (a instanceof Error ? a.message : String(a))).join(' '))
      for (let i = 0; i < 100 && !read().some((l) => /impossible d’écrire dans journal_erreurs/.test(l)); i++) await new Promise((r) => setTimeout(r, 50))
      lines.push(...read())
    } finally {
      await db.$executeRawUnsafe('ALTER TABLE journal_erreurs_indisponible RENAME TO journal_erreurs')
    }
    // The original error with its context, then the journal's own failure.
    expect(lines.some((l) => /\[journal\] CRITIQUE prospect_generer_devis\/webhook_n8n_call: .*404/.test(l))).toBe(true)
    expect(lines.some((l) => /impossible d’écrire dans journal_erreurs/.test(l))).toBe(true)
    const action = await db.actionProspect.findFirstOrThrow({ where: { prospectId: 'PROS_000020' } })
    expect(action.statut).toBe('ECHEC')
  })
})
