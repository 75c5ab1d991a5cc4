import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { envoyerDossier } from '~/prospects/actions/envoyer-dossier.server'
import { panelUrl } from '~/prospects/panel-url'
import { envoyerDossierSchema } from '~/prospects/actions/schemas'
import { actionToast, assertStarted, requireActionForm, requireActionPage } from '~/utils/action-routes.server'
import { nomComplet } from '~/utils/format'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Envoyer le dossier de candidature — Prospects' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { prospect } = await requireActionPage(request, params.id)
  return {
    prospect: {
      id: prospect.id,
      nomComplet: nomComplet(prospect),
      email: prospect.emails[0] ?? '',
      formation: prospect.formationSouhaitee?.nom ?? null,
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData, prospect } = await requireActionForm(request, params.id)
  const submission = parseWithZod(formData, { schema: envoyerDossierSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await envoyerDossier(prospect.id, { email: submission.value.email }, user)
  assertStarted(result)
  return redirectWithToast(panelUrl(request.url, prospect.id), actionToast(result))
}

export default function EnvoyerDossierModal() {
  const { prospect } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const [form, fields] = useForm({
    id: 'envoyer-dossier',
    lastResult,
    constraint: getZodConstraint(envoyerDossierSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { email: prospect.email },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: envoyerDossierSchema }),
  })
  const email = typeof fields.email.value === 'string' && fields.email.value ? fields.email.value : prospect.email
  return (
    <ConfirmActionModal
      title="Envoyer le dossier de candidature"
      description={prospect.nomComplet}
      closeTo={`/admin/prospects/${prospect.id}${search}`}
      confirmLabel="Envoyer le dossier"
      pendingLabel="Envoi en cours…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
    >
      <p className="text-sm text-stone-700" data-testid="destinataire">
        Un email va être envoyé à <strong>{email || '…'}</strong> avec un lien unique vers le formulaire de candidature
        {prospect.formation ? ` (${prospect.formation})` : ''}.
      </p>
      <div>
        <label htmlFor={fields.email.id} className="label">
          Adresse email du prospect
        </label>
        <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="off" className="input" data-autofocus />
        <p id={fields.email.errorId} className="field-error">
          {fields.email.errors?.join(' ')}
        </p>
      </div>
    </ConfirmActionModal>
  )
}
