import { CheckCircle2, Info, X, XCircle } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import type { ToastMessage } from '~/notifications/toasts'

export type { ToastMessage }

const styles = {
  succes: { icon: CheckCircle2, cls: 'border-emerald-300 bg-emerald-50 text-emerald-900' },
  erreur: { icon: XCircle, cls: 'border-red-300 bg-red-50 text-red-900' },
  info: { icon: Info, cls: 'border-sky-300 bg-sky-50 text-sky-900' },
}

function ToastItem({ toast, onClose }: { toast: ToastMessage; onClose: () => void }) {
  const { icon: Icon, cls } = styles[toast.type]
  useEffect(() => {
    // Errors stay until closed: the admin must be able to read what failed.
    if (toast.type === 'erreur') return
    const t = setTimeout(onClose, 7000)
    return () => clearTimeout(t)
  }, [toast, onClose])
  return (
    <div role={toast.type === 'erreur' ? 'alert' : 'status'} className={`flex w-96 max-w-full gap-3 rounded-lg border p-3 shadow-lg ${cls}`} data-testid="toast">
      <Icon className="mt-0.5 h-5 w-5 shrink-0" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {toast.priorite ? <span className="mr-1 text-xs uppercase tracking-wide">[{toast.priorite}]</span> : null}
          {toast.titre}
        </p>
        {toast.description ? <p className="mt-0.5 break-words text-sm opacity-90">{toast.description}</p> : null}
      </div>
      <button type="button" onClick={onClose} className="rounded p-0.5 hover:bg-black/5" aria-label="Fermer la notification">
        <X className="h-4 w-4" aria-hidden />
      </button>
    </div>
  )
}

/** Server-rendered (the flash toast shows without JavaScript); live toasts are pushed through `push`. */
export function Toaster({ initial, live = [], placement = 'bas' }: { initial: ToastMessage | null; live?: ToastMessage[]; placement?: 'bas' | 'haut' }) {
  const [toasts, setToasts] = useState<ToastMessage[]>(initial ? [initial] : [])
  useEffect(() => {
    if (initial) setToasts((list) => (list.some((t) => t.id === initial.id) ? list : [...list, initial]))
  }, [initial])
  // Ids already shown: a live toast the user closed must not come back when the live list changes again.
  const shown = useRef(new Set<string>())
  useEffect(() => {
    const fresh = live.filter((t) => !shown.current.has(t.id))
    if (fresh.length === 0) return
    for (const t of fresh) shown.current.add(t.id)
    setToasts((list) => [...list, ...fresh].slice(-5))
  }, [live])
  if (toasts.length === 0) return null
  return (
    <div className={`pointer-events-none fixed right-4 z-50 flex flex-col gap-2 ${placement === 'haut' ? 'top-16' : 'bottom-4'}`} aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="pointer-events-auto">
          <ToastItem toast={t} onClose={() => setToasts((list) => list.filter((x) => x.id !== t.id))} />
        </div>
      ))}
    </div>
  )
}
