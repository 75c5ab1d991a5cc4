// The school's templates: the prospect's first name and formation, a subject that fits the form's limits.
import { describe, expect, it } from 'vitest'
import { TYPES_EMAIL } from '~/n8n/contract'
import { SUJET_MAX, CORPS_MAX } from './actions/schemas'
import { modeleEmail } from './email-templates'

describe('modèles d’email de l’école', () => {
  it.each(TYPES_EMAIL)('%s : salue le prospect par son prénom et nomme sa formation', (type) => {
    const email = modeleEmail(type, { prenom: 'Marie', formation: 'Sertissage' })
    expect(email.corps.startsWith('Bonjour Marie,\n\n')).toBe(true)
    expect(`${email.sujet}\n${email.corps}`).toMatch(/formation Sertissage/)
    expect(email.sujet.length).toBeLessThanOrEqual(SUJET_MAX)
    expect(email.corps.length).toBeLessThanOrEqual(CORPS_MAX)
  })

  it('sans formation souhaitée, parle des formations de l’école sans laisser de trou', () => {
    const email = modeleEmail('information', { prenom: ' Hugo ', formation: null })
    expect(email.sujet).toBe('Informations sur nos formations')
    expect(email.corps).toMatch(/^Bonjour Hugo,/)
    expect(email.corps).not.toMatch(/null|undefined|formation {2}/)
  })

  it('trois types, trois emails différents', () => {
    const sujets = new Set(TYPES_EMAIL.map((t) => modeleEmail(t, { prenom: 'Marie', formation: 'Sertissage' }).sujet))
    expect(sujets.size).toBe(3)
  })
})
