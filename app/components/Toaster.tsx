// The one toast area of the app. The root renders it with the page's flash message (server-rendered: it shows
// without JavaScript); live notifications join it through showToasts(). At most three toasts at once: a success or
// an information fades after five seconds, a failure stays until closed.
import { CheckCircle2, Info, X, XCircle } from 'lucide-react'
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react'
import type { ToastMessage } from '~/notifications/toasts'

export type { ToastMessage }

export const MAX_VISIBLE = 3
export const FADE_MS = 5_000

const styles = {
  succes: { icon: CheckCircle2, cls: 'border-emerald-300 bg-emerald-50 text-emerald-900' },
  erreur: { icon: XCircle, cls: 'border-red-300 bg-red-50 text-red-900' },
  info: { icon: Info, cls: 'border-sky-300 bg-sky-50 text-sky-900' },
}

/**
 * Adds toasts to a list, keeping at most `max` on screen: when there are too many, the oldest that would fade
 * anyway (success, information) leave first; failures are never dropped (extra ones wait their turn).
 */
export function addToasts(list: ToastMessage[], fresh: ToastMessage[], max = MAX_VISIBLE) {
  const next = [...list]
  for (const toast of fresh) if (!next.some((t) => t.id === toast.id)) next.push(toast)
  while (next.length > max) {
    const index = next.findIndex((t) => t.type !== 'erreur')
    if (index === -1) break
    next.splice(index, 1)
  }
  return next
}

// Live toasts from anywhere in the page (the bell's stream) reach the one area through this small store.
type Listener = () => void
const live = { queue: [] as ToastMessage[], version: 0, listeners: new Set<Listener>() }

/** Shows these toasts in the app's toast area (client side only). */
export function showToasts(toasts: ToastMessage[]) {
  if (toasts.length === 0) return
  live.queue.push(...toasts)
  live.version++
  for (const listener of live.listeners) listener()
}

function subscribe(listener: Listener) {
  live.listeners.add(listener)
  return () => live.listeners.delete(listener)
}

function ToastItem({ toast, onClose }: { toast: ToastMessage; onClose: (id: string) => void }) {
  const { icon: Icon, cls } = styles[toast.type]
  useEffect(() => {
    if (toast.type === 'erreur') return
    const t = setTimeout(() => onClose(toast.id), FADE_MS)
    return () => clearTimeout(t)
  }, [toast.id, toast.type, onClose])
  return (
    <div role={toast.type === 'erreur' ? 'alert' : 'status'} className={`flex w-full gap-3 rounded-lg border p-3 shadow-lg sm:w-96 ${cls}`} data-testid="toast" data-type={toast.type}>
      <Icon className="mt-0.5 h-5 w-5 shrink-0" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="font-medium">{toast.titre}</p>
        {toast.description ? <p className="mt-0.5 break-words text-sm">{toast.description}</p> : null}
      </div>
      <button type="button" onClick={() => onClose(toast.id)} className="shrink-0 self-start rounded p-0.5 hover:bg-black/5" aria-label="Fermer le message">
        <X className="h-4 w-4" aria-hidden />
      </button>
    </div>
  )
}

export function Toaster({ initial }: { initial: ToastMessage | null }) {
  const [toasts, setToasts] = useState<ToastMessage[]>(initial ? [initial] : [])
  // Ids already shown: a toast the admin closed must not come back.
  const shown = useRef(new Set<string>(initial ? [initial.id] : []))
  const add = useCallback((fresh: ToastMessage[]) => {
    const unseen = fresh.filter((t) => !shown.current.has(t.id))
    if (unseen.length === 0) return
    for (const t of unseen) shown.current.add(t.id)
    setToasts((list) => addToasts(list, unseen))
  }, [])
  useEffect(() => {
    if (initial) add([initial])
  }, [initial, add])
  const version = useSyncExternalStore(subscribe, () => live.version, () => 0)
  useEffect(() => {
    if (live.queue.length === 0) return
    add(live.queue.splice(0))
  }, [version, add])
  const close = useCallback((id: string) => setToasts((list) => list.filter((t) => t.id !== id)), [])
  const visible = toasts.slice(0, MAX_VISIBLE)
  const waiting = toasts.length - visible.length
  if (toasts.length === 0) return null
  return (
    <div
      className="pointer-events-none fixed inset-x-2 bottom-2 z-50 flex flex-col gap-2 sm:inset-x-auto sm:bottom-auto sm:right-4 sm:top-20"
      aria-live="polite"
      data-testid="zone-toasts"
    >
      {visible.map((t) => (
        <div key={t.id} className="pointer-events-auto">
          <ToastItem toast={t} onClose={close} />
        </div>
      ))}
      {waiting > 0 ? (
        <p className="pointer-events-auto self-end rounded-md bg-stone-900 px-2 py-1 text-xs text-white">
          {waiting === 1 ? 'Un autre message attend' : `${waiting} autres messages attendent`} : fermez-en un pour le lire.
        </p>
      ) : null}
    </div>
  )
}
