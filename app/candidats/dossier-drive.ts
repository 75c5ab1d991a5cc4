// The Google Drive folder of a candidate: its name and the sub-folders n8n creates in it, by formation.
const COMMUNS = ['01 - Documents administratifs', '02 - Financement', '03 - Suivi pédagogique']

const PAR_FORMATION: Record<string, string[]> = {
  CAP_BIJOUTERIE: ['04 - Travaux pratiques', '05 - Stage en entreprise', '06 - Examens CAP'],
  SERTISSAGE: ['04 - Pièces serties', '05 - Évaluations'],
  CAO_DAO_3D: ['04 - Modèles 3D', '05 - Rendus et impressions'],
  GEMMOLOGIE: ['04 - Fiches d’identification', '05 - Évaluations'],
}

export function sousDossiersPour(formationId: string) {
  return [...COMMUNS, ...(PAR_FORMATION[formationId] ?? [])]
}

/** "[DUMI15092024] Marie Dumitru" */
export function nomDossierDrive(numeroDossier: string, prenom: string, nom: string) {
  return `[${numeroDossier}] ${prenom} ${nom}`
}
