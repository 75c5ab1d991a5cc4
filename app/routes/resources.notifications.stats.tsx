import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiUser } from '~/auth/session.server'
import { streamStats } from '~/notifications/hub.server'

/** GET /resources/notifications/stats (admins): this instance's streams — clients per audience, events, uptime. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireApiUser(request, ['ADMIN'])
  return Response.json(streamStats(), { headers: { 'Cache-Control': 'no-store' } })
}
