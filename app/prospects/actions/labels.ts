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
  EN_ATTENTE: 'En attente du résultat',
  TERMINEE: 'Terminée',
  ECHEC: 'Échec',
} as const satisfies Record<StatutAction, string>

export const statutActionStyles = {
  EN_COURS: 'bg-sky-100 text-sky-900',
  EN_ATTENTE: 'bg-amber-100 text-amber-900',
  TERMINEE: 'bg-emerald-100 text-emerald-900',
  ECHEC: 'bg-red-100 text-red-900',
} as const satisfies Record<StatutAction, string>

/**
 * Why an action failed, for a secretary: the stored error reads "<short reason> : <detail>" in the words of whoever
 * runs the servers (they read it in the journal's technical details).
 */
export function raisonEchec(erreur: string | null) {
  const raison = erreur?.split(' : ')[0] ?? ''
  if (raison === 'n8n injoignable') return 'le service d’automatisation est injoignable'
  if (raison === 'délai dépassé') return 'le service d’automatisation n’a pas répondu à temps'
  if (raison.startsWith('workflow inactif')) return 'le traitement automatique est désactivé ou introuvable : prévenez la personne qui gère les automatisations'
  if (raison.startsWith('secret n8n refusé')) return 'le service d’automatisation a refusé l’accès : prévenez la personne qui gère les automatisations'
  if (raison === 'erreur dans le workflow') return 'le traitement automatique a rencontré une erreur'
  if (raison === 'réponse n8n invalide') return 'le service d’automatisation a renvoyé une réponse inattendue'
  if (raison.startsWith('requête refusée')) return 'le service d’automatisation a refusé la demande'
  if (raison === 'n8n signale un échec') return `le traitement automatique a échoué (${erreur!.slice(raison.length + 3)})`
  if (raison === 'interrompue') return 'le service d’automatisation n’a jamais donné le résultat'
  if (raison === 'données de l’action illisibles') return 'les informations de l’action sont illisibles'
  return 'l’action a échoué'
}

export const typeEmailLabels = {
  relance: 'Relance',
  information: 'Information',
  commercial: 'Commercial',
} as const satisfies Record<TypeEmail, string>
