// The shared formatting helpers: names and counts as every page writes them.
import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, nomComplet, pluriel } from './format'

describe('nomComplet', () => {
  it('écrit le prénom tel quel et le nom en capitales, accents compris', () => {
    expect(nomComplet({ prenom: 'Hugo', nom: 'Durand' })).toBe('Hugo DURAND')
    expect(nomComplet({ prenom: 'Inès', nom: 'Le Goff' })).toBe('Inès LE GOFF')
    expect(nomComplet({ prenom: 'Zoé', nom: 'Lefèvre' })).toBe('Zoé LEFÈVRE')
    expect(nomComplet({ prenom: ' Anaïs ', nom: ' N’Diaye ' })).toBe('Anaïs N’DIAYE')
  })
})

describe('pluriel', () => {
  it('accorde le nom avec le nombre', () => {
    expect(pluriel(0, 'entrée')).toBe('0 entrée')
    expect(pluriel(1, 'entrée')).toBe('1 entrée')
    expect(pluriel(2, 'entrée')).toBe('2 entrées')
    expect(pluriel(1200, 'prospect')).toBe('1\u202f200 prospects')
  })
})

describe('formatDateTime, formatDate', () => {
  it('écrivent l’heure de Paris, la même à chaque appel, au-delà des dates gardées en mémoire', () => {
    expect(formatDateTime(new Date('2026-03-29T00:30:00Z'))).toBe('29/03/2026 01:30')
    expect(formatDateTime(new Date('2026-03-29T01:30:00Z'))).toBe('29/03/2026 03:30')
    expect(formatDate('2026-12-02T23:30:00Z')).toBe('3 déc. 2026')
    const direct = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' })
    const start = Date.UTC(2026, 0, 1)
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4500; i++) {
        const d = new Date(start + i * 3_600_000)
        expect(formatDateTime(d)).toBe(direct.format(d))
      }
    }
    expect(formatDateTime(null)).toBe('—')
    expect(formatDate('pas une date', '')).toBe('')
  })
})
