// How notifications are written on every page: one way to write a priority, categories with their accents.
import type { Priorite } from './events'

export const prioriteLabels = {
  BASSE: 'Priorité basse',
  NORMALE: 'Priorité normale',
  HAUTE: 'Priorité haute',
  URGENTE: 'Priorité urgente',
} as const satisfies Record<Priorite, string>

export const prioriteStyles = {
  BASSE: 'bg-stone-100 text-stone-700',
  NORMALE: 'bg-sky-100 text-sky-900',
  HAUTE: 'bg-amber-100 text-amber-900',
  URGENTE: 'bg-red-100 text-red-900',
} as const satisfies Record<Priorite, string>

/** Only what deserves attention wears its priority: the everyday ones stay quiet. */
export function prioriteVisible(priorite: Priorite) {
  return priorite === 'HAUTE' || priorite === 'URGENTE'
}

const categorieLabels: Record<string, string> = {
  journal: 'Journal des erreurs',
  action: 'Actions sur les prospects',
  systeme: 'Système',
  planning: 'Planning',
}

/** "Journal des erreurs"; an unknown category is shown capitalised. */
export function categorieLabel(categorie: string) {
  return categorieLabels[categorie] ?? (categorie ? categorie.charAt(0).toUpperCase() + categorie.slice(1) : 'Autre')
}
