// The journal's filters: a GET form (works without JavaScript; applies live with it). Operations are named in
// French; the URL keeps the stored names (`workflow=`), so links and bookmarks stay valid.
import { Form } from '@remix-run/react'
import { Search } from 'lucide-react'
import { FilterActions } from '~/components/FilterBar'
import { useLiveFilterForm } from '~/components/use-live-filter-form'
import { operationLabel } from './explain'
import type { JournalFilters } from './filters'
import { JOURNAL_PAGE_SIZES, SEVERITES, severiteLabels } from './labels'

export function JournalFilterForm({ filters, workflows, filtered, loading }: {
  filters: JournalFilters
  workflows: string[]
  filtered: boolean
  loading: boolean
}) {
  const { formRef, onChange } = useLiveFilterForm({
    q: filters.q,
    severite: filters.severite ?? '',
    resolu: filters.resolu ?? '',
    workflow: filters.workflow ?? '',
    du: filters.du ?? '',
    au: filters.au ?? '',
    taille: String(filters.taille),
  })
  const operations = workflows.map((w) => ({ value: w, label: operationLabel(w) })).sort((a, b) => a.label.localeCompare(b.label, 'fr'))
  return (
    <Form
      ref={formRef}
      method="get"
      action="/admin/logs"
      role="search"
      aria-label="Filtrer le journal"
      className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-stone-200 bg-white p-3 md:grid-cols-4 xl:grid-cols-8"
      onChange={onChange}
    >
      <div className="col-span-2">
        <label htmlFor="filtre-q" className="label">
          Recherche
        </label>
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-stone-500" aria-hidden />
          <input id="filtre-q" name="q" type="search" defaultValue={filters.q} placeholder="Nom d’un prospect, Gmail, Drive…" className="input pl-8" maxLength={100} />
        </div>
      </div>
      <div>
        <label htmlFor="filtre-severite" className="label">
          Sévérité
        </label>
        <select id="filtre-severite" name="severite" defaultValue={filters.severite ?? ''} className="input">
          <option value="">Toutes</option>
          {SEVERITES.map((s) => (
            <option key={s} value={s}>
              {severiteLabels[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filtre-resolu" className="label">
          État
        </label>
        <select id="filtre-resolu" name="resolu" defaultValue={filters.resolu ?? ''} className="input">
          <option value="">Toutes</option>
          <option value="non">Non résolues</option>
          <option value="oui">Résolues</option>
        </select>
      </div>
      <div className="col-span-2">
        <label htmlFor="filtre-workflow" className="label">
          Opération
        </label>
        <select id="filtre-workflow" name="workflow" defaultValue={filters.workflow ?? ''} className="input">
          <option value="">Toutes</option>
          {operations.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filtre-du" className="label">
          Du
        </label>
        <input id="filtre-du" name="du" type="date" defaultValue={filters.du ?? ''} className="input" />
      </div>
      <div>
        <label htmlFor="filtre-au" className="label">
          Au
        </label>
        <input id="filtre-au" name="au" type="date" defaultValue={filters.au ?? ''} className="input" />
      </div>
      <div className="col-span-2 flex flex-wrap items-end gap-2 md:col-span-4 xl:col-span-8">
        <div className="w-28">
          <label htmlFor="filtre-taille" className="label">
            Par page
          </label>
          <select id="filtre-taille" name="taille" defaultValue={String(filters.taille)} className="input">
            {JOURNAL_PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <FilterActions resetTo="/admin/logs" filtered={filtered} loading={loading} statusClassName="pb-2" />
      </div>
    </Form>
  )
}
