// The list pages' shared URL reading: a bad value never breaks the page, it falls back and says so in French.
import { describe, expect, it } from 'vitest'
import { listSearch, readChoice, readPage, readPageSize, readSearch, readSort } from './list-params'

const read = <T>(query: string, fn: (p: URLSearchParams, w: string[]) => T) => {
  const warnings: string[] = []
  return { value: fn(new URLSearchParams(query), warnings), warnings }
}

describe('readPage', () => {
  it('lit un numéro entier à partir de 1, plafonné', () => {
    expect(read('page=3', readPage)).toEqual({ value: 3, warnings: [] })
    expect(read('', readPage)).toEqual({ value: 1, warnings: [] })
    expect(read('page=99999999999', readPage).value).toBe(1_000_000)
  })
  it('revient à la première page sur une valeur invalide, avec un message', () => {
    for (const bad of ['0', '-2', '1.5', 'abc', '1e3x']) {
      const { value, warnings } = read(`page=${bad}`, readPage)
      expect(value).toBe(1)
      expect(warnings).toEqual([`Numéro de page invalide « ${bad} » : première page affichée.`])
    }
  })
})

describe('readPageSize', () => {
  const sizes = [25, 50, 100]
  const size = (p: URLSearchParams, w: string[]) => readPageSize(p, sizes, 25, 'prospects', w)
  it('garde une taille proposée ; ramène les autres dans les bornes', () => {
    expect(read('taille=50', size)).toEqual({ value: 50, warnings: [] })
    expect(read('taille=10', size)).toEqual({ value: 25, warnings: [] })
    expect(read('taille=500', size)).toEqual({ value: 100, warnings: ['Au plus 100 prospects par page.'] })
    expect(read('taille=x', size)).toEqual({ value: 25, warnings: ['Taille de page invalide « x » : 25 par page.'] })
  })
})

describe('readSort', () => {
  const tris = { nom: { ordre: 'asc' }, date: { ordre: 'desc' } } as const
  const sort = (p: URLSearchParams, w: string[]) => readSort(p, tris, 'date', 'tri par date', w)
  it('prend l’ordre propre à la colonne, sauf ordre explicite', () => {
    expect(read('tri=nom', sort).value).toEqual({ tri: 'nom', ordre: 'asc' })
    expect(read('tri=nom&ordre=desc', sort).value).toEqual({ tri: 'nom', ordre: 'desc' })
    expect(read('', sort).value).toEqual({ tri: 'date', ordre: 'desc' })
  })
  it('ignore une colonne ou un ordre inconnus (y compris les noms hérités d’Object)', () => {
    expect(read('tri=toString', sort)).toEqual({ value: { tri: 'date', ordre: 'desc' }, warnings: ['Tri inconnu « toString » : tri par date.'] })
    expect(read('ordre=haut', sort).warnings).toEqual(['Ordre inconnu « haut » : « asc » ou « desc » attendu.'])
  })
})

describe('readSearch et readChoice', () => {
  it('resserre les espaces et coupe à 100 caractères', () => {
    expect(read('q=%20Marie%20%20Dumitru%20', readSearch).value).toBe('Marie Dumitru')
    const long = read(`q=${'a'.repeat(150)}`, readSearch)
    expect(long.value).toHaveLength(100)
    expect(long.warnings).toEqual(['Recherche tronquée à 100 caractères.'])
  })
  it('garde une valeur connue, ignore les autres avec le message donné', () => {
    const choice = (p: URLSearchParams, w: string[]) => readChoice(p, 'statut', ['NOUVEAU', 'PERDU'] as const, (v) => `Statut inconnu ${v}.`, w)
    expect(read('statut=PERDU', choice).value).toBe('PERDU')
    expect(read(`statut=${'X'.repeat(60)}`, choice)).toEqual({ value: null, warnings: [`Statut inconnu « ${'X'.repeat(40)}… ».`] })
  })
})

describe('listSearch', () => {
  it('écrit l’URL sans les valeurs par défaut ni la première page', () => {
    expect(listSearch({ q: 'durand', statut: null, tri: 'date', page: 1 }, { tri: 'date' })).toBe('?q=durand')
    expect(listSearch({ tri: 'nom', page: 3, taille: 25 }, { tri: 'date', taille: 25 })).toBe('?tri=nom&page=3')
    expect(listSearch({})).toBe('')
  })
})
