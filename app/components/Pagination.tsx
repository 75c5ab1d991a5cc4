import { Link } from '@remix-run/react'
import { ChevronLeft, ChevronRight } from 'lucide-react'
import { formatNumber } from '~/utils/format'

/** Numbered pages around the current one; each is a plain link (works without JavaScript). */
export function Pagination({ page, pageCount, total, hrefFor, label }: {
  page: number
  pageCount: number
  total: number
  hrefFor: (page: number) => string
  label: string
}) {
  const pages = new Set<number>([1, pageCount])
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pageCount) pages.add(p)
  const sorted = [...pages].sort((a, b) => a - b)
  const cls = 'inline-flex min-w-9 items-center justify-center rounded-md border px-2 py-1.5 text-sm'
  return (
    <nav aria-label={`Pagination des ${label}`} className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-stone-600" data-testid="total">
        {formatNumber(total)} {label} · page {formatNumber(page)} sur {formatNumber(pageCount)}
      </p>
      <ul className="flex items-center gap-1">
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} className={`${cls} border-stone-300 bg-white hover:bg-stone-100`} aria-label="Page précédente" rel="prev">
              <ChevronLeft className="h-4 w-4" aria-hidden />
            </Link>
          ) : (
            <span className={`${cls} border-stone-200 text-stone-300`} aria-hidden>
              <ChevronLeft className="h-4 w-4" />
            </span>
          )}
        </li>
        {sorted.map((p, i) => (
          <li key={p} className="flex items-center gap-1">
            {i > 0 && p - sorted[i - 1] > 1 ? <span className="px-1 text-stone-500" aria-hidden>…</span> : null}
            {p === page ? (
              <span aria-current="page" className={`${cls} border-stone-900 bg-stone-900 text-white`}>
                {formatNumber(p)}
              </span>
            ) : (
              <Link to={hrefFor(p)} className={`${cls} border-stone-300 bg-white hover:bg-stone-100`} aria-label={`Page ${p}`}>
                {formatNumber(p)}
              </Link>
            )}
          </li>
        ))}
        <li>
          {page < pageCount ? (
            <Link to={hrefFor(page + 1)} className={`${cls} border-stone-300 bg-white hover:bg-stone-100`} aria-label="Page suivante" rel="next">
              <ChevronRight className="h-4 w-4" aria-hidden />
            </Link>
          ) : (
            <span className={`${cls} border-stone-200 text-stone-300`} aria-hidden>
              <ChevronRight className="h-4 w-4" />
            </span>
          )}
        </li>
      </ul>
    </nav>
  )
}
