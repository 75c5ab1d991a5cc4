// The title of an error page for a status, in words a secretary understands (the error boundaries and the edge).
export function titleFor(status: number) {
  if (status === 401) return 'Authentification requise'
  if (status === 403) return 'Accès refusé'
  if (status === 404) return 'Page introuvable'
  if (status === 405) return 'Action impossible à cette adresse'
  if (status === 413) return 'Envoi trop volumineux'
  if (status === 415) return 'Formulaire non reconnu'
  if (status === 429) return 'Trop de tentatives'
  if (status === 503) return 'Service momentanément indisponible'
  if (status >= 400 && status < 500) return 'Requête invalide'
  return 'Erreur du serveur'
}
