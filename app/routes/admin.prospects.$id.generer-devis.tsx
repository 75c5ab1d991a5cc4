// "Générer devis" has no modal: a one-button POST form in the panel. A GET (a reload, a shared link) goes back to
// the panel.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { genererDevis } from '~/actions/generer-devis.server'
import { findProspectOr404, panelUrl, prepareAction } from '~/actions/route.server'
import { requireAdmin } from '~/auth/session.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const prospect = await findProspectOr404(params.id)
  return redirect(panelUrl(request, prospect.id))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, prospect } = await prepareAction(request, params)
  const result = await genererDevis(prospect.id, user)
  if (result.kind === 'sans_formation') {
    return redirectWithToast(panelUrl(request, prospect.id), {
      type: 'erreur',
      titre: 'Devis impossible',
      description: `Indiquez d’abord la formation souhaitée de ${prospect.prenom} ${prospect.nom} : le devis en dépend. Rien n’a été envoyé à n8n.`,
    })
  }
  return redirectWithToast(panelUrl(request, prospect.id), result.outcome.toast)
}

export default function GenererDevis() {
  return null
}
