// One labelled value of a detail page's side card (<dl>): the label small and upper case, the value under it.
export function DetailItem({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-2">
      <dt className="text-xs uppercase tracking-wide text-stone-600">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  )
}
