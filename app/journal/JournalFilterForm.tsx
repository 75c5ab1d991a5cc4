// The journal's filters: a GET form (works without JavaScript; applies live with it). Operations are named in
// French; the URL keeps the stored names (`workflow=`), so links and bookmarks stay valid.
import { Form } from '@remix-run/react'
import { FilterActions } from '~/components/FilterBar'
import { FilterSelect, PageSizeSelect, SearchField } from '~/components/FilterFields'
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
  const { formRef, onChange, onSubmit } = useLiveFilterForm({
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
      onSubmit={onSubmit}
    >
      <div className="col-span-2">
        <SearchField id="filtre-q" defaultValue={filters.q} placeholder="Nom d’un prospect, Gmail, Drive…" />
      </div>
      <div>
        <FilterSelect
          id="filtre-severite"
          name="severite"
          label="Sévérité"
          defaultValue={filters.severite ?? ''}
          allLabel="Toutes"
          options={SEVERITES.map((s) => ({ value: s, label: severiteLabels[s] }))}
        />
      </div>
      <div>
        <FilterSelect
          id="filtre-resolu"
          name="resolu"
          label="État"
          defaultValue={filters.resolu ?? ''}
          allLabel="Toutes"
          options={[
            { value: 'non', label: 'Non résolues' },
            { value: 'oui', label: 'Résolues' },
          ]}
        />
      </div>
      <div className="col-span-2">
        <FilterSelect id="filtre-workflow" name="workflow" label="Opération" defaultValue={filters.workflow ?? ''} allLabel="Toutes" options={operations} />
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
          <PageSizeSelect sizes={JOURNAL_PAGE_SIZES} defaultValue={filters.taille} />
        </div>
        <FilterActions resetTo="/admin/logs" filtered={filtered} loading={loading} statusClassName="pb-2" />
      </div>
    </Form>
  )
}
