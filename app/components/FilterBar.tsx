import { Link } from '@remix-run/react'
import { AlertTriangle, SlidersHorizontal, X } from 'lucide-react'

/** The buttons of a GET filter form: submit (the no-JS path), reset when something is filtered, loading status. */
export function FilterActions({ resetTo, filtered, loading, statusClassName = '' }: {
  resetTo: string
  filtered: boolean
  loading: boolean
  statusClassName?: string
}) {
  return (
    <>
      <button type="submit" className="btn-primary">
        <SlidersHorizontal className="h-4 w-4" aria-hidden />
        Filtrer
      </button>
      {filtered ? (
        <Link to={resetTo} className="btn-secondary">
          <X className="h-4 w-4" aria-hidden />
          Réinitialiser
        </Link>
      ) : null}
      <span aria-live="polite" className={`text-sm text-stone-500 ${statusClassName}`}>
        {loading ? 'Chargement…' : ''}
      </span>
    </>
  )
}

/** What the server did with URL parameters it could not use (dropped or clamped), in French. */
export function FilterWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null
  return (
    <div role="alert" className="mb-4 flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      <AlertTriangle className="h-4 w-4 shrink-0" aria-hidden />
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  )
}
