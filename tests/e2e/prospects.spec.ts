// The prospects list and panel: login and access, filters, search, pagination, the panel and its emails, 404,
// logout. The searched and opened prospect is one the test creates through the intake API (see factories.ts).
import { addEchange, createProspect } from './factories'
import { expect, login, test } from './fixtures'

test('un visiteur anonyme est renvoyé vers la connexion puis revient à sa page', async ({ page }) => {
  await page.goto('/admin/prospects?statut=NOUVEAU')
  await expect(page).toHaveURL(/\/login\?redirectTo=/)
  await login(page)
  await expect(page).toHaveURL(/\/admin\/prospects\?statut=NOUVEAU$/)
  await expect(page.getByLabel('Statut')).toHaveValue('NOUVEAU')
})

test('un mauvais mot de passe affiche un message et garde l’email', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('Email').fill('admin@ecole-bijouterie.fr')
  await page.getByLabel('Mot de passe').fill('mauvais')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('alert')).toContainText('Email ou mot de passe incorrect')
  await expect(page.getByLabel('Email')).toHaveValue('admin@ecole-bijouterie.fr')
})

test('un formateur reçoit une page 403 sur le back-office', async ({ page }) => {
  await login(page, 'formateur')
  await page.goto('/admin/prospects')
  await expect(page.getByRole('heading', { name: 'Accès refusé' })).toBeVisible()
})

test('filtrer par statut et formation, chercher, paginer', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  // The list drawn with the new prospect in it (with JavaScript, it may also arrive live).
  await page.reload()
  const total = page.getByTestId('total')
  await expect(total).toContainText('prospects')
  const before = await total.textContent()
  await page.getByLabel('Statut').selectOption('NOUVEAU')
  if (!js) await page.getByRole('button', { name: 'Filtrer' }).click()
  await expect(page).toHaveURL(/statut=NOUVEAU/)
  await page.getByLabel('Formation').selectOption('SERTISSAGE')
  if (!js) await page.getByRole('button', { name: 'Filtrer' }).click()
  await expect(page).toHaveURL(/formation=SERTISSAGE/)
  await expect(total).not.toHaveText(before!)
  const rows = page.locator('tbody tr')
  for (const badge of await rows.locator('td:nth-child(6)').allTextContents()) expect(badge).toBe('Nouveau')

  await page.getByRole('link', { name: 'Réinitialiser' }).click()
  await expect(page).toHaveURL(/\/admin\/prospects$/)
  await expect(page.getByLabel('Statut')).toHaveValue('')
  await page.getByLabel('Recherche').fill(p.search)
  if (js) await page.getByLabel('Recherche').press('Enter')
  else await page.getByRole('button', { name: 'Filtrer' }).click()
  await expect(page).toHaveURL(new RegExp(`q=${p.search}`))
  await expect(page.getByRole('link', { name: p.row })).toBeVisible()

  await page.getByRole('link', { name: 'Réinitialiser' }).click()
  await expect(page).toHaveURL(/\/admin\/prospects$/)
  await page.getByRole('link', { name: 'Page suivante' }).click()
  await expect(page).toHaveURL(/page=2/)
  await expect(page.getByRole('navigation', { name: 'Pagination des prospects' }).locator('[aria-current="page"]')).toHaveText('2')
})

test('ouvrir le panneau d’un prospect, son historique d’emails, puis fermer', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  await addEchange(request, p.id)
  await page.goto(`/admin/prospects?q=${p.search}`)
  await page.getByRole('link', { name: p.row }).click()
  await expect(page).toHaveURL(new RegExp(`/admin/prospects/${p.id}\\?q=${p.search}`))
  const panel = page.getByTestId('panneau-prospect')
  await expect(panel.getByRole('heading', { name: p.title })).toBeVisible()
  await expect(panel.getByRole('button', { name: /Appeler/ })).toBeDisabled()
  await expect(panel).toContainText('Disponible en 2027')
  await panel.getByRole('link', { name: /Historique des emails/ }).click()
  const dialog = page.getByRole('dialog', { name: `Historique des emails — ${p.title}` })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('email').first()).toBeVisible()
  if (js) {
    await page.keyboard.press('Escape')
  } else {
    await dialog.getByRole('link', { name: 'Fermer' }).click()
  }
  await expect(dialog).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`/admin/prospects/${p.id}\\?q=${p.search}`))
  await page.getByRole('link', { name: 'Fermer le panneau' }).click()
  await expect(page).toHaveURL(new RegExp(`/admin/prospects\\?q=${p.search}$`))
  await expect(panel).toBeHidden()
})

test('un prospect inconnu affiche une page 404 dans la mise en page', async ({ admin: page }) => {
  const response = await page.goto('/admin/prospects/PROS_INCONNU')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Prospect introuvable' })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
})

test('la déconnexion ferme la session côté serveur', async ({ admin: page, context }) => {
  const cookie = (await context.cookies()).find((c) => c.name === 'bo_session')!
  await page.getByRole('button', { name: 'Déconnexion' }).click()
  await expect(page).toHaveURL(/\/login/)
  // Replaying the old cookie does not get back in.
  await context.addCookies([cookie])
  await page.goto('/admin/prospects')
  await expect(page).toHaveURL(/\/login/)
})
