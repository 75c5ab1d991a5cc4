import { useMatches, useNavigation, useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ActionEvent, CountEvent, NotificationEvent, PingEvent, Position } from './events'
import { notificationToast as toToast, type ToastMessage } from './toasts'

export type BellNotification = NotificationEvent & { lue: boolean }
export type BellSummary = { nonLues: number; dernierId: number; utilisateurId: string; recentes: BellNotification[] }
/** `connexion`: first attempt; `ouvert`: live; `reconnexion`: the stream dropped and is coming back. */
export type StreamStatus = 'connexion' | 'ouvert' | 'reconnexion'

const STREAM_URL = '/resources/notifications'
/** More missed notifications than this after a reconnection make one summary toast instead of one each. */
const REPLAY_TOASTS_MAX = 3
const FIRST_RETRY_DELAY_MS = 1_000
const MAX_RETRY_DELAY_MS = 30_000

/**
 * One EventSource per admin page: keeps the bell's count and recent list live, raises toasts, and revalidates an
 * open prospect panel when one of its actions changes status. Without JavaScript none of this runs and the
 * server-rendered count stands. The stream sends no `id:` field (remix-utils' eventStream): every payload carries
 * `dernierId`, which the hook remembers and sends back as ?depuis= when it reconnects, by itself, with backoff.
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
  const navigation = useNavigation()
  const busyRef = useRef(false)
  busyRef.current = navigation.state !== 'idle'
  /** A panel refresh asked for while a navigation was running: done once it is over. */
  const refreshLater = useRef(false)
  // Revalidating in the middle of a navigation would interrupt its loads, and with them the flash toast the redirect
  // after an action carries (read once, on the server): wait until the page has settled.
  useEffect(() => {
    if (navigation.state === 'idle' && refreshLater.current) {
      refreshLater.current = false
      revalidator.revalidate()
    }
  }, [navigation.state, revalidator])
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

    /** Reads an event's JSON and moves the stream position forward. */
    const track = <T extends Position>(event: MessageEvent): T => {
      const data = JSON.parse(event.data as string) as T
      if (Number.isSafeInteger(data.dernierId) && data.dernierId > lastId) lastId = data.dernierId
      // A stream that stays silent past its heartbeat is dead even if the socket looks open: start over.
      clearTimeout(watchdog)
      if (heartbeatMs > 0) watchdog = setTimeout(() => reconnect(), heartbeatMs * 2.5 + 2_000)
      return data
    }

    const reconnect = () => {
      source?.close()
      source = null
      clearTimeout(watchdog)
      if (stopped) return
      setStatus('reconnexion')
      const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** failures, MAX_RETRY_DELAY_MS)
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
      // The first connection passes the newest id the page rendered; later ones the last id received.
      const es = new EventSource(`${STREAM_URL}?depuis=${lastId}`)
      source = es
      es.addEventListener('open', () => {
        failures = 0
        setStatus('ouvert')
      })
      // The browser's own reconnection would resume from nowhere (no `id:` field): ours passes ?depuis=.
      es.addEventListener('error', () => reconnect())
      es.addEventListener('ping', (event) => {
        heartbeatMs = track<PingEvent>(event).intervalle
        setStatus('ouvert')
      })
      es.addEventListener('fin', () => {
        // Too many streams open in this session: this one makes room for a newer tab and stays closed.
        stopped = true
        clearTimeout(watchdog)
        es.close()
      })
      es.addEventListener('notification', (event) => {
        const data = track<NotificationEvent & Position>(event)
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
        setNonLues(track<CountEvent>(event).nonLues)
        // The server sends the count right after a replay: the missed notifications are all in.
        flushReplayed()
      })
      es.addEventListener('action', (event) => {
        const data = track<ActionEvent & Position>(event)
        const panelOpen = matchesRef.current.some((m) => m.id === 'routes/admin.prospects.$id' && m.params.id === data.prospectId)
        if (!panelOpen) return
        if (busyRef.current) refreshLater.current = true
        else revalidatorRef.current.revalidate()
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
