export const statutDossierLabels = {
  RECU: 'Reçu',
  INCOMPLET: 'Incomplet',
  COMPLET: 'Complet',
  VALIDE: 'Validé',
  REFUSE: 'Refusé',
} as const

export const statutDossierStyles = {
  RECU: 'bg-sky-100 text-sky-900',
  INCOMPLET: 'bg-amber-100 text-amber-900',
  COMPLET: 'bg-violet-100 text-violet-900',
  VALIDE: 'bg-emerald-100 text-emerald-900',
  REFUSE: 'bg-stone-200 text-stone-700',
} as const
