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
import { csrfTokenFor } from './utils/csrf.server'
import { useDemonstration } from './utils/demonstration'
import { env } from './utils/env.server'
import { useNonce } from './utils/nonce'
import { titleFor } from './utils/status-titles'
import { getToast } from './utils/toast.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Back-office — École de bijouterie' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, { toast, headers: toastHeaders }, { token: csrfToken, setCookie: csrfCookie }] = await Promise.all([
    getUser(request),
    getToast(request),
    csrfTokenFor(request),
  ])
  const headers = new Headers(toastHeaders ?? undefined)
  if (csrfCookie) headers.append('Set-Cookie', csrfCookie)
  return data(
    {
      user: user ? { id: user.id, nom: user.nom, email: user.email, role: user.role } : null,
      toast: toast ? { ...toast, id: `flash-${Date.now()}` } : null,
      csrfToken,
      /** The built-in simulator answers the actions: nothing really leaves, and every page must say so. */
      demonstration: env.n8nSimulated,
    },
    { headers },
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce()
  // Read here rather than in App so that error pages carry the banner too.
  const demonstration = useDemonstration()
  return (
    <html lang="fr" data-demonstration={demonstration ? 'oui' : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {demonstration ? (
          <p role="note" className="bg-amber-100 px-4 py-1.5 text-center text-sm font-medium text-amber-950" data-testid="mode-demonstration">
            Mode démonstration : aucun email n’est réellement envoyé, les dossiers et devis ne sont pas créés.
          </p>
        ) : null}
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
