// The prospect actions in a real browser, against the built app and its n8n simulator; each journey runs with
// JavaScript (project js) and without (project nojs: the real forms are posted), on a prospect of its own that it
// creates through the intake API (a website-form contact wishing the CAP, see factories.ts).
import type { Page } from '@playwright/test'
import { createProspect, type CreatedProspect } from './factories'
import { expect, test } from './fixtures'

/** The prospect's panel, its heading naming the person. */
async function openPanel(page: Page, prospect: CreatedProspect) {
  await page.goto(`/admin/prospects/${prospect.id}`)
  const panel = page.getByTestId('panneau-prospect')
  await expect(panel.getByRole('heading', { level: 2, name: prospect.title })).toBeVisible()
  return panel
}

/** A pattern for text naming the prospect `name` (the toast may not capitalise the same way as the panel's heading). */
function naming(name: string, before: string, after = '') {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`${escape(before)}${escape(name)}${escape(after)}`, 'i')
}

function toast(page: Page, text: string | RegExp) {
  return page.getByTestId('toast').filter({ hasText: text }).first()
}

test('convertir en candidat : modale, confirmation, dossier Drive et historique', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  await panel.getByRole('link', { name: 'Convertir en candidat' }).click()
  const dialog = page.getByRole('dialog', { name: 'Convertir en candidat' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByText('Cette action est irréversible.')).toBeVisible()
  await expect(dialog.getByText('Ce qui va se passer')).toBeVisible()
  // The wished formation and its next session that has not started are pre-selected.
  await expect(dialog.getByLabel('Formation')).not.toHaveValue('')
  await expect(dialog.getByLabel('Session')).not.toHaveValue('')
  let formation = (await dialog.getByLabel('Formation').locator('option:checked').textContent())!.replace(' (souhait du prospect)', '')
  if (js) {
    // With JavaScript the sessions follow the formation: no groups, and another formation needs its own session.
    await expect(dialog.locator('select[name="session"] optgroup')).toHaveCount(0)
    const other = dialog.getByLabel('Formation').locator('option:not(:checked):not([value=""])').first()
    formation = (await other.textContent())!
    await dialog.getByLabel('Formation').selectOption({ label: formation })
    // The new formation's next session that has not started is proposed in turn.
    await expect(dialog.getByLabel('Session').locator('option')).toHaveCount(4)
    await expect(dialog.getByLabel('Session')).not.toHaveValue('')
    await expect(dialog.getByLabel('Session').locator('option:checked')).not.toContainText('déjà commencée')
  } else {
    await expect(dialog.locator('select[name="session"] optgroup')).toHaveCount(4)
  }
  await dialog.getByRole('button', { name: 'Confirmer la conversion' }).click()

  await expect(page).toHaveURL(new RegExp(`/admin/prospects/${p.id}$`))
  await expect(toast(page, /Candidature créée pour .* : dossier [A-Z]{4}\d{8}/)).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(panel.getByText(/Déjà candidat — dossier [A-Z]{4}\d{8}/)).toBeVisible()
  await expect(panel.getByRole('link', { name: /Ouvrir le dossier [A-Z]{4}\d{8}/ })).toHaveAttribute('href', /^https:\/\/drive\.google\.com\//)
  const history = panel.getByTestId('action-historique').first()
  await expect(history).toContainText('Conversion en candidat')
  await expect(history).toContainText('Terminée')
  await expect(history).toContainText('Claire Admin')

  await page.goto('/admin/candidats')
  await expect(page.getByTestId('candidat').first().getByTestId('numero-dossier')).toHaveText(/^\s*[A-Z]{4}\d{8}/)
  await expect(page.getByTestId('candidat').first().getByRole('link', { name: /Ouvrir/ })).toBeVisible()
  await expect(page.getByTestId('candidat').first()).toContainText(formation)
})

test('envoyer le dossier à une adresse corrigée', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  await panel.getByRole('link', { name: 'Envoyer dossier' }).click()
  const dialog = page.getByRole('dialog', { name: 'Envoyer le dossier de candidature' })
  const email = dialog.getByLabel('Adresse email du prospect')
  await expect(email).not.toHaveValue('')
  await email.fill(`corrige.${js ? 'js' : 'nojs'}@example.fr`)
  if (js) await expect(dialog.getByTestId('destinataire')).toContainText(`corrige.js@example.fr`)
  await dialog.getByRole('button', { name: 'Envoyer le dossier' }).click()
  // The toast names the prospect of the panel, and the corrected address.
  await expect(toast(page, naming(p.title, 'Dossier de candidature envoyé à ', ` (corrige.${js ? 'js' : 'nojs'}@example.fr)`))).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`/admin/prospects/${p.id}$`))
  await expect(panel.getByText('En attente de dossier').first()).toBeVisible()
  await expect(panel.getByTestId('action-historique').first()).toContainText('Envoi du dossier')
})

test('une adresse invalide est refusée, la saisie est gardée et rien n’est envoyé', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  await panel.getByRole('link', { name: 'Envoyer dossier' }).click()
  const dialog = page.getByRole('dialog', { name: 'Envoyer le dossier de candidature' })
  const email = dialog.getByLabel('Adresse email du prospect')
  if (!js) {
    // The browser's own check (type=email) is bypassed the way an old browser or a script would.
    await dialog.locator('form').evaluate((form) => form.setAttribute('novalidate', ''))
  }
  await email.fill('pas-une-adresse')
  await dialog.getByRole('button', { name: 'Envoyer le dossier' }).click()
  await expect(dialog.getByText('Adresse email invalide.')).toBeVisible()
  await expect(email).toHaveValue('pas-une-adresse')
  await expect(email).toHaveAttribute('aria-invalid', 'true')
  await dialog.getByRole('link', { name: 'Annuler' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  // Nothing was sent: no action in the panel's history.
  await expect(panel.getByRole('heading', { name: 'Historique', exact: true })).toBeVisible()
  await expect(panel.getByTestId('action-historique')).toHaveCount(0)
})

test('générer le devis en un clic ; le lien du PDF arrive par le rappel de n8n', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  if (js) {
    // Held back a second so the pending state can be seen.
    await page.route('**/generer-devis*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      await route.continue()
    })
  }
  await panel.getByRole('button', { name: 'Générer devis' }).click()
  if (js) {
    await expect(page.getByTestId('chargement-action')).toContainText('Génération du devis…')
    await expect(panel.getByRole('button', { name: 'Relancer' })).toBeDisabled()
  }
  await expect(toast(page, /Génération du devis de .* lancée/)).toBeVisible()
  await expect(page.getByTestId('chargement-action')).toHaveCount(0)
  await expect(page).toHaveURL(new RegExp(`/admin/prospects/${p.id}$`))
  // The simulator calls back a moment later; a reload shows the link (with JavaScript the live stream may do it).
  await expect(async () => {
    await page.reload()
    await expect(panel.getByRole('link', { name: 'Ouvrir le devis (PDF)' })).toBeVisible({ timeout: 500 })
  }).toPass({ timeout: 15_000 })
  await expect(panel.getByTestId('action-historique').first()).toContainText('Terminée')
  await expect(panel.getByTestId('action-historique').first().getByRole('link', { name: 'Devis (PDF)' })).toHaveAttribute('href', /^https:\/\/drive\.google\.com\/file\//)
})

test('relancer en un clic depuis le panneau', async ({ admin: page, request }) => {
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  const before = await panel.getByRole('link', { name: /Historique des emails/ }).textContent()
  await panel.getByRole('button', { name: 'Relancer' }).click()
  await expect(toast(page, naming(p.title, 'Email envoyé à ', ' (relance)'))).toBeVisible()
  await expect(panel.getByRole('link', { name: /Historique des emails/ })).not.toHaveText(before!)
  await expect(panel.getByTestId('action-historique').first()).toContainText('Envoi d’email · Relance')
  await panel.getByRole('link', { name: /Historique des emails/ }).click()
  // The school's relance template, sent without a draft step.
  await expect(page.getByRole('dialog').getByTestId('email').first()).toContainText('Votre projet de formation')
})

test('envoyer un email : préparer le brouillon, modifier le sujet, envoyer ; le sujet modifié dans l’historique', async ({ admin: page, js, request }) => {
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  await panel.getByRole('link', { name: 'Envoyer email' }).click()
  const dialog = page.getByRole('dialog', { name: 'Envoyer un email' })
  await dialog.getByLabel(/Information/).check()
  await dialog.getByLabel('Consignes pour l’assistant de rédaction').fill('Parler de la journée portes ouvertes')
  await dialog.getByRole('button', { name: 'Préparer le brouillon' }).click()

  // The draft, written by the assistant (the demo's simulated n8n), editable.
  await expect(dialog.getByText('Brouillon préparé par l’assistant de rédaction')).toBeVisible()
  await expect(dialog.getByLabel('Sujet')).toHaveValue(/^La formation .+ : programme, calendrier et financements$/)
  await expect(dialog.getByLabel('Texte de l’email')).toHaveValue(new RegExp(`^Bonjour ${p.prenom},`, 'i'))
  await expect(dialog).not.toContainText(/n8n|webhook|workflow|JSON/i)
  const sujet = `Journée portes ouvertes ${js ? 'JS' : 'sans JS'} : venez voir l’atelier`
  await dialog.getByLabel('Sujet').fill(sujet)
  const corps = dialog.getByLabel('Texte de l’email')
  await corps.fill(`${await corps.inputValue()}\n\nPS : le samedi 14 mars, de 10 h à 17 h.`)
  await dialog.getByRole('button', { name: 'Envoyer l’email' }).click()

  await expect(toast(page, naming(p.title, 'Email envoyé à '))).toBeVisible()
  await expect(panel.getByTestId('action-historique').first()).toContainText('Envoi d’email · Information')
  await panel.getByRole('link', { name: /Historique des emails/ }).click()
  const email = page.getByRole('dialog').getByTestId('email').first()
  await expect(email).toContainText(sujet)
  await expect(email).toContainText('PS : le samedi 14 mars, de 10 h à 17 h.')
})

test('envoyer un email, sur un téléphone : un sujet vidé est refusé, le texte saisi est gardé', async ({ admin: page, request }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  await panel.getByRole('link', { name: 'Envoyer email' }).click()
  const dialog = page.getByRole('dialog', { name: 'Envoyer un email' })
  await dialog.getByLabel(/Relance/).check()
  await dialog.getByRole('button', { name: 'Préparer le brouillon' }).click()
  // The draft fits the phone: no sideways scroll, the send button in view.
  await expect(dialog.getByLabel('Sujet')).not.toHaveValue('')
  expect(await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth)).toBeLessThanOrEqual(0)
  await expect(dialog.getByRole('button', { name: 'Envoyer l’email' })).toBeInViewport()
  await dialog.getByLabel('Sujet').fill('')
  await dialog.getByLabel('Texte de l’email').fill('Bonjour,\n\nUn texte écrit à la main.')
  await dialog.getByRole('button', { name: 'Envoyer l’email' }).click()
  await expect(dialog.getByText('Indiquez le sujet de l’email.')).toBeVisible()
  await expect(dialog.getByLabel('Texte de l’email')).toHaveValue('Bonjour,\n\nUn texte écrit à la main.')
  await expect(page.getByTestId('toast').filter({ hasText: 'Email envoyé' })).toHaveCount(0)
})

test('email commercial : la confirmation est obligatoire', async ({ admin: page, request }) => {
  const p = await createProspect(request)
  const panel = await openPanel(page, p)
  await panel.getByRole('link', { name: 'Envoyer email' }).click()
  const dialog = page.getByRole('dialog', { name: 'Envoyer un email' })
  await dialog.getByLabel(/Commercial/).check()
  await dialog.getByLabel('Consignes pour l’assistant de rédaction').fill('Mentionner la remise de rentrée')
  await dialog.getByRole('button', { name: 'Préparer le brouillon' }).click()
  await expect(dialog.getByText('Consignes : Mentionner la remise de rentrée')).toBeVisible()
  const sujet = await dialog.getByLabel('Sujet').inputValue()
  expect(sujet).not.toBe('')
  await dialog.getByRole('button', { name: 'Envoyer l’email' }).click()
  await expect(dialog.getByText('Confirmez l’envoi de cet email commercial.')).toBeVisible()
  await expect(dialog.getByLabel('Sujet')).toHaveValue(sujet)
  await dialog.getByLabel(/Je confirme l’envoi d’un email commercial/).check()
  await dialog.getByRole('button', { name: 'Envoyer l’email' }).click()
  await expect(toast(page, 'Email envoyé à')).toBeVisible()
  await expect(panel.getByTestId('action-historique').first()).toContainText('Envoi d’email · Commercial')
})

test('« Générer devis » ouvert par une adresse GET revient au panneau', async ({ admin: page, request }) => {
  const p = await createProspect(request)
  await page.goto(`/admin/prospects/${p.id}/generer-devis`)
  await expect(page).toHaveURL(new RegExp(`/admin/prospects/${p.id}$`))
  await expect(page.getByTestId('panneau-prospect')).toBeVisible()
})
