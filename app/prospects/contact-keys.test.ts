// The normalised forms behind duplicate detection and matching.
import { describe, expect, it } from 'vitest'
import { contactKeys, derivedFields, displayPhone, nameFromEmail, normalizeEmail, normalizePhone, tidyName } from './contact-keys'

describe('clés de contact', () => {
  it('un email se compare sans espaces ni majuscules', () => {
    expect(normalizeEmail('  Marie.Dumitru@Gmail.COM ')).toBe('marie.dumitru@gmail.com')
  })

  it('un téléphone se compare en chiffres, +33 valant 0', () => {
    for (const phone of ['06 12 34 56 78', '06.12.34.56.78', '+33 6 12 34 56 78', '+33 (0)6 12 34 56 78', '0033 6 12 34 56 78', '33612345678']) {
      expect(normalizePhone(phone), phone).toBe('0612345678')
    }
    expect(normalizePhone('12')).toBeNull()
    expect(normalizePhone('+41 22 123 45 67')).toBe('41221234567')
  })

  it('les clés d’une personne : emails et téléphones normalisés, sans doublon ; le nom ne sert qu’aux doublons probables', () => {
    expect(contactKeys({ emails: ['A@b.fr', 'a@B.fr ', ' '], telephones: ['+33 6 12 34 56 78', '0612345678', '1'] })).toEqual(['e:a@b.fr', 't:0612345678'])
    expect(derivedFields({ nom: 'Le Goff', prenom: 'Hélène', emails: [], telephones: [] })).toMatchObject({ clesContact: ['n:le goff|helene'], nomTri: 'le goff helene' })
  })
})

describe('mise en forme', () => {
  it('un numéro français par paires, un numéro étranger tel quel', () => {
    expect(displayPhone('+33612345678')).toBe('06 12 34 56 78')
    expect(displayPhone(' +41  22 123 45 67 ')).toBe('+41 22 123 45 67')
  })

  it('un nom tout en majuscules ou minuscules prend des capitales ; un nom déjà écrit reste tel quel', () => {
    expect(tidyName('MARIE-CLAIRE')).toBe('Marie-Claire')
    expect(tidyName("n'diaye")).toBe("N'Diaye")
    expect(tidyName('McEnroe')).toBe('McEnroe')
  })

  it('un contact sans nom reçoit celui de son adresse', () => {
    expect(nameFromEmail('jean-paul.martin42@exemple.fr')).toEqual({ prenom: 'Jean-Paul', nom: 'Martin' })
    expect(nameFromEmail('contact@exemple.fr')).toEqual({ prenom: '', nom: 'Contact' })
  })
})
