// "Relancer" on a failed action in the prospect's panel: the same action again (same idempotency key), on the job
// engine; a one-button POST form that works without JavaScript and lands back on the panel with a toast. A GET goes
// back to the panel.
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { z } from 'zod'
import { panelUrl } from '~/prospects/panel-url'
import { retryAction } from '~/prospects/actions/replay.server'
import { actionToast, assertStarted, requireActionForm, requireActionPage } from '~/utils/action-routes.server'
import { invariantResponse } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'

const schema = z.object({ actionId: z.string().uuid() })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { prospect } = await requireActionPage(request, params.id)
  return redirect(panelUrl(request.url, prospect.id))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData, prospect } = await requireActionForm(request, params.id)
  const submission = parseWithZod(formData, { schema })
  invariantResponse(submission.status === 'success', 'Action à relancer manquante ou invalide.', { status: 400 })
  const back = panelUrl(request.url, prospect.id)
  const result = await retryAction(submission.value.actionId, user, { prospectId: prospect.id })
  assertStarted(result)
  switch (result.kind) {
    case 'deja_terminee':
      return redirectWithToast(back, { type: 'info', titre: 'Cette action est déjà terminée : rien à relancer.' })
    case 'occupee':
      return redirectWithToast(back, { type: 'info', titre: 'Relance impossible pour le moment', description: result.message })
    default:
      return redirectWithToast(back, actionToast(result))
  }
}

export default function Relancer() {
  return null
}
