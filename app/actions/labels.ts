// French labels of actions, shared by the server and the UI.
export const typeActionLabels = {
  CONVERTIR_CANDIDAT: 'Conversion en candidat',
  ENVOYER_DOSSIER: 'Envoi du dossier',
  GENERER_DEVIS: 'Génération du devis',
  ENVOYER_EMAIL: 'Envoi d’email',
} as const

export const statutActionLabels = {
  EN_COURS: 'En cours',
  EN_ATTENTE: 'En attente de n8n',
  TERMINEE: 'Terminée',
  ECHEC: 'Échec',
} as const

export const statutActionStyles = {
  EN_COURS: 'bg-sky-100 text-sky-900',
  EN_ATTENTE: 'bg-amber-100 text-amber-900',
  TERMINEE: 'bg-emerald-100 text-emerald-900',
  ECHEC: 'bg-red-100 text-red-900',
} as const

export const typeEmailLabels = {
  relance: 'Relance',
  information: 'Information',
  commercial: 'Commercial',
} as const
