// The session a conversion proposes, on 2 December 2026 with the demo calendar.
import { describe, expect, it } from 'vitest'
import { libelleSession, parisToday, sessionCommencee, sessionProposee } from './sessions'

const sessions = [
  { id: 'mars-2026', libelle: 'Mars 2026', dateDebut: new Date('2026-03-02'), dateFin: new Date('2026-07-10') },
  { id: 'sept-2026', libelle: 'Septembre 2026', dateDebut: new Date('2026-09-07'), dateFin: new Date('2027-01-29') },
  { id: 'mars-2027', libelle: 'Mars 2027', dateDebut: new Date('2027-03-08'), dateFin: new Date('2027-07-16') },
  { id: 'janv-2027', libelle: 'Janvier 2027', dateDebut: new Date('2027-01-11'), dateFin: new Date('2027-06-25') },
]
const le2decembre = new Date('2026-12-02T10:00:00Z')

describe('session proposée à la conversion', () => {
  it('le 2 décembre 2026, propose Janvier 2027 et jamais Septembre 2026, déjà commencée', () => {
    expect(sessionProposee(sessions, le2decembre)?.id).toBe('janv-2027')
    expect(sessionCommencee(sessions[1], le2decembre)).toBe(true)
    expect(sessionCommencee(sessions[3], le2decembre)).toBe(false)
  })

  it('une session qui commence aujourd’hui (heure de Paris) est déjà commencée', () => {
    // 10 January 2027 at 23:30 UTC is already 11 January in Paris.
    expect(parisToday(new Date('2027-01-10T23:30:00Z'))).toBe('2027-01-11')
    expect(sessionCommencee(sessions[3], new Date('2027-01-10T23:30:00Z'))).toBe(true)
    expect(sessionProposee(sessions, new Date('2027-01-10T23:30:00Z'))?.id).toBe('mars-2027')
  })

  it('sans session à venir, ne propose rien', () => {
    expect(sessionProposee(sessions, new Date('2027-06-01T12:00:00Z'))).toBeNull()
    expect(sessionProposee([], le2decembre)).toBeNull()
  })

  it('le libellé dit quand une session a déjà commencé', () => {
    expect(libelleSession({ ...sessions[1], commencee: true })).toBe('Septembre 2026 (déjà commencée le 7 sept. 2026)')
    expect(libelleSession({ ...sessions[3], commencee: false })).toBe('Janvier 2027 — du 11 janv. 2027 au 25 juin 2027')
  })
})
