import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { TYPES_EMAIL, type TypeEmail } from '~/n8n/contract'
import { envoyerEmail } from '~/prospects/actions/envoyer-email.server'
import { typeEmailLabels } from '~/prospects/actions/labels'
import { panelUrl } from '~/prospects/panel-url'
import { envoyerEmailSchema, MESSAGE_MAX } from '~/prospects/actions/schemas'
import { actionToast, assertStarted, requireActionProspect } from '~/utils/action-routes.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Envoyer un email — Prospects' }]

const DESCRIPTIONS: Record<TypeEmail, string> = {
  relance: 'Rappelle au prospect son projet de formation.',
  information: 'Programme, calendrier et financements de la formation souhaitée.',
  commercial: 'Offre commerciale : à n’envoyer qu’après confirmation.',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const prospect = await requireActionProspect(params.id)
  const asked = new URL(request.url).searchParams.get('type')
  return {
    prospect: { id: prospect.id, nomComplet: `${prospect.prenom} ${prospect.nom}`, email: prospect.emails[0] ?? null },
    type: (TYPES_EMAIL as readonly string[]).includes(asked ?? '') ? (asked as TypeEmail) : 'information',
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  const prospect = await requireActionProspect(params.id)
  const submission = parseWithZod(formData, { schema: envoyerEmailSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await envoyerEmail(prospect.id, { type: submission.value.type, message: submission.value.message }, user)
  if (result.kind === 'sans_email') {
    return data(submission.reply({ formErrors: [`${prospect.prenom} ${prospect.nom} n’a pas d’adresse email : aucun email ne peut être envoyé.`] }), { status: 400 })
  }
  assertStarted(result)
  return redirectWithToast(panelUrl(request.url, prospect.id), actionToast(result))
}

export default function EnvoyerEmailModal() {
  const { prospect, type } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const hydrated = useHydrated()
  const params = new URLSearchParams(search)
  params.delete('type')
  const closeTo = `/admin/prospects/${prospect.id}${params.size ? `?${params}` : ''}`
  const [form, fields] = useForm({
    id: 'envoyer-email',
    lastResult,
    constraint: getZodConstraint(envoyerEmailSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { type, message: '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: envoyerEmailSchema }),
  })
  const commercial = fields.type.value === 'commercial'
  return (
    <ConfirmActionModal
      title="Envoyer un email"
      description={`${prospect.nomComplet} · ${prospect.email ?? 'sans adresse email'}`}
      closeTo={closeTo}
      confirmLabel={commercial ? 'Confirmer l’envoi' : 'Envoyer l’email'}
      pendingLabel="Envoi en cours…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
      tone={commercial ? 'danger' : 'primary'}
    >
      <fieldset aria-describedby={fields.type.errorId}>
        <legend className="label">Type d’email</legend>
        <div className="space-y-1.5">
          {TYPES_EMAIL.map((t) => (
            <label key={t} className="flex cursor-pointer items-start gap-2 rounded-md border border-stone-200 p-2 text-sm has-[:checked]:border-stone-900">
              <input {...getInputProps(fields.type, { type: 'radio', value: t })} className="mt-0.5" />
              <span>
                <span className="font-medium">{typeEmailLabels[t]}</span>
                <span className="block text-stone-600">{DESCRIPTIONS[t]}</span>
              </span>
            </label>
          ))}
        </div>
        <p id={fields.type.errorId} className="field-error">
          {fields.type.errors?.join(' ')}
        </p>
      </fieldset>
      <div>
        <label htmlFor={fields.message.id} className="label">
          Consignes pour l’assistant de rédaction <span className="font-normal text-stone-500">(facultatif)</span>
        </label>
        <textarea {...getTextareaProps(fields.message)} rows={3} maxLength={MESSAGE_MAX} className="input" placeholder="Ex. : mentionner la journée portes ouvertes du 14 mars" />
        <p id={fields.message.errorId} className="field-error">
          {fields.message.errors?.join(' ')}
        </p>
      </div>
      {!hydrated || commercial ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <label className="flex items-start gap-2 text-sm">
            <input {...getInputProps(fields.confirmation, { type: 'checkbox', value: 'oui' })} className="mt-0.5" />
            <span>
              Je confirme l’envoi d’un email commercial à {prospect.nomComplet}
              {hydrated ? '' : ' (obligatoire pour un email commercial)'}.
            </span>
          </label>
          <p id={fields.confirmation.errorId} className="field-error">
            {fields.confirmation.errors?.join(' ')}
          </p>
        </div>
      ) : null}
    </ConfirmActionModal>
  )
}
