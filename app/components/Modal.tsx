import { Link, useNavigate } from '@remix-run/react'
import { X } from 'lucide-react'
import { useEffect, useId, useRef } from 'react'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * A modal that is a URL: server-rendered (works without JavaScript), closed by a link to `closeTo`.
 * With JavaScript: focus moves in and is trapped, Escape closes, focus returns where it was.
 */
export function Modal({ title, closeTo, children, size = 'md', description }: {
  title: string
  closeTo: string
  children: React.ReactNode
  size?: 'md' | 'lg'
  description?: string
}) {
  const titleId = useId()
  const descId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const navigate = useNavigate()
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    const node = ref.current
    if (!node) return
    const first = node.querySelector<HTMLElement>('[data-autofocus]') ?? node.querySelector<HTMLElement>(FOCUSABLE)
    ;(first ?? node).focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        navigate(closeTo, { preventScrollReset: true })
      } else if (e.key === 'Tab') {
        const items = [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null)
        if (items.length === 0) return
        const [head, tail] = [items[0], items[items.length - 1]]
        if (e.shiftKey && document.activeElement === head) {
          e.preventDefault()
          tail.focus()
        } else if (!e.shiftKey && document.activeElement === tail) {
          e.preventDefault()
          head.focus()
        }
      }
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      previous?.focus?.()
    }
  }, [closeTo, navigate])
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-stone-900/40 p-4 pt-16">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        className={`relative w-full rounded-xl bg-white shadow-xl ${size === 'lg' ? 'max-w-3xl' : 'max-w-lg'}`}
      >
        <div className="flex items-start justify-between gap-4 border-b border-stone-200 px-5 py-4">
          <div>
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            {description ? (
              <p id={descId} className="mt-0.5 text-sm text-stone-600">
                {description}
              </p>
            ) : null}
          </div>
          <Link to={closeTo} preventScrollReset className="rounded p-1 text-stone-500 hover:bg-stone-100" aria-label="Fermer">
            <X className="h-5 w-5" aria-hidden />
          </Link>
        </div>
        <div className="px-5 py-4">{children}</div>
      </div>
    </div>
  )
}
