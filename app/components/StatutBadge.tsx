import { statutLabels, statutStyles, type StatutProspectValue } from '~/prospects/labels'

export function StatutBadge({ statut }: { statut: StatutProspectValue }) {
  return <span className={`badge whitespace-nowrap ${statutStyles[statut]}`}>{statutLabels[statut]}</span>
}
