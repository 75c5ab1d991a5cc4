const TZ = 'Europe/Paris'

/**
 * A date format whose results are remembered by instant: a list page formats the same dates on every request, and
 * each Intl call costs several microseconds. At most 2,000 are kept per format.
 */
function remembered(format: Intl.DateTimeFormat) {
  const cache = new Map<number, string>()
  return {
    format(d: Date) {
      const t = d.getTime()
      let text = cache.get(t)
      if (text === undefined) {
        if (cache.size >= 2000) cache.clear()
        text = format.format(d)
        cache.set(t, text)
      }
      return text
    },
  }
}

const dateTime = remembered(new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' }))
const dateOnly = remembered(new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, dateStyle: 'medium' }))
const dateLong = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, dateStyle: 'long', timeStyle: 'short' })

type DateInput = Date | string | null | undefined

function toDate(value: DateInput) {
  if (value === null || value === undefined) return null
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

export function formatDateTime(value: DateInput, fallback = '—') {
  const d = toDate(value)
  return d ? dateTime.format(d) : fallback
}

export function formatDate(value: DateInput, fallback = '—') {
  const d = toDate(value)
  return d ? dateOnly.format(d) : fallback
}

export function formatDateLong(value: DateInput, fallback = '—') {
  const d = toDate(value)
  return d ? dateLong.format(d) : fallback
}

const hourMinute = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** "14 h 32" (Paris time), as in "nouvel essai à 14 h 32". */
export function formatHeure(value: DateInput, fallback = '—') {
  const d = toDate(value)
  if (!d) return fallback
  const parts = Object.fromEntries(hourMinute.formatToParts(d).map((p) => [p.type, p.value]))
  return `${Number(parts.hour)} h ${parts.minute}`
}

// Formatters are built once: building one costs far more than using it (the list page formats many numbers).
const number = new Intl.NumberFormat('fr-FR')
const parisDay = new Intl.DateTimeFormat('fr-FR', { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' })

export function formatNumber(n: number) {
  return number.format(n)
}

/** Paris calendar parts of a date (for dossier numbers and date filters). */
export function parisDateParts(date: Date) {
  const parts = parisDay.formatToParts(date)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return { day: get('day'), month: get('month'), year: get('year') }
}

/**
 * The one way the app writes a person's name: first name as typed, last name in capitals ("Hugo DURAND",
 * "Inès LE GOFF"). Every page, toast, notification and journal title goes through it.
 */
export function nomComplet(p: { prenom: string; nom: string }) {
  return `${p.prenom.trim()} ${p.nom.trim().toLocaleUpperCase('fr-FR')}`.trim()
}

/** "1 entrée", "3 entrées": a count with its noun (and an optional plural form for irregular words). */
export function pluriel(n: number, singulier: string, pluriel = `${singulier}s`) {
  return `${formatNumber(n)} ${n > 1 ? pluriel : singulier}`
}
