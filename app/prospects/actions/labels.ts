// French labels of actions, keyed on the Prisma enums: the one source for the panel, the journal and the CSV.
import type { StatutAction, TypeAction } from '~/generated/prisma/enums'
import type { TypeEmail } from '~/n8n/contract'

export const typeActionLabels = {
  CONVERTIR_CANDIDAT: 'Conversion en candidat',
  ENVOYER_DOSSIER: 'Envoi du dossier',
  GENERER_DEVIS: 'Génération du devis',
  ENVOYER_EMAIL: 'Envoi d’email',
} as const satisfies Record<TypeAction, string>

export const statutActionLabels = {
  EN_COURS: 'En cours',
  EN_ATTENTE: 'En attente de n8n',
  TERMINEE: 'Terminée',
  ECHEC: 'Échec',
} as const satisfies Record<StatutAction, string>

export const statutActionStyles = {
  EN_COURS: 'bg-sky-100 text-sky-900',
  EN_ATTENTE: 'bg-amber-100 text-amber-900',
  TERMINEE: 'bg-emerald-100 text-emerald-900',
  ECHEC: 'bg-red-100 text-red-900',
} as const satisfies Record<StatutAction, string>

export const typeEmailLabels = {
  relance: 'Relance',
  information: 'Information',
  commercial: 'Commercial',
} as const satisfies Record<TypeEmail, string>
