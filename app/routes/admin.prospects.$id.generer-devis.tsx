// "Générer devis" has no modal: a one-button POST form in the panel. A GET (a reload, a shared link) goes back to
// the panel.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { genererDevis } from '~/prospects/actions/generer-devis.server'
import { panelUrl } from '~/prospects/panel-url'
import { actionToast, assertStarted, requireActionForm, requireActionPage } from '~/utils/action-routes.server'
import { nomComplet } from '~/utils/format'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { prospect } = await requireActionPage(request, params.id)
  return redirect(panelUrl(request.url, prospect.id))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, prospect } = await requireActionForm(request, params.id)
  const result = await genererDevis(prospect.id, user)
  assertStarted(result)
  if (result.kind === 'sans_formation') {
    return redirectWithToast(panelUrl(request.url, prospect.id), {
      type: 'erreur',
      titre: 'Devis impossible',
      description: `Indiquez d’abord la formation souhaitée de ${nomComplet(prospect)} : le devis en dépend. Rien n’a été demandé.`,
    })
  }
  return redirectWithToast(panelUrl(request.url, prospect.id), actionToast(result))
}

export default function GenererDevis() {
  return null
}
