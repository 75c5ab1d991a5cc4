// safeRedirect on the values a hostile redirectTo carries (the requests themselves are in tests/integration).
import { describe, expect, it } from 'vitest'
import { safeRedirect } from './safe-redirect'

describe('safeRedirect', () => {
  it('garde un chemin de ce site, requête et ancre comprises', () => {
    expect(safeRedirect('/admin/logs?severite=ERREUR#n12')).toBe('/admin/logs?severite=ERREUR#n12')
    expect(safeRedirect('/admin/prospects/PROS_000002')).toBe('/admin/prospects/PROS_000002')
  })

  it('renvoie la page par défaut pour tout ce qui peut mener ailleurs', () => {
    for (const to of [
      '//evil.test',
      '/\t/evil.test',
      '/\n/evil.test',
      '/\r/evil.test',
      '/ /evil.test',
      '/\u3000/evil.test',
      '/\\evil.test',
      '/..//evil.test',
      '/%2e%2e//evil.test',
      'https://evil.test',
      'javascript:alert(1)',
      'evil.test',
      '',
      null,
      undefined,
      42,
    ]) {
      expect(safeRedirect(to), JSON.stringify(to)).toBe('/admin/prospects')
    }
  })

  it('rend toujours une valeur d’en-tête valide (caractères non ASCII encodés)', () => {
    expect(safeRedirect('/。evil.test')).toBe('/%E3%80%82evil.test')
    expect(() => new Headers({ Location: safeRedirect('/é?q=ü') })).not.toThrow()
  })

  it('utilise la page par défaut donnée par l’appelant', () => {
    expect(safeRedirect('//evil.test', '/espace')).toBe('/espace')
  })
})
