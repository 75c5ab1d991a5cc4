// /admin/notifications: every notification of the admin (all or unread), mark as read (one, all), open one; the
// live stream's figures wait in a closed "Détails techniques" block. Works without JavaScript.
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { Check, CheckCheck, ExternalLink } from 'lucide-react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { Pagination } from '~/components/Pagination'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { categorieLabel, prioriteLabels, prioriteStyles, prioriteVisible } from '~/notifications/labels'
import { listNotifications, markAllRead, markRead, toEvent, unreadCount } from '~/notifications/notifications.server'
import { notificationActionSchema } from '~/notifications/schemas'
import { formatDateTime, formatNumber } from '~/utils/format'
import { readPage } from '~/utils/list-params'
import { safeRedirect } from '~/utils/safe-redirect'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Notifications — Back-office' }]

type Filtre = 'toutes' | 'non-lues'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request)
  const params = new URL(request.url).searchParams
  const warnings: string[] = []
  const filtreRaw = params.get('filtre')
  const filtre: Filtre = filtreRaw === 'non-lues' ? 'non-lues' : 'toutes'
  if (filtreRaw && filtreRaw !== 'non-lues' && filtreRaw !== 'toutes') warnings.push(`Filtre inconnu « ${filtreRaw.slice(0, 40)} » : toutes les notifications sont affichées.`)
  const page = readPage(params, warnings)
  const [list, nonLues] = await Promise.all([listNotifications(user, { page, nonLuesSeulement: filtre === 'non-lues' }), unreadCount(user.id)])
  return {
    filtre,
    warnings,
    nonLues,
    total: list.total,
    page: list.page,
    pageCount: list.pageCount,
    rows: list.rows.map((n) => ({ ...toEvent(n), lue: n.lue })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  const submission = parseWithZod(formData, { schema: notificationActionSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const url = new URL(request.url)
  const back = safeRedirect(submission.value.redirectTo, `/admin/notifications${url.search}`)
  const { value } = submission
  if (value.intent === 'tout-lire') {
    const count = await markAllRead(user)
    return redirectWithToast(
      back,
      count > 0
        ? { type: 'succes', titre: 'Notifications marquées comme lues', description: `${formatNumber(count)} notification${count > 1 ? 's' : ''} marquée${count > 1 ? 's' : ''} comme lue${count > 1 ? 's' : ''}.` }
        : { type: 'info', titre: 'Aucune notification non lue' },
    )
  }
  const { result, lienAction } = await markRead(user, value.id)
  if (result === 'introuvable') {
    return data(submission.reply({ formErrors: ['Cette notification n’existe pas ou ne vous est pas destinée.'] }), { status: 404 })
  }
  if (value.intent === 'ouvrir') return redirect(safeRedirect(lienAction, '/admin/notifications'))
  return redirectWithToast(back, result === 'lue' ? { type: 'succes', titre: 'Notification marquée comme lue' } : { type: 'info', titre: 'Notification déjà lue' })
}

export default function NotificationsPage() {
  const { filtre, warnings, nonLues, total, page, pageCount, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { pathname, search } = useLocation()
  const here = `${pathname}${search}`
  const errors = actionData?.error ? Object.values(actionData.error).flat().filter(Boolean) : []
  const busy = (intent: string, id?: number) =>
    navigation.state !== 'idle' && navigation.formData?.get('intent') === intent && (id === undefined || navigation.formData?.get('id') === String(id))
  const hrefFor = (p: number) => `/admin/notifications?${new URLSearchParams({ ...(filtre === 'non-lues' ? { filtre } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`
  const tab = (value: Filtre, label: string) => (
    <Link
      to={value === 'non-lues' ? '/admin/notifications?filtre=non-lues' : '/admin/notifications'}
      aria-current={filtre === value ? 'page' : undefined}
      className={`rounded-md px-3 py-1.5 text-sm ${filtre === value ? 'bg-stone-900 text-white' : 'text-stone-700 hover:bg-stone-100'}`}
    >
      {label}
    </Link>
  )
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Notifications</h1>
          <p className="text-sm text-stone-600" data-testid="non-lues">
            {nonLues === 0 ? 'Tout est lu.' : `${formatNumber(nonLues)} notification${nonLues > 1 ? 's' : ''} non lue${nonLues > 1 ? 's' : ''}.`}
          </p>
        </div>
        <Form method="post">
          <AuthenticityTokenInput name="csrf" />
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" name="intent" value="tout-lire" className="btn-primary" disabled={nonLues === 0 || busy('tout-lire')}>
            <CheckCheck className="h-4 w-4" aria-hidden />
            {busy('tout-lire') ? 'En cours…' : 'Tout marquer comme lu'}
          </button>
        </Form>
      </div>

      {errors.length > 0 ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {errors.join(' ')}
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          {warnings.join(' ')}
        </div>
      ) : null}

      <nav aria-label="Filtrer les notifications" className="flex gap-1">
        {tab('toutes', 'Toutes')}
        {tab('non-lues', 'Non lues')}
      </nav>

      {rows.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-8 text-center text-stone-500">
          {filtre === 'non-lues' ? 'Aucune notification non lue.' : 'Aucune notification pour l’instant.'}
        </p>
      ) : (
        <ul className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white" aria-label="Liste des notifications">
          {rows.map((n) => (
            <li key={n.id} className={`flex flex-col gap-2 px-4 py-3 sm:flex-row sm:gap-4 ${n.lue ? '' : 'bg-sky-50/50'}`} data-testid="notification">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  {n.lue ? null : (
                    <span className="badge bg-sky-700 text-white" data-testid="non-lue">
                      Non lue
                    </span>
                  )}
                  {prioriteVisible(n.priorite) ? <span className={`badge ${prioriteStyles[n.priorite]}`}>{prioriteLabels[n.priorite]}</span> : null}
                  <h2 className={`text-sm ${n.lue ? 'font-medium' : 'font-semibold'}`}>{n.titre}</h2>
                </div>
                <p className="mt-1 break-words text-sm text-stone-700">{n.message}</p>
                <p className="mt-1 text-xs text-stone-600">
                  <time dateTime={n.date}>{formatDateTime(n.date)}</time> · {categorieLabel(n.categorie)}
                </p>
              </div>
              <div className="flex shrink-0 flex-row flex-wrap items-center gap-2 sm:flex-col sm:items-end">
                {n.lienAction ? (
                  <Form method="post">
                    <AuthenticityTokenInput name="csrf" />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" name="intent" value="ouvrir" className="btn-secondary px-2 py-1 text-xs" aria-label={`Ouvrir : ${n.titre}`}>
                      <ExternalLink className="h-3.5 w-3.5" aria-hidden />
                      Ouvrir
                    </button>
                  </Form>
                ) : null}
                {n.lue ? null : (
                  <Form method="post">
                    <AuthenticityTokenInput name="csrf" />
                    <input type="hidden" name="id" value={n.id} />
                    <input type="hidden" name="redirectTo" value={here} />
                    <button type="submit" name="intent" value="lire" className="btn-secondary px-2 py-1 text-xs" aria-label={`Marquer comme lue : ${n.titre}`} disabled={busy('lire', n.id)}>
                      <Check className="h-3.5 w-3.5" aria-hidden />
                      Marquer comme lu
                    </button>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}

      {total > 0 ? <Pagination page={page} pageCount={pageCount} total={total} hrefFor={hrefFor} label="notifications" /> : null}

      <p className="text-xs text-stone-500">
        L’état des flux temps réel de chaque instance est sur la page{' '}
        <Link to="/admin/systeme" className="text-brand-700 underline">
          Système
        </Link>
        .
      </p>
    </div>
  )
}
