// French labels shared by the server and the UI.
import type { RaisonPerte, SourceProspect } from '~/generated/prisma/enums'

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

// ---- Sources, reasons for losing a prospect, timeline vocabulary: one label per Prisma enum value ----

export const sourceLabels = {
  FORMULAIRE_SITE: 'Formulaire du site',
  EMAIL: 'Email',
  TELEPHONE: 'Téléphone',
  SALON: 'Salon',
  VISITE: 'Visite à l’école',
  PORTES_OUVERTES: 'Journée portes ouvertes',
  RESEAUX_SOCIAUX: 'Réseaux sociaux',
  BOUCHE_A_OREILLE: 'Bouche-à-oreille',
  PRESCRIPTEUR: 'Prescripteur',
  PUBLICITE: 'Publicité en ligne',
  AUTRE: 'Autre',
} satisfies Record<SourceProspect, string>
export type SourceValue = SourceProspect
export const SOURCES = Object.keys(sourceLabels) as [SourceProspect, ...SourceProspect[]]

/** How the contact reached the school, after "Nouveau prospect : Marie Dumitru — CAP Bijouterie, …". */
export const sourceVia = {
  FORMULAIRE_SITE: 'via le formulaire du site',
  EMAIL: 'par email',
  TELEPHONE: 'par téléphone',
  SALON: 'rencontré sur un salon',
  VISITE: 'venu à l’école',
  PORTES_OUVERTES: 'venu à la journée portes ouvertes',
  RESEAUX_SOCIAUX: 'via les réseaux sociaux',
  BOUCHE_A_OREILLE: 'par bouche-à-oreille',
  PRESCRIPTEUR: 'adressé par un prescripteur',
  PUBLICITE: 'via une publicité en ligne',
  AUTRE: 'par un autre canal',
} satisfies Record<SourceProspect, string>

export const raisonPerteLabels = {
  PAS_DE_FINANCEMENT: 'Pas de financement',
  AUTRE_ECOLE: 'Autre école',
  NE_REPOND_PLUS: 'Ne répond plus',
  PROJET_ABANDONNE: 'Projet abandonné ou reporté',
  FORMATION_INADAPTEE: 'La formation ne lui convient pas',
  AUTRE: 'Autre raison',
} satisfies Record<RaisonPerte, string>
export const RAISONS_PERTE = Object.keys(raisonPerteLabels) as [RaisonPerte, ...RaisonPerte[]]

/** The statuts a secretary can choose by hand: CANDIDAT is reached only by conversion. */
export const STATUTS_MANUELS = ['NOUVEAU', 'CONTACTE', 'INTERESSE', 'EN_ATTENTE_DOSSIER', 'PERDU'] as const satisfies readonly StatutProspectValue[]
export type StatutManuel = (typeof STATUTS_MANUELS)[number]

/** "Réseaux sociaux · Instagram", or the label alone. */
export function sourceText(source: SourceProspect | null, precision?: string | null) {
  if (!source) return precision || null
  return precision ? `${sourceLabels[source]} · ${precision}` : sourceLabels[source]
}

/** Names of the fields an edit can change, as the timeline shows them. */
export const champLabels: Record<string, string> = {
  nom: 'Nom',
  prenom: 'Prénom',
  emails: 'Email',
  telephones: 'Téléphone',
  adresse: 'Adresse',
  codePostal: 'Code postal',
  ville: 'Ville',
  formation: 'Formation souhaitée',
  modeFinancement: 'Financement',
  source: 'Source',
  sourcePrecision: 'Précision de la source',
}

/** The CNIL's reference for prospects: data kept three years after the last contact (see rgpd.server.ts). */
export const RGPD_ANNEES = 3
