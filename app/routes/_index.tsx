// /: the signed-in user's home (the back office's home page for admins), or the login page.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getUser } from '~/auth/session.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  if (!user) throw redirect('/login')
  throw redirect(user.role === 'ADMIN' ? '/admin' : '/espace')
}
