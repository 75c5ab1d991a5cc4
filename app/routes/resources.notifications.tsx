import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiUser } from '~/auth/session.server'
import { openNotificationStream, readLastEventId } from '~/notifications/hub.server'

/**
 * GET /resources/notifications: the signed-in user's live notification stream (text/event-stream).
 * Events: `notification`, `count`, `action`, `ping` (heartbeat). Every event carries an `id:` (the last notification
 * id the client knows), so a reconnecting browser sends Last-Event-ID and gets what it missed; the page's first
 * connection passes ?lastEventId= (the newest id it rendered) for the same reason.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireApiUser(request)
  const lastEventId = readLastEventId(request)
  if (lastEventId === 'invalide') {
    throw new Response('Last-Event-ID invalide : un identifiant de notification (entier positif) est attendu.', { status: 400 })
  }
  return openNotificationStream(request, user, lastEventId, context.clientGone)
}
