import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
} from '@remix-run/react'
import { AuthenticityTokenProvider } from 'remix-utils/csrf/react'
import { GeneralErrorBoundary } from './components/error-boundary'
import { Toaster } from './components/Toaster'
import { getUser } from './auth/session.server'
import stylesheet from './tailwind.css?url'
import { csrf } from './utils/csrf.server'
import { env } from './utils/env.server'
import { useNonce } from './utils/nonce'
import { getToast } from './utils/toast.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Back-office — École de bijouterie' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, { toast, headers: toastHeaders }, [csrfToken, csrfCookie]] = await Promise.all([
    getUser(request),
    getToast(request),
    csrf.commitToken(request),
  ])
  const headers = new Headers(toastHeaders ?? undefined)
  if (csrfCookie) headers.append('Set-Cookie', csrfCookie)
  return data(
    {
      user: user ? { id: user.id, nom: user.nom, email: user.email, role: user.role } : null,
      toast: toast ? { ...toast, id: `flash-${Date.now()}` } : null,
      csrfToken,
      n8nSimulated: env.n8nSimulated,
    },
    { headers },
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const { csrfToken, toast } = useLoaderData<typeof loader>()
  return (
    <AuthenticityTokenProvider token={csrfToken}>
      <Outlet />
      <Toaster initial={toast} />
    </AuthenticityTokenProvider>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary>
      <a href="/" className="btn-secondary mt-6">
        Retour à l’accueil
      </a>
    </GeneralErrorBoundary>
  )
}
