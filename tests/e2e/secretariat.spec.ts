// What a school secretary with no training meets, with JavaScript on and off: the phone menu, plain words, the
// conversion modal on a phone with the right session, calm notifications, the candidate's page, the home page.
// The journeys on a prospect work on one of their own, created through the intake API (see factories.ts).
import type { Browser, TestInfo } from '@playwright/test'
import { addEchange, createProspect } from './factories'
import { bellCount, expect, login, test } from './fixtures'

const PHONE = { width: 390, height: 844 }

/** Words that mean nothing to a secretary, and HTTP statuses. */
const JARGON = /n8n|webhook|nœud|noeud|workflow|json|\bHTTP\b|\b(?:401|403|404|500|502|503)\b/i

async function otherAdmin(browser: Browser, testInfo: TestInfo, to: string) {
  const { baseURL, locale, timezoneId } = testInfo.project.use
  const context = await browser.newContext({ baseURL, locale, timezoneId, javaScriptEnabled: true })
  const page = await context.newPage()
  await login(page, 'admin2', to)
  await expect(page.locator('[data-flux="ouvert"]')).toBeVisible()
  return { page, close: () => context.close() }
}

test('sur un téléphone, l’en-tête se replie dans un menu : navigation, cloche et déconnexion à portée', async ({ admin: page }) => {
  await page.setViewportSize(PHONE)
  await page.goto('/admin')
  await expect(page.getByTestId('cloche')).toBeInViewport()
  await expect(page.getByRole('button', { name: 'Déconnexion' })).toBeHidden()
  await expect(page.getByTestId('mode-demonstration')).toHaveText(/^Mode démonstration : aucun email n’est réellement envoyé/)

  const menu = page.getByTestId('menu-principal')
  await menu.getByText('Menu').click()
  const nav = page.getByRole('navigation', { name: 'Navigation principale (menu)' })
  await expect(nav).toBeVisible()
  await expect(menu.getByRole('button', { name: 'Déconnexion' })).toBeInViewport()
  await nav.getByRole('link', { name: 'Candidats' }).click()
  await expect(page).toHaveURL(/\/admin\/candidats$/)
  await expect(page.getByRole('heading', { name: 'Candidats', level: 1 })).toBeVisible()

  await page.getByTestId('menu-principal').getByText('Menu').click()
  await page.getByTestId('menu-principal').getByRole('button', { name: 'Déconnexion' }).click()
  await expect(page).toHaveURL(/\/login/)
})

test('convertir sur un téléphone : la modale tient à l’écran, boutons visibles, la prochaine session pas encore commencée est proposée', async ({ admin: page, js, request }) => {
  await page.setViewportSize(PHONE)
  // A prospect who wished the CAP: its next session that has not started is the one proposed.
  const p = await createProspect(request, { formation: 'CAP Bijouterie-Joaillerie' })
  await page.goto(`/admin/prospects/${p.id}/convertir`)
  const dialog = page.getByRole('dialog', { name: 'Convertir en candidat' })
  await expect(dialog).toBeVisible()
  // A modal opens on its first field.
  if (js) await expect(dialog.getByLabel('Formation')).toBeFocused()
  await expect(dialog.getByRole('button', { name: 'Confirmer la conversion' })).toBeInViewport({ ratio: 1 })
  await expect(dialog.getByRole('link', { name: 'Annuler' })).toBeInViewport({ ratio: 1 })

  // The seeded sessions: Septembre 2026, Janvier 2027, Mars 2027 are open. Today's date decides which have started.
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' })
  const next = [
    ['Septembre 2026', '2026-09-07'],
    ['Janvier 2027', '2027-01-11'],
    ['Mars 2027', '2027-03-08'],
  ].find(([, debut]) => debut > today)
  const session = dialog.getByLabel('Session')
  const chosen = (await session.locator('option:checked').textContent()) ?? ''
  if (next) expect(chosen).toMatch(new RegExp(`^${next[0]} — du `))
  else expect(chosen).toMatch(/Choisissez/)
  expect(chosen).not.toContain('déjà commencée')
  if (today >= '2026-09-07') await expect(session.locator('option', { hasText: 'Septembre 2026' }).first()).toContainText('(déjà commencée le 7 sept. 2026)')
  // Plain words: what happens is said without naming the automation service.
  await expect(dialog).toContainText('son dossier Google Drive est créé')
  await expect(dialog).not.toContainText('n8n')

  await dialog.getByRole('button', { name: 'Confirmer la conversion' }).click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Candidature créée' })).toBeVisible()
})

test('l’historique des emails se fait défiler au clavier', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  await addEchange(request, p.id)
  await page.goto(`/admin/prospects/${p.id}/echanges`)
  const zone = page.getByRole('region', { name: 'Emails échangés' })
  await expect(zone).toHaveAttribute('tabindex', '0')
  if (js) await expect(zone).toBeFocused()
})

test('notifications calmes : sa propre action donne un seul message et rien dans sa cloche ; l’autre admin est prévenu', async ({ admin: page, js, browser, request }, testInfo) => {
  // Created first: its "new prospect" notification is already in both bells when their counts are read.
  const p = await createProspect(request)
  // A controllable clock (time still flows) to check the success message fades.
  if (js) await page.clock.install()
  await page.goto(`/admin/prospects/${p.id}`)
  const before = await bellCount(page)
  const other = js ? await otherAdmin(browser, testInfo, '/admin') : null
  try {
    const before2 = other ? await bellCount(other.page) : 0
    await page.getByTestId('panneau-prospect').getByRole('button', { name: 'Relancer' }).click()
    const toasts = page.getByTestId('toast')
    await expect(toasts.filter({ hasText: 'Email envoyé' })).toBeVisible()
    await expect(toasts).toHaveCount(1)
    await expect(toasts.first()).not.toContainText('[')
    if (other) {
      // The other admin: a live message and one more in the bell.
      await expect(other.page.getByTestId('toast').filter({ hasText: /Email envoyé/ })).toBeVisible()
      await expect.poll(() => bellCount(other.page)).toBe(before2 + 1)
      // A success fades after about five seconds.
      await page.clock.fastForward(5_500)
      await expect(toasts).toHaveCount(0)
    }
    // The author's bell has not moved: they saw their own result.
    await page.reload()
    expect(await bellCount(page)).toBe(before)
  } finally {
    await other?.close()
  }
})

test('la page d’un candidat : dossier, session, pièces cochées une à une, lien vers la fiche du prospect', async ({ admin: page, js }) => {
  // Each project works on a candidate of its own formation.
  await page.goto(`/admin/candidats?formation=${js ? 'GEMMOLOGIE' : 'SERTISSAGE'}`)
  await expect(page).toHaveURL(/formation=/)
  await page.getByRole('link', { name: 'Nom', exact: true }).click()
  await expect(page).toHaveURL(/tri=nom/)
  // The list drawn from the new data (the URL may change a moment before the rows are redrawn).
  await expect(page.getByRole('link', { name: 'Nom', exact: true })).toHaveAttribute('aria-current', 'true')
  const first = page.getByTestId('candidat').first()
  const nom = (await first.getByRole('link').first().textContent())!.trim()
  expect(nom).toMatch(/^\S.* [A-ZÀ-ÖØ-Þ’' -]+$/)
  await page.getByTestId('candidat').getByRole('link', { name: nom, exact: true }).first().click()
  await expect(page).toHaveURL(/\/admin\/candidats\/[^/?]+\?formation=/)
  await expect(page.getByRole('heading', { level: 1, name: nom })).toBeVisible()
  await expect(page.getByTestId('numero-dossier')).toHaveText(/^[A-Z]{4}\d{8}/)
  await expect(page.getByTestId('session')).toContainText(/ : du /)

  // Tick the first missing document, save: received, by whom; untick it: missing again.
  const piece = page.getByTestId('piece').filter({ has: page.getByText('Manquant') }).first()
  const libelle = (await piece.locator('label').textContent())!.trim()
  const row = page.getByTestId('piece').filter({ hasText: libelle })
  await row.getByRole('checkbox').check()
  await page.getByRole('button', { name: 'Enregistrer les pièces reçues' }).click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Pièces du dossier enregistrées' })).toBeVisible()
  await expect(row.getByTestId('etat-piece')).toContainText('Reçu le')
  await expect(row.getByTestId('etat-piece')).toContainText('Claire Admin')
  await row.getByRole('checkbox').uncheck()
  await page.getByRole('button', { name: 'Enregistrer les pièces reçues' }).click()
  await expect(row.getByTestId('etat-piece')).toHaveText('Manquant')

  await page.getByRole('link', { name: 'Fiche et historique du prospect' }).click()
  await expect(page).toHaveURL(/\/admin\/prospects\/PROS_/)
  await expect(page.getByTestId('panneau-prospect')).toBeVisible()
})

test('l’accueil montre ce qui attend et chaque chiffre mène à la liste filtrée', async ({ admin: page }) => {
  await page.goto('/admin')
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Claire' })).toBeVisible()
  await expect(page.getByTestId('chiffre-nouveaux')).toHaveAttribute('href', /^\/admin\/prospects\?depuis=\d{4}-\d{2}-\d{2}$/)
  await expect(page.getByTestId('chiffre-a-relancer')).toHaveAttribute('href', '/admin/prospects?inactif=30')
  await expect(page.getByTestId('par-statut').getByRole('link', { name: 'Nouveau' })).toHaveAttribute('href', /statut=NOUVEAU/)
  await expect(page.getByTestId('par-statut').getByRole('link', { name: 'Candidat' })).toHaveAttribute('href', '/admin/candidats')
  await expect(page.getByTestId('conversion')).toContainText(/Taux de conversion : \d+ %/)
  await expect(page.locator('main')).not.toContainText(JARGON)

  const erreurs = Number((await page.getByTestId('chiffre-erreurs').locator('span').first().textContent())!.replace(/\D/g, ''))
  await page.getByTestId('chiffre-erreurs').click()
  await expect(page).toHaveURL(/\/admin\/logs\?resolu=non$/)
  await expect(page.getByTestId('total')).toContainText(`${erreurs} entrée`)

  await page.goto('/admin/candidats')
  await page.goto('/admin')
  await page.getByTestId('par-formation').getByRole('link', { name: /candidats?$/ }).first().click()
  await expect(page).toHaveURL(/\/admin\/candidats\?formation=/)
})

test('les pages du secrétariat parlent français, sans jargon technique, et la page introuvable aussi', async ({ admin: page }) => {
  for (const path of ['/admin', '/admin/candidats', '/admin/logs', '/admin/logs/1', '/admin/notifications']) {
    await page.goto(path)
    await expect(page.locator('main'), path).toBeVisible()
    // What is on screen (a closed "Détails techniques" block shows nothing).
    expect(await page.locator('main').innerText(), path).not.toMatch(JARGON)
  }
  await page.goto('/admin/une-page-qui-n-existe-pas')
  await expect(page.getByRole('heading', { name: 'Page introuvable' })).toBeVisible()
  await expect(page.getByRole('alert')).toContainText('Cette page n’existe pas ou plus.')
  await expect(page.locator('body')).not.toContainText(/No route matches|Error:/)
  // The navigation stays.
  await expect(page.getByRole('banner')).toBeVisible()
})

test('une session expirée pendant une action : rien n’est lancé, la connexion le dit et ramène au panneau', async ({ admin: page, request }) => {
  const p = await createProspect(request)
  await page.goto(`/admin/prospects/${p.id}`)
  const panel = page.getByTestId('panneau-prospect')
  await panel.getByRole('link', { name: 'Convertir en candidat' }).click()
  const dialog = page.getByRole('dialog', { name: 'Convertir en candidat' })
  await expect(dialog).toBeVisible()
  // The session ends while the dialog is open (expiry, logout in another tab).
  await page.context().clearCookies({ name: 'bo_session' })
  await dialog.getByRole('button', { name: 'Confirmer la conversion' }).click()

  await expect(page).toHaveURL(/\/login\?/)
  await expect(page.getByRole('status')).toHaveText('Votre session avait expiré : l’action n’a pas été lancée. Reconnectez-vous : vous reviendrez sur la même page.')
  await page.getByLabel('Email').fill('admin@ecole-bijouterie.fr')
  await page.getByLabel('Mot de passe').fill('Bijoux-Admin-2026')
  await page.getByRole('button', { name: 'Se connecter' }).click()

  await expect(page).toHaveURL(new RegExp(`/admin/prospects/${p.id}$`))
  await expect(page.getByTestId('toast').filter({ hasText: 'Votre session avait expiré : l’action n’a pas été lancée' })).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(panel).not.toContainText('Déjà candidat')
})

test('au clavier : ouvrir un prospect mène à son panneau, le fermer ramène à sa ligne', async ({ admin: page, js, request }) => {
  test.skip(!js, 'sans JavaScript chaque clic charge une page entière : le navigateur place le focus en haut de page')
  const p = await createProspect(request)
  await page.goto(`/admin/prospects?q=${p.search}`)
  const row = page.getByRole('link', { name: p.row })
  await row.focus()
  await page.keyboard.press('Enter')
  const panel = page.getByTestId('panneau-prospect')
  await expect(panel.getByRole('heading', { name: p.title })).toBeFocused()
  await panel.getByRole('link', { name: 'Fermer le panneau' }).press('Enter')
  await expect(panel).toBeHidden()
  await expect(row).toBeFocused()
})

test('à 1440 px, le panneau ouvert laisse Source, Échanges et Dernier contact visibles ; la liste ne défile pas de côté', async ({ admin: page, request }) => {
  const p = await createProspect(request)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(`/admin/prospects/${p.id}`)
  await expect(page.getByTestId('panneau-prospect')).toBeVisible()
  const list = page.getByRole('table', { name: /Liste des prospects/ })
  for (const column of ['Source', 'Échanges', 'Dernier contact']) {
    await expect(list.getByRole('columnheader', { name: new RegExp(column) })).toBeInViewport({ ratio: 1 })
  }
  const overflow = await list.evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
})

test('une secrétaire qui se connecte arrive sur l’accueil : ce qui l’attend aujourd’hui', async ({ page }) => {
  await login(page)
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Claire' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'À traiter aujourd’hui' })).toBeVisible()
})
