// French labels shared by the server and the UI.
export const STATUTS_PROSPECT = ['NOUVEAU', 'CONTACTE', 'INTERESSE', 'EN_ATTENTE_DOSSIER', 'CANDIDAT', 'PERDU'] as const
export type StatutProspectValue = (typeof STATUTS_PROSPECT)[number]
/** The statuts listed on the Prospects page (candidates have their own page). */
export const STATUTS_LISTES = STATUTS_PROSPECT.filter((s) => s !== 'CANDIDAT')

export const statutLabels: Record<StatutProspectValue, string> = {
  NOUVEAU: 'Nouveau',
  CONTACTE: 'Contacté',
  INTERESSE: 'Intéressé',
  EN_ATTENTE_DOSSIER: 'En attente de dossier',
  CANDIDAT: 'Candidat',
  PERDU: 'Perdu',
}

export const statutStyles: Record<StatutProspectValue, string> = {
  NOUVEAU: 'bg-sky-100 text-sky-900',
  CONTACTE: 'bg-violet-100 text-violet-900',
  INTERESSE: 'bg-emerald-100 text-emerald-900',
  EN_ATTENTE_DOSSIER: 'bg-amber-100 text-amber-900',
  CANDIDAT: 'bg-stone-900 text-white',
  PERDU: 'bg-stone-200 text-stone-700',
}

export const FINANCEMENTS = ['CPF', 'OPCO', 'FRANCE_TRAVAIL', 'PERSONNEL', 'EMPLOYEUR', 'AUTRE'] as const
export type FinancementValue = (typeof FINANCEMENTS)[number]
export const financementLabels: Record<FinancementValue, string> = {
  CPF: 'CPF',
  OPCO: 'OPCO',
  FRANCE_TRAVAIL: 'France Travail',
  PERSONNEL: 'Personnel',
  EMPLOYEUR: 'Employeur',
  AUTRE: 'Autre',
}

export const PAGE_SIZES = [10, 25, 50, 100] as const
export const DEFAULT_PAGE_SIZE = 25
