import { Link, useNavigate } from '@remix-run/react'
import { X } from 'lucide-react'
import { useEffect, useId, useRef } from 'react'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'
const FIELD = 'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled])'

/**
 * A modal that is a URL: server-rendered (works without JavaScript), closed by a link to `closeTo`.
 * It never outgrows the screen: on a phone it takes the whole height and scrolls inside, and a `footer` (the
 * buttons) stays pinned at its bottom, in view.
 * With JavaScript: focus moves to its first field (or first control), is trapped, Escape closes, focus returns where
 * it was.
 */
export function Modal({ title, closeTo, children, size = 'md', description, footer, bodyLabel }: {
  title: string
  closeTo: string
  children: React.ReactNode
  size?: 'md' | 'lg'
  description?: string
  /** Pinned under the scrolling body (buttons). A submit button here points at its form with `form={id}`. */
  footer?: React.ReactNode
  /** For a body with nothing focusable in it (a long read): it becomes a named, focusable region to scroll. */
  bodyLabel?: string
}) {
  const titleId = useId()
  const descId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const navigate = useNavigate()
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    const node = ref.current
    if (!node) return
    const body = node.querySelector<HTMLElement>('[data-modal-body]')
    const first =
      node.querySelector<HTMLElement>('[data-autofocus]') ?? body?.querySelector<HTMLElement>(FIELD) ?? body?.querySelector<HTMLElement>(FOCUSABLE) ?? (body?.tabIndex === 0 ? body : null) ?? node.querySelector<HTMLElement>(FOCUSABLE)
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
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-stone-900/40 p-2 sm:p-4 sm:pt-16">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        className={`relative flex max-h-full w-full flex-col rounded-xl bg-white shadow-xl ${size === 'lg' ? 'max-w-3xl' : 'max-w-lg'}`}
      >
        <div className="flex shrink-0 items-start justify-between gap-4 border-b border-stone-200 px-4 py-3 sm:px-5 sm:py-4">
          <div className="min-w-0">
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            {description ? (
              <p id={descId} className="mt-0.5 break-words text-sm text-stone-600">
                {description}
              </p>
            ) : null}
          </div>
          <Link to={closeTo} preventScrollReset className="shrink-0 rounded p-1 text-stone-600 hover:bg-stone-100" aria-label="Fermer">
            <X className="h-5 w-5" aria-hidden />
          </Link>
        </div>
        {/* The body scrolls (and can be reached with the keyboard to do so); the footer stays in view. */}
        <div
          className="min-h-0 flex-1 overflow-y-auto px-4 py-4 sm:px-5"
          data-modal-body
          {...(bodyLabel ? { role: 'region', 'aria-label': bodyLabel, tabIndex: 0 } : {})}
        >
          {children}
        </div>
        {footer ? <div className="flex shrink-0 flex-wrap justify-end gap-2 border-t border-stone-200 px-4 py-3 sm:px-5">{footer}</div> : null}
      </div>
    </div>
  )
}
