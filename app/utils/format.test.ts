// The shared formatting helpers: names and counts as every page writes them.
import { describe, expect, it } from 'vitest'
import { nomComplet, pluriel } from './format'

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
