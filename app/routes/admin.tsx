import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { Bell, FileWarning, Gem, GraduationCap, Users } from 'lucide-react'
import { LogoutButton } from '~/components/LogoutButton'
import { NotificationBell } from '~/components/NotificationBell'
import { requireAdmin } from '~/auth/session.server'
import { bellSummary } from '~/notifications/notifications.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request)
  return { user: { nom: user.nom, role: user.role }, notifications: await bellSummary(user) }
}

const nav = [
  { to: '/admin/prospects', label: 'Prospects', icon: Users },
  { to: '/admin/candidats', label: 'Candidats', icon: GraduationCap },
  { to: '/admin/logs', label: 'Journal des erreurs', icon: FileWarning },
  { to: '/admin/notifications', label: 'Notifications', icon: Bell },
]

export default function AdminLayout() {
  const { user, notifications } = useLoaderData<typeof loader>()
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
            <NotificationBell summary={notifications} />
            <span className="text-sm text-stone-600">{user.nom}</span>
            <LogoutButton />
          </div>
        </div>
      </header>
      <main id="contenu" className="mx-auto max-w-[1600px] px-4 py-6">
        <Outlet />
      </main>
    </div>
  )
}
