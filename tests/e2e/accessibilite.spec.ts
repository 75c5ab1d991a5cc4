// Every admin page, at a desktop's 1440 px and a phone's 390×844: axe-core finds no serious or critical violation
// (JavaScript on, with the phone menu and the bell open too), and no page scrolls sideways on a phone, with or
// without JavaScript. The prospect's pages are those of a prospect the test creates through the intake API, with
// an email exchanged (see factories.ts).
import AxeBuilder from '@axe-core/playwright'
import type { APIRequestContext, Page } from '@playwright/test'
import { addEchange, createProspect } from './factories'
import { expect, test } from './fixtures'

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1440, height: 900 }

/** The admin pages, by address; the candidate and journal pages are found from their lists. */
async function adminPages(page: Page, request: APIRequestContext) {
  // A full record: address, the assistant's summary, an email sent back by the school.
  const { id } = await createProspect(request, {
    adresse: '12 rue des Orfèvres',
    codePostal: '69002',
    resumeIa: 'Souhaite suivre le CAP dans le cadre d’une reconversion. Financement envisagé : CPF. Très motivée, à relancer rapidement.',
  })
  await addEchange(request, id)
  await page.goto('/admin/candidats')
  const candidat = await page.getByTestId('candidat').first().getByRole('link').first().getAttribute('href')
  await page.goto('/admin/logs')
  const entree = await page.getByTestId('titre-entree').first().getAttribute('href')
  expect(candidat).toMatch(/^\/admin\/candidats\/[^/?]+/)
  expect(entree).toMatch(/^\/admin\/logs\/\d+/)
  return [
    '/admin',
    '/admin/prospects',
    '/admin/prospects?statut=NOUVEAU',
    `/admin/prospects/${id}`,
    `/admin/prospects/${id}/echanges`,
    `/admin/prospects/${id}/convertir`,
    `/admin/prospects/${id}/envoyer-dossier`,
    `/admin/prospects/${id}/envoyer-email`,
    '/admin/candidats',
    candidat!,
    '/admin/logs',
    entree!,
    '/admin/notifications',
    '/admin/une-page-qui-n-existe-pas',
  ]
}

type Finding = { page: string; rule: string; impact: string | null | undefined; targets: string[] }

async function seriousViolations(page: Page, label: string): Promise<Finding[]> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: label, rule: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
}

async function sidewaysScroll(page: Page) {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth)
}

for (const [taille, viewport] of [['ordinateur (1440 px)', DESKTOP], ['téléphone (390×844)', PHONE]] as const) {
  test(`axe : aucune violation grave ou critique sur les pages d’administration, ${taille}`, async ({ admin: page, js, request }) => {
    test.skip(!js, 'axe se lance avec JavaScript')
    test.setTimeout(120_000)
    await page.setViewportSize(viewport)
    const findings: Finding[] = []
    for (const path of await adminPages(page, request)) {
      await page.goto(path)
      await expect(page.locator('main')).toBeVisible()
      findings.push(...(await seriousViolations(page, path)))
    }
    // The open states: the bell's list, and on a phone the navigation menu.
    await page.goto('/admin')
    await expect(page.locator('[data-flux="ouvert"]')).toBeVisible()
    await page.getByTestId('cloche').click()
    await expect(page.getByRole('region', { name: 'Notifications récentes' })).toBeVisible()
    findings.push(...(await seriousViolations(page, '/admin (cloche ouverte)')))
    if (viewport === PHONE) {
      await page.goto('/admin/logs')
      await page.getByTestId('menu-principal').getByText('Menu').click()
      await expect(page.getByRole('navigation', { name: 'Navigation principale (menu)' })).toBeVisible()
      findings.push(...(await seriousViolations(page, '/admin/logs (menu ouvert)')))
    }
    await page.goto('/login')
    findings.push(...(await seriousViolations(page, '/login')))
    expect(findings).toEqual([])
  })
}

test('aucune page ne défile de côté sur un téléphone de 390 px', async ({ admin: page, js, request }) => {
  test.setTimeout(90_000)
  await page.setViewportSize(PHONE)
  const wide: string[] = []
  for (const path of await adminPages(page, request)) {
    await page.goto(path)
    await expect(page.locator('main')).toBeVisible()
    const overflow = await sidewaysScroll(page)
    if (overflow > 0) wide.push(`${path} (+${overflow} px)`)
  }
  await page.getByTestId('menu-principal').getByText('Menu').click()
  if ((await sidewaysScroll(page)) > 0) wide.push('menu ouvert')
  if (js) {
    await page.getByTestId('cloche').click()
    await expect(page.getByRole('region', { name: 'Notifications récentes' })).toBeVisible()
    const overflow = await sidewaysScroll(page)
    if (overflow > 0) wide.push(`cloche ouverte (+${overflow} px)`)
  }
  expect(wide).toEqual([])
})
