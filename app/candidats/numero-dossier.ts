import { parisDateParts } from '~/utils/format'

/**
 * Dossier number: the first four letters of the last name (upper case, accents removed, letters only, padded
 * with X) followed by the conversion date as DDMMYYYY in Europe/Paris. Dumitru on 15/09/2024 → DUMI15092024.
 */
export function numeroDossierBase(nom: string, date: Date) {
  const letters = nom
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '')
    .slice(0, 4)
    .padEnd(4, 'X')
  const { day, month, year } = parisDateParts(date)
  return `${letters}${day}${month}${year}`
}
