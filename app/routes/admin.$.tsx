// Any unknown address under /admin: a French 404 inside the admin layout, so the navigation stays.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireAdmin } from '~/auth/session.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  throw new Response('Cette page n’existe pas ou plus. Vérifiez l’adresse, ou revenez à l’accueil.', { status: 404 })
}

export default function Introuvable() {
  return null
}
