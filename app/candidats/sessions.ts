// Which session the conversion proposes: the next one that has not started. Shared by the server (the data the
// convert modal gets) and the modal (option labels). Session dates are calendar days (YYYY-MM-DD, no time).
import { formatDate } from '~/utils/format'

type SessionDates = { dateDebut: Date | string }

/** Today's calendar day in Europe/Paris, as YYYY-MM-DD. */
export function parisToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

function day(value: Date | string) {
  return (value instanceof Date ? value.toISOString() : value).slice(0, 10)
}

/** A session has started from its first day on (a session starting today has started). */
export function sessionCommencee(session: SessionDates, now = new Date()) {
  return day(session.dateDebut) <= parisToday(now)
}

/** The session to pre-select: the earliest one that has not started; null when every session has. */
export function sessionProposee<T extends SessionDates & { id: string }>(sessions: T[], now = new Date()) {
  const avenir = sessions.filter((s) => !sessionCommencee(s, now)).sort((a, b) => day(a.dateDebut).localeCompare(day(b.dateDebut)))
  return avenir[0] ?? null
}

/** "Janvier 2027 — du 11 janv. 2027 au 25 juin 2027", or "Septembre 2026 (déjà commencée le 7 sept. 2026)". */
export function libelleSession(session: { libelle: string; dateDebut: Date | string; dateFin: Date | string; commencee: boolean }) {
  if (session.commencee) return `${session.libelle} (déjà commencée le ${formatDate(session.dateDebut)})`
  return `${session.libelle} — du ${formatDate(session.dateDebut)} au ${formatDate(session.dateFin)}`
}
