// The toast area's rule: three at once at most, what fades leaves first, a failure is never dropped.
import { describe, expect, it } from 'vitest'
import { addToasts, MAX_VISIBLE, type ToastMessage } from './Toaster'

const t = (id: string, type: ToastMessage['type']): ToastMessage => ({ id, type, titre: id })

describe('zone des toasts', () => {
  it('garde au plus trois messages, en retirant d’abord le plus ancien succès ou information', () => {
    const list = addToasts([t('a', 'succes'), t('b', 'erreur'), t('c', 'info')], [t('d', 'succes')])
    expect(MAX_VISIBLE).toBe(3)
    expect(list.map((x) => x.id)).toEqual(['b', 'c', 'd'])
  })

  it('ne perd jamais un échec : au-delà de trois échecs, les suivants attendent leur tour', () => {
    const list = addToasts([t('a', 'erreur'), t('b', 'erreur'), t('c', 'erreur')], [t('d', 'erreur'), t('e', 'succes')])
    expect(list.map((x) => x.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('n’affiche pas deux fois le même message', () => {
    expect(addToasts([t('a', 'info')], [t('a', 'info')]).map((x) => x.id)).toEqual(['a'])
  })
})
