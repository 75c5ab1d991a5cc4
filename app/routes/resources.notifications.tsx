import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiUser } from '~/auth/session.server'
import { openNotificationStream, readLastEventId } from '~/notifications/hub.server'

/**
 * GET /resources/notifications: the signed-in user's live notification stream (text/event-stream, remix-utils'
 * eventStream). Events: `notification`, `count`, `action`, `ping` (heartbeat), `fin` (closed for good). Every
 * payload carries `dernierId`, the last notification id the client knows; a client resumes with ?depuis=<that id>
 * (or a Last-Event-ID header) and gets what it missed.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireApiUser(request)
  const lastEventId = readLastEventId(request)
  if (lastEventId === 'invalide') {
    throw new Response('Position invalide (depuis, lastEventId ou Last-Event-ID) : un identifiant de notification est attendu (entier de 0 à 2147483647).', { status: 400 })
  }
  return openNotificationStream(request, user, lastEventId, context.clientGone)
}
