import { Form, Link, useLocation, useNavigation } from '@remix-run/react'
import { Bell, CheckCheck, Loader2 } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { dejaVueParAuteur } from '~/notifications/lecture'
import { prioriteLabels, prioriteStyles, prioriteVisible } from '~/notifications/labels'
import { useNotificationStream, type BellNotification, type BellSummary } from '~/notifications/use-notification-stream'
import { formatDateTime } from '~/utils/format'
import { showToasts } from './Toaster'

export function unreadLabel(n: number) {
  if (n === 0) return 'aucune non lue'
  return `${n} non lue${n > 1 ? 's' : ''}`
}

function mergeRecent(live: BellNotification[], recentes: BellNotification[], moi: string) {
  const byId = new Map<number, BellNotification>()
  for (const n of recentes) byId.set(n.id, n)
  // A live one the server has since rendered keeps the server's read state; the admin's own success arrives read.
  for (const n of live) if (!byId.has(n.id)) byId.set(n.id, dejaVueParAuteur(n) && n.auteurId === moi ? { ...n, lue: true } : n)
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, 8)
}

/**
 * The bell of the admin header. Without JavaScript: a link to /admin/notifications with the server-rendered count.
 * With JavaScript: the count follows the live stream, the button opens the latest notifications, new ones pop up
 * in the app's one toast area, and a small indicator shows while the stream reconnects.
 */
export function NotificationBell({ summary }: { summary: BellSummary }) {
  const stream = useNotificationStream(summary)
  const hydrated = useHydrated()
  const [open, setOpen] = useState(false)
  const location = useLocation()
  const navigation = useNavigation()
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  const count = stream.nonLues
  const label = `Notifications : ${unreadLabel(count)}`
  const here = `${location.pathname}${location.search}`
  const items = mergeRecent(stream.live, summary.recentes, summary.utilisateurId)
  useEffect(() => showToasts(stream.toasts), [stream.toasts])

  // Close on navigation, on Escape (focus back to the bell) and on a click elsewhere.
  useEffect(() => setOpen(false), [location.key])
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false)
        buttonRef.current?.focus()
      }
    }
    const onPointer = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('mousedown', onPointer)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('mousedown', onPointer)
    }
  }, [open])

  const markingAll = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'tout-lire'
  const badge =
    count > 0 ? (
      <span className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white" data-testid="cloche-compteur" aria-hidden>
        {count > 99 ? '99+' : count}
      </span>
    ) : null
  const bellCls = 'relative inline-flex rounded-md p-2 text-stone-700 hover:bg-stone-100'

  return (
    <div ref={rootRef} className="relative flex items-center gap-2" data-flux={hydrated ? stream.status : undefined}>
      {stream.status === 'reconnexion' ? (
        <span role="status" className="flex items-center gap-1 text-xs text-amber-800" data-testid="reconnexion">
          <Loader2 className="h-3.5 w-3.5 animate-spin" aria-hidden />
          Reconnexion…
        </span>
      ) : null}
      {hydrated ? (
        <button
          ref={buttonRef}
          type="button"
          className={bellCls}
          aria-label={label}
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          data-testid="cloche"
        >
          <Bell className="h-5 w-5" aria-hidden />
          {badge}
        </button>
      ) : (
        <Link to="/admin/notifications" className={bellCls} aria-label={label} data-testid="cloche">
          <Bell className="h-5 w-5" aria-hidden />
          {badge}
        </Link>
      )}
      {open ? (
        <div
          id={panelId}
          role="region"
          aria-label="Notifications récentes"
          className="fixed inset-x-2 top-14 z-40 rounded-lg border border-stone-200 bg-white shadow-xl sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-2 sm:w-[26rem]"
        >
          <div className="flex items-center justify-between gap-2 border-b border-stone-100 px-4 py-2">
            <p className="font-medium">
              Notifications <span className="text-sm font-normal text-stone-500">· {unreadLabel(count)}</span>
            </p>
            <Form method="post" action="/admin/notifications">
              <AuthenticityTokenInput name="csrf" />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" name="intent" value="tout-lire" className="btn-secondary px-2 py-1 text-xs" disabled={count === 0 || markingAll}>
                <CheckCheck className="h-3.5 w-3.5" aria-hidden />
                {markingAll ? 'En cours…' : 'Tout marquer comme lu'}
              </button>
            </Form>
          </div>
          {items.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-stone-500">Aucune notification pour l’instant.</p>
          ) : (
            <ul className="max-h-[28rem] divide-y divide-stone-100 overflow-y-auto">
              {items.map((n) => (
                <li key={n.id}>
                  {/* Opening marks it read, then goes where it points. */}
                  <Form method="post" action="/admin/notifications">
                    <AuthenticityTokenInput name="csrf" />
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="redirectTo" value={here} />
                    <button type="submit" name="intent" value="ouvrir" className={`block w-full px-4 py-2.5 text-left hover:bg-stone-50 ${n.lue ? '' : 'bg-sky-50/60'}`}>
                      <span className="flex items-center gap-2">
                        {n.lue ? null : <span className="h-2 w-2 shrink-0 rounded-full bg-sky-600" aria-label="Non lue" role="img" />}
                        {prioriteVisible(n.priorite) ? <span className={`badge shrink-0 ${prioriteStyles[n.priorite]}`}>{prioriteLabels[n.priorite]}</span> : null}
                        <span className={`min-w-0 flex-1 truncate text-sm ${n.lue ? '' : 'font-semibold'}`}>{n.titre}</span>
                      </span>
                      <span className="mt-0.5 line-clamp-2 block text-xs text-stone-600">{n.message}</span>
                      <span className="mt-0.5 block text-xs text-stone-600">{formatDateTime(n.date)}</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <div className="border-t border-stone-100 px-4 py-2 text-right">
            <Link to="/admin/notifications" className="text-sm font-medium text-brand-700 hover:underline">
              Voir toutes les notifications
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  )
}
