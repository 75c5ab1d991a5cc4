import { expect, test } from './fixtures'

test('en-têtes de sécurité et CSP sans script inline autorisé, sans violation', async ({ page, js }) => {
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text())
  })
  const response = await page.goto('/login')
  const headers = response!.headers()
  const csp = headers['content-security-policy']
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/)
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['cache-control']).toBe('no-store')
  // The e2e server runs the built-in simulator: the page says, in plain words, that nothing really leaves.
  await expect(page.getByTestId('mode-demonstration')).toHaveText(/^Mode démonstration : aucun email n’est réellement envoyé/)
  if (js) {
    // Hydrated: client-side validation answers on blur.
    await page.getByLabel('Email').fill('pas-un-email')
    await page.getByLabel('Mot de passe').focus()
    await expect(page.getByText('Adresse email invalide')).toBeVisible()
  }
  expect(violations).toEqual([])
})
