// The journal's counters: one card per severity (a link that filters the list) and the mean time to resolution.
import { Link } from '@remix-run/react'
import { Clock } from 'lucide-react'
import { formatNumber, pluriel } from '~/utils/format'
import { journalSearch, type JournalFilters } from './filters'
import { formatDuree, SEVERITES, severiteLabels, severiteStyles, type SeveriteValue } from './labels'

export function SeveriteSummary({ filters, counts, mttr }: {
  filters: JournalFilters
  counts: Record<SeveriteValue, number>
  mttr: { moyenneMs: number | null; nombre: number }
}) {
  const allCount = SEVERITES.reduce((sum, s) => sum + counts[s], 0)
  return (
    <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      <nav aria-label="Entrées par sévérité" className="contents">
        <SeveriteCard
          href={`/admin/logs${journalSearch({ ...filters, severite: null, page: 1 })}`}
          label="Toutes"
          count={allCount}
          current={!filters.severite}
          className="bg-stone-100 text-stone-900"
        />
        {SEVERITES.map((s) => (
          <SeveriteCard
            key={s}
            href={`/admin/logs${journalSearch({ ...filters, severite: s, page: 1 })}`}
            label={severiteLabels[s]}
            count={counts[s]}
            current={filters.severite === s}
            className={severiteStyles[s]}
          />
        ))}
      </nav>
      <div className="col-span-2 rounded-lg border border-stone-200 bg-white p-3 md:col-span-1" data-testid="mttr">
        <p className="flex items-center gap-1 text-xs uppercase tracking-wide text-stone-600">
          <Clock className="h-3.5 w-3.5" aria-hidden />
          Temps moyen de résolution
        </p>
        <p className="mt-1 text-xl font-semibold tabular-nums">{formatDuree(mttr.moyenneMs)}</p>
        <p className="text-xs text-stone-600">
          {mttr.nombre > 0
            ? `sur ${pluriel(mttr.nombre, 'entrée résolue', 'entrées résolues')} en 30 jours`
            : 'aucune entrée résolue ces 30 derniers jours'}
        </p>
      </div>
    </div>
  )
}

function SeveriteCard({ href, label, count, current, className }: { href: string; label: string; count: number; current: boolean; className: string }) {
  return (
    <Link
      to={href}
      aria-current={current ? 'true' : undefined}
      className={`rounded-lg border p-3 transition hover:shadow-sm ${current ? 'border-stone-900 ring-2 ring-stone-900' : 'border-stone-200'} ${className}`}
      data-testid={`compte-${label}`}
    >
      <span className="block text-xs uppercase tracking-wide">{label}</span>
      <span className="block text-xl font-semibold tabular-nums">{formatNumber(count)}</span>
    </Link>
  )
}
