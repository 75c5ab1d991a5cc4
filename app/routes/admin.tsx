import type { LoaderFunctionArgs, SerializeFrom } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { Activity, Bell, FileWarning, Gem, GraduationCap, Users } from 'lucide-react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { LogoutButton } from '~/components/LogoutButton'
import { NotificationBell } from '~/components/NotificationBell'
import { requireAdmin } from '~/auth/session.server'
import { bellSummary } from '~/notifications/notifications.server'
import { env } from '~/utils/env.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request)
  return { user: { nom: user.nom, role: user.role }, n8nSimulated: env.n8nSimulated, notifications: await bellSummary(user) }
}

const nav = [
  { to: '/admin/prospects', label: 'Prospects', icon: Users },
  { to: '/admin/candidats', label: 'Candidats', icon: GraduationCap },
  { to: '/admin/logs', label: 'Journal des erreurs', icon: FileWarning },
  { to: '/admin/notifications', label: 'Notifications', icon: Bell },
  { to: '/admin/systeme', label: 'Système', icon: Activity },
]

export default function AdminLayout() {
  return (
    <AdminShell data={useLoaderData<typeof loader>()}>
      <Outlet />
    </AdminShell>
  )
}

/** An error in a page keeps the header and navigation (the layout's own data is still there). */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>('routes/admin')
  const boundary = (
    <GeneralErrorBoundary>
      <Link to="/admin" className="btn-secondary mt-6">
        Retour à l’accueil
      </Link>
    </GeneralErrorBoundary>
  )
  return data ? <AdminShell data={data}>{boundary}</AdminShell> : boundary
}

function AdminShell({ data, children }: { data: SerializeFrom<typeof loader>; children: React.ReactNode }) {
  const { user, n8nSimulated, notifications } = data
  return (
    <div className="min-h-screen">
      <a href="#contenu" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        Aller au contenu
      </a>
      <header className="sticky top-0 z-30 border-b border-stone-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-[1600px] items-center gap-6 px-4 py-2">
          <a href="/admin/prospects" className="flex items-center gap-2 font-semibold">
            <Gem className="h-6 w-6 text-brand-600" aria-hidden />
            <span>École de bijouterie</span>
          </a>
          <nav aria-label="Navigation principale" className="flex gap-1">
            {nav.map(({ to, label, icon: Icon }) => (
              <NavLink
                key={to}
                to={to}
                prefetch="intent"
                className={({ isActive }) =>
                  `flex items-center gap-1.5 rounded-md px-3 py-2 text-sm ${isActive ? 'bg-stone-900 text-white' : 'text-stone-700 hover:bg-stone-100'}`
                }
              >
                <Icon className="h-4 w-4" aria-hidden />
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            {n8nSimulated ? (
              <span className="badge bg-amber-100 text-amber-900" title="N8N_WEBHOOK_BASE_URL n’est pas défini : un simulateur local répond aux webhooks">
                n8n simulé
              </span>
            ) : null}
            <NotificationBell summary={notifications} />
            <span className="text-sm text-stone-600">{user.nom}</span>
            <LogoutButton />
          </div>
        </div>
      </header>
      <main id="contenu" className="mx-auto max-w-[1600px] px-4 py-6">
        {children}
      </main>
    </div>
  )
}
