import { severiteLabels, severiteStyles, type SeveriteValue } from './labels'

export function SeveriteBadge({ severite }: { severite: SeveriteValue }) {
  return <span className={`badge whitespace-nowrap ${severiteStyles[severite]}`}>{severiteLabels[severite]}</span>
}
