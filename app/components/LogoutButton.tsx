import { Form } from '@remix-run/react'
import { LogOut } from 'lucide-react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'

export function LogoutButton() {
  return (
    <Form method="post" action="/logout">
      <AuthenticityTokenInput name="csrf" />
      <button type="submit" className="btn-secondary">
        <LogOut className="h-4 w-4" aria-hidden />
        Déconnexion
      </button>
    </Form>
  )
}
