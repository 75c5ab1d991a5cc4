// Real prospects flow in (issue 12), in a real browser with JavaScript (project js) and without (project nojs):
// a secretary creates, edits, annotates, loses and reopens a prospect; a duplicate is caught before creation; a
// contact posted to the intake route (as n8n does) appears in the list — live with JavaScript; RGPD anonymisation.
import crypto from 'node:crypto'
import type { Page } from '@playwright/test'
import { postContact } from './factories'
import { expect, test } from './fixtures'

function toast(page: Page, text: string | RegExp) {
  return page.getByTestId('toast').filter({ hasText: text }).first()
}

/** Names no other test (nor the other project) uses: both projects run against the same server. */
function person(js: boolean) {
  const tag = crypto.randomBytes(3).toString('hex')
  return { prenom: js ? 'Apolline' : 'Bastien', nom: `Test${tag}`, email: `e2e.${tag}@exemple.fr` }
}

test('créer, modifier, annoter, perdre puis rouvrir un prospect', async ({ admin: page, js }) => {
  const p = person(js)
  await page.getByRole('link', { name: 'Nouveau prospect' }).click()
  const dialog = page.getByRole('dialog', { name: 'Nouveau prospect' })
  await expect(dialog).toBeVisible()
  // Nothing typed: the errors say what is missing, under the fields.
  await dialog.getByRole('button', { name: 'Créer le prospect' }).click()
  await expect(dialog.getByText('Le prénom est obligatoire.')).toBeVisible()
  await expect(dialog.getByText('Indiquez au moins un email ou un téléphone.')).toBeVisible()
  await dialog.getByLabel('Prénom').fill(p.prenom)
  await dialog.getByLabel('Nom', { exact: true }).fill(p.nom)
  await dialog.getByLabel('Email').fill(p.email)
  await dialog.getByLabel('Formation souhaitée').selectOption({ label: 'Gemmologie' })
  await dialog.getByLabel('Comment nous a-t-il connus ?').selectOption('TELEPHONE')
  await dialog.getByLabel(/^Note/).fill('A appelé pour la session de mars.')
  await dialog.getByRole('button', { name: 'Créer le prospect' }).click()

  const panel = page.getByTestId('panneau-prospect')
  const title = `${p.prenom} ${p.nom.toUpperCase()}`
  await expect(panel.getByRole('heading', { name: title })).toBeVisible()
  await expect(toast(page, `Prospect créé : ${title}`)).toBeVisible()
  const history = panel.getByRole('list', { name: 'Historique du prospect' })
  await expect(history.getByText('A appelé pour la session de mars.')).toBeVisible()
  await expect(history.getByText('Fiche créée')).toBeVisible()

  await panel.getByRole('link', { name: 'Modifier' }).click()
  const edit = page.getByRole('dialog', { name: 'Modifier le prospect' })
  await expect(edit.getByLabel('Email', { exact: true })).toHaveValue(p.email)
  await edit.getByLabel('Ville').fill('Nantes')
  await edit.getByLabel('Téléphone', { exact: true }).fill('+33 6 70 80 90 10')
  await edit.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(toast(page, 'Fiche modifiée (2 champs)')).toBeVisible()
  await expect(panel.getByText('06 70 80 90 10').first()).toBeVisible()
  await expect(history.getByText('Fiche modifiée')).toBeVisible()
  await expect(history.getByText('Ville : — → Nantes')).toBeVisible()

  await panel.getByRole('link', { name: 'Ajouter une note' }).click()
  const note = page.getByRole('dialog', { name: 'Ajouter une note' })
  await note.getByLabel(/^Note/).fill('Rappeler après le salon.')
  await note.getByRole('button', { name: 'Ajouter la note' }).click()
  await expect(toast(page, 'Note ajoutée')).toBeVisible()
  await expect(history.getByText('Rappeler après le salon.')).toBeVisible()

  await panel.getByRole('link', { name: 'Changer le statut' }).click()
  const statut = page.getByRole('dialog', { name: 'Changer le statut' })
  await statut.getByRole('radio', { name: /Perdu/ }).check()
  await statut.getByRole('button', { name: 'Enregistrer le statut' }).click()
  await expect(statut.getByText('Indiquez pourquoi ce prospect est perdu.')).toBeVisible()
  await statut.getByLabel(/Raison de la perte/).selectOption({ label: 'Autre école' })
  await statut.getByRole('button', { name: 'Enregistrer le statut' }).click()
  await expect(toast(page, `${title} passe de « Nouveau » à « Perdu ».`)).toBeVisible()
  await expect(history.getByText('Statut : Nouveau → Perdu')).toBeVisible()
  await expect(history.getByText('Raison : Autre école')).toBeVisible()

  await panel.getByRole('link', { name: 'Rouvrir' }).click()
  const reopen = page.getByRole('dialog', { name: 'Rouvrir le prospect' })
  await reopen.getByRole('radio', { name: /Contacté/ }).check()
  await reopen.getByRole('button', { name: 'Rouvrir' }).click()
  await expect(toast(page, `${title} passe de « Perdu » à « Contacté ».`)).toBeVisible()
  await expect(history.getByText('Statut : Perdu → Contacté')).toBeVisible()
  await expect(panel.getByRole('link', { name: 'Changer le statut' })).toBeVisible()
})

test('un doublon probable est montré avec un lien avant toute création ; « Créer quand même »', async ({ admin: page, js, request }) => {
  const p = person(js)
  const first = await postContact(request, { reference: `e2e-${p.nom}`, prenom: p.prenom, nom: p.nom, email: p.email, source: 'SALON' })
  expect(first.status()).toBe(201)
  await page.goto('/admin/prospects/nouveau')
  const dialog = page.getByRole('dialog', { name: 'Nouveau prospect' })
  await dialog.getByLabel('Prénom').fill('Autre')
  await dialog.getByLabel('Nom', { exact: true }).fill('Personne')
  await dialog.getByLabel('Email').fill(p.email.toUpperCase())
  await dialog.getByRole('button', { name: 'Créer le prospect' }).click()
  const warning = dialog.getByRole('alert').filter({ hasText: 'Cette personne est peut-être déjà enregistrée' })
  await expect(warning).toBeVisible()
  await expect(warning.getByRole('link', { name: `${p.prenom} ${p.nom.toUpperCase()}` })).toHaveAttribute('href', /\/admin\/prospects\/PROS_\d+/)
  await expect(warning).toContainText('même email')
  await dialog.getByRole('button', { name: 'Créer quand même' }).click()
  await expect(page.getByTestId('panneau-prospect').getByRole('heading', { name: 'Autre PERSONNE' })).toBeVisible()
})

test('un contact envoyé par le formulaire du site apparaît dans la liste (en direct avec JavaScript)', async ({ admin: page, js, request }) => {
  const p = person(js)
  await expect(page.getByRole('heading', { name: 'Prospects' })).toBeVisible()
  // With JavaScript, wait for the live stream before the contact is posted.
  if (js) await expect(page.locator('[data-flux="ouvert"]')).toBeVisible()
  const res = await postContact(request, { reference: `e2e-live-${p.nom}`, prenom: p.prenom, nom: p.nom, email: p.email, formation: 'Sertissage', source: 'FORMULAIRE_SITE', message: 'Bonjour !' })
  expect(res.status()).toBe(201)
  const row = page.getByRole('link', { name: `${p.nom.toUpperCase()} ${p.prenom}` })
  if (js) {
    await expect(row).toBeVisible({ timeout: 10_000 })
    await expect(toast(page, `Nouveau prospect : ${p.prenom} ${p.nom.toUpperCase()} — Sertissage, via le formulaire du site`)).toBeVisible()
  } else {
    await expect(row).toHaveCount(0)
    await page.reload()
    await expect(row).toBeVisible()
  }
  // Sorting by name is a link: it works without JavaScript too.
  await page.getByRole('link', { name: /^Nom prénom/ }).click()
  await expect(page).toHaveURL(/tri=nom/)
  await expect(page.getByRole('columnheader', { name: /Nom prénom/ })).toHaveAttribute('aria-sort', 'ascending')
})

test('RGPD : un prospect sans contact depuis plus de trois ans est anonymisé après confirmation', async ({ admin: page, js, request }) => {
  const p = person(js)
  const old = new Date(Date.now() - 4 * 366 * 24 * 3600_000).toISOString()
  const res = await postContact(request, { reference: `e2e-rgpd-${p.nom}`, prenom: p.prenom, nom: p.nom, email: p.email, date: old })
  expect(res.status()).toBe(201)
  const { id } = (await res.json()) as { id: string }
  await page.getByRole('link', { name: 'Données anciennes (RGPD)' }).click()
  await expect(page.getByRole('heading', { name: 'Données anciennes (RGPD)' })).toBeVisible()
  const row = page.getByTestId('rgpd-prospect').filter({ hasText: `${p.prenom} ${p.nom.toUpperCase()}` })
  await row.getByRole('link', { name: /Anonymiser/ }).click()
  const dialog = page.getByRole('dialog', { name: `Anonymiser ${p.prenom} ${p.nom.toUpperCase()}` })
  await expect(dialog.getByText('Cette action est irréversible.')).toBeVisible()
  await dialog.getByRole('button', { name: 'Anonymiser' }).click()
  await expect(toast(page, '1 prospect anonymisé')).toBeVisible()
  await expect(row).toHaveCount(0)
  await page.goto(`/admin/prospects/${id}`)
  const panel = page.getByTestId('panneau-prospect')
  await expect(panel.getByText(/Données personnelles effacées le/)).toBeVisible()
  await expect(panel.getByText(p.email)).toHaveCount(0)
  // The right-of-access file stays available (what is left of the person).
  await expect(panel.getByRole('link', { name: 'Exporter ses données' })).toHaveAttribute('href', `/admin/prospects/${id}/donnees`)
})
