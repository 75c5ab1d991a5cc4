// /admin: the prospects list until the home page with today's work exists.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { requireAdmin } from '~/auth/session.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  throw redirect('/admin/prospects')
}
