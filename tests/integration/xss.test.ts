import { describe, expect, it } from 'vitest'
import { db } from '~/utils/db.server'
import { prospectSearchText } from '~/utils/text'
import { fetchPage } from '../utils/app-handler'
import { useFreshDatabase } from '../utils/fresh-database'

useFreshDatabase()

const HOSTILE = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '"><svg onload=window.__xss=1>',
  "'-alert(1)-'",
]

// What must never reach the HTML unescaped.
function assertInert(html: string) {
  expect(html).not.toMatch(/<script>window.__xss/i)
  expect(html).not.toMatch(/<img src=x onerror/i)
  expect(html).not.toMatch(/<svg onload/i)
}

describe('XSS stockée : tout champ affiché reste inerte', () => {
  it('liste, panneau, historique d’emails', async () => {
    const id = 'PROS_XSS_1'
    const p = { nom: HOSTILE[0], prenom: HOSTILE[1], emails: [`${HOSTILE[2]}@x.fr`], telephones: [HOSTILE[3]] }
    await db.prospect.create({
      data: {
        id,
        ...p,
        adresse: HOSTILE[2],
        ville: HOSTILE[0],
        source: 'AUTRE',
        sourcePrecision: HOSTILE[1],
        resumeIa: HOSTILE.join(' '),
        devisUrl: 'javascript:window.__xss=1',
        statutProspect: 'NOUVEAU',
        texteRecherche: prospectSearchText(p),
        dateDernierContact: new Date('2030-01-01T00:00:00Z'),
        historiqueEmails: { create: [{ direction: 'ENTRANT', sujet: HOSTILE[0], corps: HOSTILE.join('\n') }] },
      },
    })
    for (const url of ['/admin/prospects', `/admin/prospects/${id}`, `/admin/prospects/${id}/echanges`]) {
      const page = await fetchPage(url)
      expect(page.status, url).toBe(200)
      assertInert(page.html)
      expect(page.html).toMatch(/&lt;script&gt;window.__xss=1&lt;\/script&gt;/i)
      // A stored URL is only a link when it is http(s).
      expect(page.html).not.toContain('href="javascript:')
    }
  })

  it('historique (note, modification, statut), pages RGPD et modales de la fiche (issue 12)', async () => {
    const id = 'PROS_XSS_2'
    const p = { nom: HOSTILE[0], prenom: HOSTILE[1], emails: [`${HOSTILE[2]}@x.fr`], telephones: [] as string[] }
    await db.prospect.create({
      data: {
        id,
        ...p,
        source: 'AUTRE',
        sourcePrecision: HOSTILE[3],
        statutProspect: 'PERDU',
        raisonPerte: 'AUTRE',
        texteRecherche: prospectSearchText(p),
        dateDernierContact: new Date('2020-01-01T00:00:00Z'),
        evenements: {
          create: [
            { type: 'NOTE', texte: HOSTILE.join('\n') },
            { type: 'MODIFICATION', donnees: { changements: [{ champ: HOSTILE[0], avant: HOSTILE[1], apres: HOSTILE[2] }] } },
            { type: 'STATUT', donnees: { de: 'NOUVEAU', vers: 'PERDU', raison: 'AUTRE', precision: HOSTILE[0] } },
          ],
        },
      },
    })
    for (const url of [`/admin/prospects/${id}`, `/admin/prospects/${id}/modifier`, `/admin/prospects/${id}/statut`, '/admin/prospects/rgpd', `/admin/prospects/rgpd/anonymiser?id=${id}`]) {
      const page = await fetchPage(url)
      expect(page.status, url).toBe(200)
      assertInert(page.html)
      expect(page.html).toMatch(/&lt;script&gt;window.__xss=1&lt;\/script&gt;/i)
    }
  })
})
