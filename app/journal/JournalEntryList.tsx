// The journal's entries, as a list that reads the same on a phone and a desktop: each entry's plain title (a link
// to its page), severity, date, what to do, and its state. Unresolved entries have a checkbox: the list is one
// POST form that resolves the checked ones (plain fields, so it works before JavaScript loads).
import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { SubmissionResult } from '@conform-to/react'
import { Form, Link, useNavigation } from '@remix-run/react'
import { CheckCheck, Download } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { formatDateTime } from '~/utils/format'
import { journalSearch, type JournalFilters } from './filters'
import type { SeveriteValue } from './labels'
import { bulkResolveSchema } from './schemas'
import { SeveriteBadge } from './SeveriteBadge'

export type JournalListRow = {
  id: number
  dateErreur: Date | string
  severite: SeveriteValue
  titre: string
  conseil: string
  resolu: boolean
  resoluPar: string | null
  dateResolution: Date | string | null
}

export function JournalEntryList({ rows, filters, search, filtered, loading, lastResult }: {
  rows: JournalListRow[]
  filters: JournalFilters
  /** The current query string: the bulk form posts to it and lands back on the same filtered page. */
  search: string
  filtered: boolean
  loading: boolean
  lastResult: SubmissionResult<string[]> | undefined
}) {
  const navigation = useNavigation()
  const hydrated = useHydrated()
  const listRef = useRef<HTMLUListElement>(null)
  const [selectedCount, setSelectedCount] = useState(0)
  const resolving = navigation.state === 'submitting' && navigation.formAction?.startsWith('/admin/logs') && navigation.formMethod === 'POST'
  const unresolvedOnPage = rows.filter((r) => !r.resolu)
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(bulkResolveSchema),
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bulkResolveSchema }),
  })
  // The count and "select all" read the DOM: the checkboxes stay plain form fields.
  const boxes = () => [...(listRef.current?.querySelectorAll<HTMLInputElement>('input[name="ids"]') ?? [])]
  const recount = () => setSelectedCount(boxes().filter((b) => b.checked).length)
  useEffect(recount, [rows])
  const allSelected = unresolvedOnPage.length > 0 && selectedCount === unresolvedOnPage.length

  return (
    <Form method="post" action={`/admin/logs${search}`} {...getFormProps(form)} aria-label="Entrées du journal" onChange={recount}>
      <AuthenticityTokenInput name="csrf" />
      <input type="hidden" name="intent" value="resoudre-selection" />
      <div className="mb-2 flex min-h-10 flex-wrap items-center gap-3">
        {hydrated ? (
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              aria-label="Sélectionner toutes les entrées non résolues de la page"
              checked={allSelected}
              disabled={unresolvedOnPage.length === 0}
              onChange={(e) => {
                for (const box of boxes()) box.checked = e.target.checked
                recount()
              }}
              className="h-4 w-4"
            />
            <span aria-hidden>Tout cocher</span>
          </label>
        ) : null}
        <button type="submit" className="btn-secondary" disabled={resolving || unresolvedOnPage.length === 0}>
          <CheckCheck className="h-4 w-4" aria-hidden />
          {resolving ? 'Enregistrement…' : 'Marquer la sélection comme résolue'}
        </button>
        {/* On the left like every action of the page: live toasts stack on the top right of the screen. */}
        <a href={`/admin/logs/export.csv${journalSearch({ ...filters, page: 1, taille: undefined })}`} className="btn-secondary" download>
          <Download className="h-4 w-4" aria-hidden />
          Exporter en CSV
        </a>
        {hydrated ? (
          <span className="text-sm text-stone-600" aria-live="polite">
            {selectedCount > 0 ? `${selectedCount} sélectionnée${selectedCount > 1 ? 's' : ''}` : ''}
          </span>
        ) : null}
        <p id={form.errorId} role="alert" className="text-sm text-red-700">
          {[...(form.errors ?? []), ...(fields.ids.errors ?? [])].join(' ')}
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white px-3 py-10 text-center text-stone-600">
          {filtered ? 'Aucune entrée ne correspond à ces filtres.' : 'Aucune erreur enregistrée : tout fonctionne.'}
        </p>
      ) : (
        <ul
          ref={listRef}
          aria-label="Entrées du journal, de la plus récente à la plus ancienne"
          className={`divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white transition-opacity ${loading ? 'opacity-60' : ''}`}
        >
          {rows.map((r) => (
            <li key={r.id} className="flex gap-3 px-3 py-3 hover:bg-stone-50" data-testid="entree-journal">
              <div className="w-5 shrink-0 pt-0.5">
                {r.resolu ? null : <input type="checkbox" name="ids" value={r.id} aria-label={`Sélectionner l’entrée n° ${r.id}`} className="h-4 w-4" />}
              </div>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Link to={`/admin/logs/${r.id}${search}`} className="font-medium text-stone-900 underline decoration-stone-300 underline-offset-2 hover:decoration-stone-900" data-testid="titre-entree">
                    {r.titre}
                  </Link>
                  <span data-testid="severite-entree">
                    <SeveriteBadge severite={r.severite} />
                  </span>
                </div>
                <p className="mt-1 text-sm text-stone-700">{r.conseil}</p>
                <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-stone-600">
                  <time dateTime={new Date(r.dateErreur).toISOString()}>{formatDateTime(r.dateErreur)}</time>
                  <span>n° {r.id}</span>
                  {r.resolu ? (
                    <span className="text-emerald-800">
                      Résolue par {r.resoluPar ?? 'un administrateur'}, {formatDateTime(r.dateResolution)}
                    </span>
                  ) : (
                    <span className="font-medium text-red-800">Non résolue</span>
                  )}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Form>
  )
}
