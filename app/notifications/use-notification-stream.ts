import { useMatches, useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ToastMessage } from '~/components/Toaster'
import { prioriteLabels, type ActionEvent, type CountEvent, type NotificationEvent, type PingEvent } from './events'

export type BellNotification = NotificationEvent & { lue: boolean }
export type BellSummary = { nonLues: number; dernierId: number; utilisateurId: string; recentes: BellNotification[] }
/** `connexion`: first attempt; `ouvert`: live; `reconnexion`: the stream dropped and is coming back. */
export type StreamStatus = 'connexion' | 'ouvert' | 'reconnexion'

const STREAM_URL = '/resources/notifications'
/** More missed notifications than this after a reconnection make one summary toast instead of one each. */
const REPLAY_TOASTS_MAX = 3
const MAX_RETRY_DELAY_MS = 30_000

function toToast(n: NotificationEvent): ToastMessage {
  return {
    id: `notification-${n.id}`,
    // Urgent ones stay until closed (and are announced as alerts).
    type: n.priorite === 'URGENTE' ? 'erreur' : 'info',
    titre: n.titre,
    description: n.message,
    priorite: prioriteLabels[n.priorite],
  }
}

/**
 * One EventSource per admin page: keeps the bell's count and recent list live, raises toasts, and revalidates an
 * open prospect panel when one of its actions changes status. Without JavaScript none of this runs and the
 * server-rendered count stands.
 */
export function useNotificationStream(summary: BellSummary) {
  const [status, setStatus] = useState<StreamStatus>('connexion')
  const [nonLues, setNonLues] = useState(summary.nonLues)
  const [live, setLive] = useState<BellNotification[]>([])
  const [toasts, setToasts] = useState<ToastMessage[]>([])
  const matches = useMatches()
  const revalidator = useRevalidator()
  // The stream lives as long as the layout; these refs let its handlers see the current route.
  const matchesRef = useRef(matches)
  matchesRef.current = matches
  const revalidatorRef = useRef(revalidator)
  revalidatorRef.current = revalidator
  const firstId = useRef(summary.dernierId)
  const moi = summary.utilisateurId

  // The server's count wins after every navigation or revalidation (e.g. after "tout marquer comme lu").
  useEffect(() => setNonLues(summary.nonLues), [summary.nonLues])

  const pushToasts = useCallback((items: ToastMessage[]) => {
    if (items.length) setToasts((list) => [...list, ...items].slice(-10))
  }, [])

  useEffect(() => {
    let source: EventSource | null = null
    let lastId = firstId.current
    let heartbeatMs = 0
    let failures = 0
    let watchdog: ReturnType<typeof setTimeout> | undefined
    let retry: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const seen = new Set<number>()
    let replayed: NotificationEvent[] = []

    const track = (event: MessageEvent) => {
      const id = Number(event.lastEventId)
      if (Number.isSafeInteger(id) && id > lastId) lastId = id
      // A stream that stays silent past its heartbeat is dead even if the socket looks open: start over.
      clearTimeout(watchdog)
      if (heartbeatMs > 0) watchdog = setTimeout(() => reconnect(), heartbeatMs * 2.5 + 2_000)
    }

    const reconnect = () => {
      source?.close()
      source = null
      clearTimeout(watchdog)
      if (stopped) return
      setStatus('reconnexion')
      const delay = Math.min(1_000 * 2 ** failures, MAX_RETRY_DELAY_MS)
      failures++
      clearTimeout(retry)
      retry = setTimeout(connect, delay)
    }

    const flushReplayed = () => {
      if (replayed.length === 0) return
      if (replayed.length <= REPLAY_TOASTS_MAX) pushToasts(replayed.map(toToast))
      else {
        pushToasts([
          {
            id: `rejeu-${replayed[replayed.length - 1].id}`,
            type: 'info',
            titre: `${replayed.length} notifications reçues pendant la coupure`,
            description: 'Elles sont dans la cloche et sur la page Notifications.',
          },
        ])
      }
      replayed = []
    }

    function connect() {
      if (stopped) return
      // The first connection passes the newest id the page rendered; the browser's own reconnections send
      // Last-Event-ID; ours (after a fatal error) pass the last id received.
      const es = new EventSource(`${STREAM_URL}?lastEventId=${lastId}`)
      source = es
      es.addEventListener('open', () => {
        failures = 0
        setStatus('ouvert')
      })
      es.addEventListener('error', () => {
        // CONNECTING: the browser retries by itself (after the server's `retry:`). CLOSED: it gave up (an HTTP
        // error such as a restart in progress), so we retry with backoff.
        if (es.readyState === EventSource.CLOSED) reconnect()
        else setStatus('reconnexion')
      })
      es.addEventListener('ping', (event) => {
        const data = JSON.parse(event.data) as PingEvent
        heartbeatMs = data.intervalle
        track(event)
        setStatus('ouvert')
      })
      es.addEventListener('notification', (event) => {
        track(event)
        const data = JSON.parse(event.data) as NotificationEvent
        if (seen.has(data.id)) return
        seen.add(data.id)
        setLive((list) => [{ ...data, lue: false }, ...list.filter((n) => n.id !== data.id)].slice(0, 20))
        // A new prospect (website form, inbox, another admin) appears in an open prospects list at once.
        if (data.type === 'nouveau_prospect' && !data.rejeu && matchesRef.current.some((m) => m.id === 'routes/admin.prospects')) {
          revalidatorRef.current.revalidate()
        }
        // The admin whose own request produced it already has the page's flash message.
        if (data.auteurId === moi) return
        if (data.rejeu) replayed.push(data)
        else pushToasts([toToast(data)])
      })
      es.addEventListener('count', (event) => {
        track(event)
        setNonLues((JSON.parse(event.data) as CountEvent).nonLues)
        // The server sends the count right after a replay: the missed notifications are all in.
        flushReplayed()
      })
      es.addEventListener('action', (event) => {
        track(event)
        const data = JSON.parse(event.data) as ActionEvent
        const panelOpen = matchesRef.current.some((m) => m.id === 'routes/admin.prospects.$id' && m.params.id === data.prospectId)
        if (panelOpen) revalidatorRef.current.revalidate()
      })
    }

    connect()
    return () => {
      stopped = true
      clearTimeout(watchdog)
      clearTimeout(retry)
      source?.close()
    }
  }, [pushToasts, moi])

  return { status, nonLues, live, toasts }
}
