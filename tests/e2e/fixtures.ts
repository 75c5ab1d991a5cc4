import { test as base, expect, type Page } from '@playwright/test'
import { DEMO_USERS } from '../../prisma/seed-data'

export async function login(page: Page, who: keyof typeof DEMO_USERS = 'admin', redirectTo?: string) {
  if (redirectTo || !new URL(page.url()).pathname.startsWith('/login')) {
    await page.goto(redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/login')
  }
  await page.getByLabel('Email').fill(DEMO_USERS[who].email)
  await page.getByLabel('Mot de passe').fill(DEMO_USERS[who].password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

export const test = base.extend<{ admin: Page; js: boolean }>({
  js: async ({ javaScriptEnabled }, use) => use(javaScriptEnabled !== false),
  // Most journeys start from the prospects list (a plain login lands on the home page).
  admin: async ({ page }, use) => {
    await login(page, 'admin', '/admin/prospects')
    await expect(page).toHaveURL(/\/admin\/prospects$/)
    await use(page)
  },
})
/** The unread count the bell announces (its accessible name), whatever the element (link or button). */
export async function bellCount(page: Page) {
  const label = (await page.getByTestId('cloche').getAttribute('aria-label')) ?? ''
  if (/aucune non lue/.test(label)) return 0
  const match = label.match(/(\d+) non lues?/)
  if (!match) throw new Error(`cloche sans compteur : « ${label} »`)
  return Number(match[1])
}

export { expect }
