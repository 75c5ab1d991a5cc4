import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { destroyUserSession } from '~/auth/session.server'
import { validateCsrf } from '~/utils/csrf.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  await validateCsrf(await request.formData(), request.headers)
  return redirect('/login', { headers: { 'Set-Cookie': await destroyUserSession(request) } })
}
