// The admin layout: header (navigation, bell, logout; a <details> menu on phones), demonstration banner, page.
import type { LoaderFunctionArgs, SerializeFrom } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData, useLocation, useRouteLoaderData } from '@remix-run/react'
import { Activity, Bell, FileWarning, Gem, GraduationCap, Home, Menu, Users, X } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { LogoutButton } from '~/components/LogoutButton'
import { NotificationBell } from '~/components/NotificationBell'
import { requireAdmin } from '~/auth/session.server'
import { bellSummary } from '~/notifications/notifications.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request)
  return { user: { nom: user.nom, role: user.role }, notifications: await bellSummary(user) }
}

const nav = [
  { to: '/admin', label: 'Accueil', icon: Home, end: true },
  { to: '/admin/prospects', label: 'Prospects', icon: Users, end: false },
  { to: '/admin/candidats', label: 'Candidats', icon: GraduationCap, end: false },
  { to: '/admin/logs', label: 'Journal des erreurs', icon: FileWarning, end: false },
  { to: '/admin/notifications', label: 'Notifications', icon: Bell, end: false },
  { to: '/admin/systeme', label: 'Système', icon: Activity, end: false },
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
  const { user, notifications } = data
  const menuRef = useRef<HTMLDetailsElement>(null)
  const location = useLocation()
  // With JavaScript, a link followed from the phone menu must not leave it open over the next page.
  useEffect(() => {
    if (menuRef.current) menuRef.current.open = false
  }, [location.key])
  return (
    <div className="min-h-screen">
      <a href="#contenu" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        Aller au contenu
      </a>
      <header className="sticky top-0 z-30 border-b border-stone-200 bg-white">
        <div className="mx-auto flex max-w-[1600px] items-center gap-3 px-4 py-2 lg:gap-6">
          <Link to="/admin" className="flex min-w-0 items-center gap-2 font-semibold">
            <Gem className="h-6 w-6 shrink-0 text-brand-600" aria-hidden />
            <span className="truncate">École de bijouterie</span>
          </Link>
          <nav aria-label="Navigation principale" className="hidden gap-1 lg:flex">
            {nav.map((item) => (
              <NavItem key={item.to} {...item} />
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-2 lg:gap-3">
            <NotificationBell summary={notifications} />
            <span className="hidden text-sm text-stone-600 lg:inline">{user.nom}</span>
            <div className="hidden lg:block">
              <LogoutButton />
            </div>
            {/* Phones and small screens: the navigation folds into a menu that opens without JavaScript. */}
            <details ref={menuRef} className="group relative lg:hidden" data-testid="menu-principal">
              <summary className="btn-secondary cursor-pointer list-none [&::-webkit-details-marker]:hidden">
                <Menu className="h-4 w-4 group-open:hidden" aria-hidden />
                <X className="hidden h-4 w-4 group-open:block" aria-hidden />
                Menu
              </summary>
              <div className="absolute right-0 top-full z-40 mt-2 w-64 max-w-[calc(100vw-2rem)] rounded-lg border border-stone-200 bg-white p-2 shadow-xl">
                <nav aria-label="Navigation principale (menu)" className="flex flex-col gap-1">
                  {nav.map((item) => (
                    <NavItem key={item.to} {...item} />
                  ))}
                </nav>
                <div className="mt-2 border-t border-stone-100 px-3 pt-2">
                  <p className="mb-2 text-sm text-stone-600">Session de {user.nom}</p>
                  <LogoutButton />
                </div>
              </div>
            </details>
          </div>
        </div>
      </header>
      <main id="contenu" className="mx-auto max-w-[1600px] px-4 py-6">
        {children}
      </main>
    </div>
  )
}

function NavItem({ to, label, icon: Icon, end }: (typeof nav)[number]) {
  return (
    <NavLink
      to={to}
      end={end}
      prefetch="intent"
      className={({ isActive }) =>
        `flex items-center gap-1.5 rounded-md px-3 py-2 text-sm ${isActive ? 'bg-stone-900 text-white' : 'text-stone-700 hover:bg-stone-100'}`
      }
    >
      <Icon className="h-4 w-4" aria-hidden />
      {label}
    </NavLink>
  )
}
