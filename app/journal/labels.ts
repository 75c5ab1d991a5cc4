// French labels of the error journal, shared by the server (CSV) and the UI.
export const SEVERITES = ['CRITIQUE', 'ERREUR', 'WARNING', 'INFO'] as const
export type SeveriteValue = (typeof SEVERITES)[number]

export const severiteLabels: Record<SeveriteValue, string> = {
  CRITIQUE: 'Critique',
  ERREUR: 'Erreur',
  WARNING: 'Avertissement',
  INFO: 'Information',
}

export const severiteStyles: Record<SeveriteValue, string> = {
  CRITIQUE: 'bg-red-700 text-white',
  ERREUR: 'bg-red-100 text-red-900',
  WARNING: 'bg-amber-100 text-amber-900',
  INFO: 'bg-sky-100 text-sky-900',
}

export const JOURNAL_PAGE_SIZES = [25, 50, 100] as const
export const JOURNAL_DEFAULT_PAGE_SIZE = 25
/** Most rows one bulk resolve may touch: the list never shows more than this on a page. */
export const BULK_MAX = 100

export const typeActionLabels: Record<string, string> = {
  CONVERTIR_CANDIDAT: 'Conversion en candidat',
  ENVOYER_DOSSIER: 'Envoi du dossier',
  GENERER_DEVIS: 'Génération du devis',
  ENVOYER_EMAIL: 'Envoi d’email',
}

export const statutActionLabels: Record<string, string> = {
  EN_COURS: 'En cours',
  EN_ATTENTE: 'En attente de confirmation',
  TERMINEE: 'Terminée',
  ECHEC: 'Échec',
}

/** "3 h 20 min", "2 j 4 h", "45 s": a duration an admin reads at a glance. */
export function formatDuree(ms: number | null | undefined) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const min = Math.round(s / 60)
  if (min < 60) return `${min} min`
  const h = Math.floor(min / 60)
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`
  const j = Math.floor(h / 24)
  return h % 24 ? `${j} j ${h % 24} h` : `${j} j`
}
