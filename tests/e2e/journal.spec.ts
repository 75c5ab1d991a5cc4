// The error journal, with JavaScript on and off: resolve and reopen, bulk resolve, replay an action (failure then
// success), hostile text shown as text, CSV export. Runs on its own server (see journal-server.ts).
import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { test as base, expect, login } from './fixtures'
import { startJournalServer, type JournalServer } from './journal-server'

const test = base.extend<{ journal: JournalServer }, { journalServer: JournalServer }>({
  journalServer: [
    async ({}, use, workerInfo) => {
      const server = await startJournalServer(workerInfo.project.name)
      await use(server)
      await server.stop()
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  journal: async ({ journalServer }, use) => {
    journalServer.sim.clearFaults()
    await use(journalServer)
  },
  baseURL: async ({ journalServer }, use) => use(journalServer.url),
})

async function loginAdmin(page: Page, to: string) {
  await login(page, 'admin', to)
  await expect(page).toHaveURL(new RegExp(`${to.replace(/[?]/g, '\\?')}$`))
}

function toast(page: Page, text: RegExp | string) {
  return page.getByTestId('toast').filter({ hasText: text })
}

test('résoudre puis rouvrir une entrée depuis son détail', async ({ page, journal }) => {
  const id = journal.ids.resoudre
  await loginAdmin(page, '/admin/logs?workflow=e2e_resoudre')
  // The list speaks plainly: a title and what to do, never the raw message.
  const row = page.getByTestId('entree-journal')
  await expect(row).toContainText('Relancez l’action demain')
  await expect(row).not.toContainText('Quota Gmail atteint (test de résolution)')
  await row.getByRole('link', { name: 'Une opération automatique n’a pas abouti' }).click()
  await expect(page).toHaveURL(new RegExp(`/admin/logs/${id}\\?workflow=e2e_resoudre$`))
  await expect(page.getByRole('heading', { level: 1, name: 'Une opération automatique n’a pas abouti' })).toBeVisible()
  await expect(page.getByText(`Entrée n° ${id}`, { exact: true })).toBeVisible()
  // The technical detail is there, closed.
  await expect(page.getByTestId('message-erreur')).toBeHidden()
  await page.getByText('Détails techniques').click()
  await expect(page.getByTestId('message-erreur')).toHaveText('Quota Gmail atteint (test de résolution)')
  await expect(page.getByTestId('etat-entree')).toHaveText('Non résolue')

  await page.getByRole('button', { name: 'Marquer comme résolue' }).click()
  await expect(toast(page, `Entrée n° ${id} marquée comme résolue`)).toBeVisible()
  await expect(page.getByTestId('etat-entree')).toHaveText('Résolue')
  await expect(page.getByTestId('resolution')).toContainText('Par Claire Admin, le ')

  await page.getByRole('button', { name: 'Rouvrir' }).click()
  await expect(toast(page, `Entrée n° ${id} rouverte`)).toBeVisible()
  await expect(page.getByTestId('etat-entree')).toHaveText('Non résolue')
  await expect(page.getByRole('button', { name: 'Marquer comme résolue' })).toBeVisible()

  // Back to the filtered list it came from.
  await page.getByRole('link', { name: 'Retour au journal' }).click()
  await expect(page).toHaveURL(/\/admin\/logs\?workflow=e2e_resoudre$/)
  await expect(page.getByTestId('entree-journal')).toHaveCount(1)
})

test('résoudre en masse les entrées cochées ; une sélection vide est refusée', async ({ page, journal, js }) => {
  const [first, second, third] = journal.ids.masse
  await loginAdmin(page, '/admin/logs?workflow=e2e_masse&resolu=non')
  const rows = page.getByTestId('entree-journal')
  await expect(rows).toHaveCount(3)

  await page.getByRole('button', { name: 'Marquer la sélection comme résolue' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Cochez au moins une entrée' })).toBeVisible()
  await expect(rows).toHaveCount(3)

  if (js) {
    // Select all, then leave the third one out.
    await page.getByLabel('Sélectionner toutes les entrées non résolues de la page').check()
    await expect(page.getByText('3 sélectionnées')).toBeVisible()
    await page.getByLabel(`Sélectionner l’entrée n° ${third}`).uncheck()
    await expect(page.getByText('2 sélectionnées')).toBeVisible()
  } else {
    await page.getByLabel(`Sélectionner l’entrée n° ${first}`).check()
    await page.getByLabel(`Sélectionner l’entrée n° ${second}`).check()
  }
  await page.getByRole('button', { name: 'Marquer la sélection comme résolue' }).click()
  await expect(toast(page, '2 entrées marquées comme résolues')).toBeVisible()
  // Still on the filtered list: only the entry left out remains unresolved.
  await expect(page).toHaveURL(/\/admin\/logs\?workflow=e2e_masse&resolu=non$/)
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(`n° ${third}`)

  await page.goto('/admin/logs?workflow=e2e_masse&resolu=oui')
  await expect(rows).toHaveCount(2)
  for (const row of await rows.all()) await expect(row).toContainText('Claire Admin')
})

test('relancer l’action d’une entrée : un échec ajoute une entrée, un succès résout tout', async ({ page, journal, js }) => {
  const id = journal.ids.relance
  // A controllable clock (time still flows): a failure's message must outlive the five seconds a success gets.
  if (js) await page.clock.install()
  await loginAdmin(page, `/admin/logs/${id}`)
  await expect(page.getByTestId('statut-action')).toContainText('Échec')
  await expect(page.getByText('Autres entrées de cette action')).toHaveCount(0)

  // n8n still refuses: the replay fails, says why, and the failure is journaled as a new entry.
  journal.sim.setFault('ENVOYER_DOSSIER', { kind: 'forbidden' })
  await page.getByRole('button', { name: 'Relancer l’action' }).click()
  await expect(toast(page, 'La relance a échoué')).toBeVisible()
  await expect(toast(page, 'La relance a échoué')).toContainText('Le service d’automatisation refuse la clé')
  await expect(toast(page, 'La relance a échoué')).not.toContainText(/n8n|403/)
  if (js) {
    await page.clock.fastForward(10_000)
    await expect(toast(page, 'La relance a échoué')).toBeVisible()
    await toast(page, 'La relance a échoué').getByRole('button', { name: 'Fermer le message' }).click()
    await expect(toast(page, 'La relance a échoué')).toHaveCount(0)
  }
  await expect(page.getByTestId('etat-entree')).toHaveText('Non résolue')
  const autres = page.getByRole('region', { name: 'Autres entrées de cette action' })
  await expect(autres.getByRole('listitem')).toHaveCount(1)
  await expect(autres).toContainText('Non résolue')

  // n8n is back: the replay succeeds, and every entry of the action is resolved in the admin's name.
  journal.sim.clearFaults()
  await page.getByRole('button', { name: 'Relancer l’action' }).click()
  await expect(toast(page, 'Action relancée')).toBeVisible()
  await expect(page.getByTestId('etat-entree')).toHaveText('Résolue')
  await expect(page.getByTestId('resolution')).toContainText('Par Claire Admin')
  await expect(page.getByTestId('statut-action')).toContainText('Terminée')
  await expect(page.getByRole('button', { name: 'Relancer l’action' })).toHaveCount(0)
  await expect(autres).toContainText('Résolue')
  await expect(autres).not.toContainText('Non résolue')
  const calls = journal.sim.requests.filter((r) => r.path === 'prospect/envoyer-dossier')
  expect(calls).toHaveLength(2)
  expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1)
})

test('un texte hostile s’affiche comme du texte, jamais exécuté', async ({ page, journal }) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  const message = '<script>alert("xss")</script><img src=x onerror="alert(1)">'
  await loginAdmin(page, '/admin/logs?workflow=e2e_hostile')
  const row = page.getByTestId('entree-journal')
  await expect(row).toHaveCount(1)
  await expect(row.getByRole('link')).toHaveText('Une opération automatique n’a pas abouti')
  await expect(row.locator('img, script')).toHaveCount(0)

  await row.getByRole('link').click()
  await expect(page).toHaveURL(new RegExp(`/admin/logs/${journal.ids.hostile}`))
  await expect(page.getByTestId('message-erreur')).toHaveText(message)
  const donnees = page.getByTestId('donnees-entree')
  await expect(donnees).toContainText('"html": "<img src=x onerror=alert(2)>"')
  await expect(donnees).toContainText('"fin": "</pre><script>alert(3)</script>"')
  await expect(page.locator('main img, main script')).toHaveCount(0)
  expect(dialogs).toEqual([])
})

test('filtrer par sévérité depuis les compteurs et exporter la liste filtrée en CSV', async ({ page, journal }) => {
  await loginAdmin(page, '/admin/logs')
  await page.getByTestId('compte-Critique').click()
  await expect(page).toHaveURL(/severite=CRITIQUE/)
  await expect(page.getByTestId('compte-Critique')).toHaveAttribute('aria-current', 'true')
  for (const badge of await page.getByTestId('severite-entree').allTextContents()) expect(badge).toBe('Critique')

  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Exporter en CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^journal-erreurs-\d{4}-\d{2}-\d{2}\.csv$/)
  const bytes = fs.readFileSync((await download.path())!)
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const lines = bytes.toString('utf8').slice(1).split('\r\n')
  expect(lines[0]).toBe('N°;Date;Sévérité;Workflow;Nœud;Message;Résolue;Résolue par;Date de résolution;Action;Prospect;Données d’entrée')
  // Only critical entries, the hostile one among them, with its formula-free text quoted as is.
  const body = lines.slice(1).filter(Boolean)
  expect(body.length).toBeGreaterThan(0)
  expect(body.every((l) => l.split(';')[2] === 'Critique')).toBe(true)
  expect(body.some((l) => l.startsWith(`${journal.ids.hostile};`))).toBe(true)
})
