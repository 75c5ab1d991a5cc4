// The live behaviour of a GET filter form, shared by the list pages: the URL is the source of truth. Without
// JavaScript the form's "Filtrer" button submits it; with JavaScript a change applies by itself (text after a
// pause while typing, dates once typed, lists at once), and a client-side navigation (back button, reset link)
// brings the fields back in line with the URL — except the field being typed in and those changed since the last
// submission (the URL of a navigation still in flight must not overwrite them).
import { useSubmit } from '@remix-run/react'
import { useEffect, useRef, type FormEvent } from 'react'

export function useLiveFilterForm(values: Record<string, string>) {
  const formRef = useRef<HTMLFormElement>(null)
  const submit = useSubmit()
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const changed = useRef(new Set<string>())
  useEffect(() => () => clearTimeout(timer.current), [])

  const key = JSON.stringify(values)
  useEffect(() => {
    const form = formRef.current
    if (!form) return
    for (const [name, value] of Object.entries(JSON.parse(key) as Record<string, string>)) {
      const field = form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null
      if (field && 'value' in field && field !== document.activeElement && !changed.current.has(name)) field.value = value
    }
  }, [key])

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement
    if (target.name) changed.current.add(target.name)
    const delay = target.type === 'search' || target.type === 'text' ? 350 : target.type === 'date' ? 600 : 0
    clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      changed.current.clear()
      if (formRef.current) submit(formRef.current, { replace: true, preventScrollReset: true })
    }, delay)
  }
  /** The "Filtrer" button (or Enter) submits now: nothing left to apply later. */
  const onSubmit = () => {
    clearTimeout(timer.current)
    changed.current.clear()
  }
  return { formRef, onChange, onSubmit }
}
