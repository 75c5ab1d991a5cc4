// The fields of a GET filter form, shared by the list pages: a search box with its icon, a select with an
// "all" choice, the page size. Uncontrolled (defaultValue): the URL is the source of truth, useLiveFilterForm keeps them in line.
import { Search } from 'lucide-react'

export function SearchField({ id, label = 'Recherche', defaultValue, placeholder }: { id: string; label?: string; defaultValue: string; placeholder: string }) {
  return (
    <>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="relative">
        <Search className="pointer-events-none absolute left-2.5 top-2.5 h-4 w-4 text-stone-500" aria-hidden />
        <input id={id} name="q" type="search" defaultValue={defaultValue} placeholder={placeholder} className="input pl-8" maxLength={100} />
      </div>
    </>
  )
}

export type FilterOption = { value: string; label: string }

/** A select with an empty "all" choice first; `groups` lists options under headings (optgroups) instead. */
export function FilterSelect({ id, name, label, defaultValue, allLabel, options = [], groups }: {
  id: string
  name: string
  label: string
  defaultValue: string
  allLabel: string
  options?: FilterOption[]
  groups?: { label: string; options: FilterOption[] }[]
}) {
  const list = (items: FilterOption[]) =>
    items.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ))
  return (
    <>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} className="input">
        <option value="">{allLabel}</option>
        {list(options)}
        {groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {list(g.options)}
          </optgroup>
        ))}
      </select>
    </>
  )
}

/** The "Par page" select (`taille`): the sizes offered, the current one selected. */
export function PageSizeSelect({ sizes, defaultValue }: { sizes: readonly number[]; defaultValue: number }) {
  return (
    <>
      <label htmlFor="filtre-taille" className="label">
        Par page
      </label>
      <select id="filtre-taille" name="taille" defaultValue={String(defaultValue)} className="input">
        {sizes.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </>
  )
}
