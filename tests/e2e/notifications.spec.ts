// Notifications between admins, live (JavaScript) and on reload: the bell, the notifications page, the stream's
// resumption. Each journey acts on prospects it creates through the intake API (see factories.ts); creating one
// notifies every admin, so they are created before any bell count is read.
import { createProspect } from './factories'
import { bellCount, expect, login, test } from './fixtures'

test('une action d’un administrateur apparaît en direct chez un autre : toast, cloche, panneau', async ({ browser, admin: page, js, request }, testInfo) => {
  test.skip(!js, 'le direct (EventSource) demande JavaScript')
  const p = await createProspect(request)
  const { baseURL, locale, timezoneId } = testInfo.project.use
  const context2 = await browser.newContext({ baseURL, locale, timezoneId, javaScriptEnabled: true })
  try {
    const other = await context2.newPage()
    await login(other, 'admin2', `/admin/prospects/${p.id}`)
    const panel2 = other.getByTestId('panneau-prospect')
    await expect(panel2).toBeVisible()
    await expect(other.locator('[data-flux="ouvert"]')).toBeVisible()
    await expect(other.getByTestId('reconnexion')).toHaveCount(0)
    const before = await bellCount(other)
    const historyBefore = await panel2.getByTestId('action-historique').count()

    await page.goto(`/admin/prospects/${p.id}`)
    await page.getByRole('button', { name: 'Générer devis' }).click()
    await expect(page.getByTestId('toast').first()).toBeVisible()

    // Second admin, no reload: a plain toast (no priority tag), the badge one higher, the open panel refreshed.
    const toast = other.getByTestId('toast').filter({ hasText: /devis/i })
    await expect(toast).toBeVisible()
    await expect(toast).not.toContainText('[')
    await expect.poll(() => bellCount(other)).toBe(before + 1)
    await expect(other.getByTestId('cloche-compteur')).toHaveText(String(before + 1))
    await expect(panel2.getByTestId('action-historique')).toHaveCount(historyBefore + 1)

    // The dropdown lists it first, unread.
    await other.getByTestId('cloche').click()
    const recent = other.getByRole('region', { name: 'Notifications récentes' })
    await expect(recent).toBeVisible()
    await expect(recent.getByRole('listitem').first()).toContainText(/devis/i)
    await other.keyboard.press('Escape')
    await expect(recent).toBeHidden()
    await expect(other.getByTestId('cloche')).toBeFocused()
  } finally {
    await context2.close()
  }
})

test('la cloche et la page des notifications : marquer comme lu, tout marquer comme lu', async ({ admin: page, js, request }) => {
  // Notifications of one's own to read: quotes generated from two panels (plain forms, with or without JavaScript).
  const prospects = [await createProspect(request), await createProspect(request)]
  // A known start, whatever earlier journeys left: nothing unread (their "new prospect" notifications included), so
  // the page's first 25 hold every unread notification the bell will count.
  await page.goto('/admin/notifications')
  await page.getByRole('button', { name: 'Tout marquer comme lu' }).click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Notifications marquées comme lues' })).toBeVisible()
  await expect(page.getByTestId('cloche-compteur')).toHaveCount(0)
  const start = await bellCount(page)
  for (const { id } of prospects) {
    await page.goto(`/admin/prospects/${id}`)
    await page.getByRole('button', { name: 'Générer devis' }).click()
    await expect(page.getByTestId('toast').filter({ hasText: /devis/i }).first()).toBeVisible()
  }
  // Server-rendered count (a reload each time, as without JavaScript): the new notification is counted.
  await expect
    .poll(async () => {
      await page.goto('/admin/prospects')
      return bellCount(page)
    })
    .toBe(start + 2)
  const count = start + 2
  await expect(page.getByTestId('cloche-compteur')).toHaveText(String(count))
  if (js) {
    await page.getByTestId('cloche').click()
    await page.getByRole('link', { name: 'Voir toutes les notifications' }).click()
  } else {
    // Without JavaScript the bell is a plain link to the page.
    await page.getByTestId('cloche').click()
  }
  await expect(page).toHaveURL(/\/admin\/notifications$/)
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible()
  const unread = page.getByTestId('notification').filter({ has: page.getByTestId('non-lue') })
  await expect(unread).toHaveCount(Math.min(count, 25))

  await unread.first().getByRole('button', { name: /Marquer comme lue/ }).click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Notification marquée comme lue' })).toBeVisible()
  await expect.poll(() => bellCount(page)).toBe(count - 1)

  await page.getByRole('link', { name: 'Non lues', exact: true }).click()
  await expect(page).toHaveURL(/filtre=non-lues/)
  await page.getByRole('button', { name: 'Tout marquer comme lu' }).click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Notifications marquées comme lues' })).toBeVisible()
  await expect(page).toHaveURL(/filtre=non-lues/)
  await expect(page.getByText('Aucune notification non lue.')).toBeVisible()
  await expect(page.getByTestId('cloche-compteur')).toHaveCount(0)
  expect(await bellCount(page)).toBe(0)
})

test('tant que le flux est coupé, un indicateur s’affiche ; au retour, ce qui a été manqué arrive', async ({ browser, page, js, request }, testInfo) => {
  test.skip(!js, 'le direct (EventSource) demande JavaScript')
  const p = await createProspect(request)
  // The stream cannot connect (a proxy or the network dropping it): the page keeps retrying with backoff.
  const stream = /\/resources\/notifications(\?|$)/
  await page.route(stream, (route) => route.abort('connectionreset'))
  await login(page)
  const indicator = page.getByTestId('reconnexion')
  await expect(indicator).toBeVisible()
  await expect(indicator).toHaveText('Reconnexion…')
  const before = await bellCount(page)

  // Meanwhile, another admin generates a quote.
  const { baseURL, locale, timezoneId } = testInfo.project.use
  const context2 = await browser.newContext({ baseURL, locale, timezoneId, javaScriptEnabled: true })
  try {
    const other = await context2.newPage()
    await login(other, 'admin2', `/admin/prospects/${p.id}`)
    await other.getByRole('button', { name: 'Générer devis' }).click()
    await expect(other.getByTestId('toast').filter({ hasText: /devis/i }).first()).toBeVisible()
  } finally {
    await context2.close()
  }

  // The connection comes back: it resumes from the last id the page knew, so the quote's notification arrives.
  await page.unroute(stream)
  await expect(page.locator('[data-flux="ouvert"]')).toBeVisible({ timeout: 20_000 })
  await expect(indicator).toHaveCount(0)
  await expect.poll(() => bellCount(page), { timeout: 20_000 }).toBe(before + 1)
  await expect(page.getByTestId('toast').filter({ hasText: /devis/i })).toBeVisible()
})
