// "Envoyer email": the admin sees the email before it goes. Step 1, the type and instructions for the writing
// assistant → « Préparer le brouillon » (intent=brouillon: the action answers the draft, the page shows step 2).
// Step 2, sujet and corps pre-filled and editable → « Envoyer l’email » (intent=envoyer: the action starts the send
// and redirects to the panel with a toast). Plain POST forms, the same with and without JavaScript. The panel's
// one-click « Relancer » posts intent=relancer here (the school's relance template, no draft step).
import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useEffect } from 'react'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { TYPES_EMAIL, type TypeEmail } from '~/n8n/contract'
import { envoyerEmail, redigerBrouillon, relancerParEmail, type Brouillon } from '~/prospects/actions/envoyer-email.server'
import { typeEmailLabels } from '~/prospects/actions/labels'
import { panelUrl } from '~/prospects/panel-url'
import { CORPS_MAX, envoyerEmailSchema, MESSAGE_MAX, SUJET_MAX } from '~/prospects/actions/schemas'
import { actionToast, assertStarted, requireActionForm, requireActionPage } from '~/utils/action-routes.server'
import { invariantResponse } from '~/utils/misc'
import { nomComplet } from '~/utils/format'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Envoyer un email — Prospects' }]

const DESCRIPTIONS: Record<TypeEmail, string> = {
  relance: 'Rappelle au prospect son projet de formation.',
  information: 'Programme, calendrier et financements de la formation souhaitée.',
  commercial: 'Offre commerciale : à n’envoyer qu’après confirmation.',
}

/** The modal's own query parameters (step 1's defaults), never carried back to the panel. */
const OWN_PARAMS = ['type', 'consignes']

function withoutOwnParams(url: string) {
  const u = new URL(url, 'http://x')
  for (const p of OWN_PARAMS) u.searchParams.delete(p)
  return u
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { prospect } = await requireActionPage(request, params.id)
  const search = new URL(request.url).searchParams
  const asked = search.get('type')
  return {
    prospect: { id: prospect.id, prenom: prospect.prenom, nomComplet: nomComplet(prospect), email: prospect.emails[0] ?? null },
    type: (TYPES_EMAIL as readonly string[]).includes(asked ?? '') ? (asked as TypeEmail) : 'information',
    consignes: (search.get('consignes') ?? '').slice(0, MESSAGE_MAX),
  }
}

type Etape = 'consignes' | 'redaction'

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData, prospect } = await requireActionForm(request, params.id)
  const submission = parseWithZod(formData, { schema: envoyerEmailSchema })
  const etape: Etape = formData.get('intent') === 'envoyer' ? 'redaction' : 'consignes'
  const sansEmail = () =>
    data(
      { etape, result: submission.reply({ formErrors: [`${nomComplet(prospect)} n’a pas d’adresse email : aucun email ne peut être envoyé.`] }), brouillon: null },
      { status: 400 },
    )
  if (submission.status !== 'success') return data({ etape, result: submission.reply(), brouillon: null }, { status: 400 })
  const value = submission.value

  if (value.intent === 'brouillon') {
    const draft = await redigerBrouillon(prospect.id, { type: value.type, message: value.message }, user)
    invariantResponse(draft.kind !== 'introuvable', 'Prospect introuvable.')
    if (draft.kind === 'sans_email') return sansEmail()
    const { kind: _kind, ...brouillon } = draft
    return data({ etape: 'redaction' as Etape, result: null, brouillon: { ...brouillon, type: value.type, message: value.message ?? '' } })
  }

  const result =
    value.intent === 'relancer'
      ? await relancerParEmail(prospect.id, user)
      : await envoyerEmail(prospect.id, { type: value.type, message: value.message, sujet: value.sujet, corps: value.corps }, user)
  if (result.kind === 'sans_email') return sansEmail()
  assertStarted(result)
  return redirectWithToast(panelUrl(withoutOwnParams(request.url).href, prospect.id), actionToast(result))
}

export default function EnvoyerEmailModal() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { pathname, search } = useLocation()
  const closeTo = `/admin/prospects/${loaderData.prospect.id}${withoutOwnParams(search).search}`
  const props = { ...loaderData, closeTo, pathname, search }
  if (actionData?.etape === 'redaction') return <Redaction {...props} brouillon={actionData.brouillon} lastResult={actionData.result} />
  return <Consignes {...props} lastResult={actionData?.result ?? null} />
}

type StepProps = ReturnType<typeof useLoaderData<typeof loader>> & { closeTo: string; pathname: string; search: string }
type LastResult = NonNullable<ReturnType<typeof useActionData<typeof action>>>['result']

/** Step 1: what kind of email, and what the assistant should know. */
function Consignes({ prospect, type, consignes, closeTo, lastResult }: StepProps & { lastResult: LastResult }) {
  const [form, fields] = useForm({
    id: 'envoyer-email',
    lastResult,
    constraint: getZodConstraint(envoyerEmailSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { intent: 'brouillon', type, message: consignes },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: envoyerEmailSchema }),
  })
  return (
    <ConfirmActionModal
      title="Envoyer un email"
      description={`${prospect.nomComplet} · ${prospect.email ?? 'sans adresse email'}`}
      closeTo={closeTo}
      confirmLabel="Préparer le brouillon"
      pendingLabel="Préparation du brouillon…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
    >
      <input type="hidden" name="intent" value="brouillon" />
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
      <p className="text-sm text-stone-600">Vous relirez l’email, et pourrez le modifier, avant son envoi.</p>
    </ConfirmActionModal>
  )
}

type BrouillonData = (Brouillon & { type: TypeEmail; message: string }) | null

/** Step 2: the email itself, as it will leave; the admin edits it, then sends it. */
function Redaction({ prospect, closeTo, pathname, search, brouillon, lastResult }: StepProps & { brouillon: BrouillonData; lastResult: LastResult }) {
  // After a refused send, the page shows what was typed (Conform's lastResult), the draft's origin with it.
  const typed = (lastResult?.initialValue ?? {}) as Record<string, unknown>
  const source = brouillon?.source ?? (typed.source === 'modeles' ? 'modeles' : 'assistant')
  const [form, fields] = useForm({
    id: 'envoyer-email-brouillon',
    lastResult,
    constraint: getZodConstraint(envoyerEmailSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: brouillon ? { intent: 'envoyer', type: brouillon.type, message: brouillon.message, sujet: brouillon.sujet, corps: brouillon.corps } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: envoyerEmailSchema }),
  })
  const type = (TYPES_EMAIL as readonly unknown[]).includes(fields.type.value) ? (fields.type.value as TypeEmail) : 'information'
  const commercial = type === 'commercial'
  const message = typeof fields.message.value === 'string' ? fields.message.value : ''
  // Back to step 1 with the same choices (a link: it works without JavaScript).
  const back = new URLSearchParams(search)
  back.set('type', type)
  if (message) back.set('consignes', message)
  else back.delete('consignes')
  useEffect(() => {
    if (brouillon) document.getElementById(fields.sujet.id)?.focus()
  }, [brouillon, fields.sujet.id])
  return (
    <ConfirmActionModal
      title="Envoyer un email"
      description={`${prospect.nomComplet} · ${prospect.email ?? 'sans adresse email'}`}
      closeTo={closeTo}
      confirmLabel="Envoyer l’email"
      pendingLabel="Envoi en cours…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
      tone={commercial ? 'danger' : 'primary'}
      size="lg"
    >
      <input type="hidden" name="intent" value="envoyer" />
      <input type="hidden" name={fields.type.name} value={type} />
      <input type="hidden" name={fields.message.name} value={message} />
      <input type="hidden" name="source" value={source} />
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <p>
          Email : <span className="font-medium">{typeEmailLabels[type]}</span>
          {message ? <span className="block break-words text-stone-600">Consignes : {message}</span> : null}
        </p>
        <Link to={`${pathname}?${back}`} preventScrollReset className="text-brand-700 underline underline-offset-2">
          Changer le type ou les consignes
        </Link>
      </div>
      {source === 'modeles' ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="brouillon-modeles">
          Le brouillon vient des modèles de l’école : l’assistant de rédaction ne répond pas pour l’instant. Relisez-le avant l’envoi.
        </p>
      ) : (
        <p role="status" className="text-sm text-stone-600">
          Brouillon préparé par l’assistant de rédaction : relisez-le et modifiez-le si besoin avant l’envoi.
        </p>
      )}
      <div>
        <label htmlFor={fields.sujet.id} className="label">
          Sujet
        </label>
        <input {...getInputProps(fields.sujet, { type: 'text' })} maxLength={SUJET_MAX} className="input" />
        <p id={fields.sujet.errorId} className="field-error">
          {fields.sujet.errors?.join(' ')}
        </p>
      </div>
      <div>
        <label htmlFor={fields.corps.id} className="label">
          Texte de l’email
        </label>
        <textarea {...getTextareaProps(fields.corps)} rows={12} maxLength={CORPS_MAX} className="input" />
        <p id={fields.corps.errorId} className="field-error">
          {fields.corps.errors?.join(' ')}
        </p>
      </div>
      {commercial ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <label className="flex items-start gap-2 text-sm">
            <input {...getInputProps(fields.confirmation, { type: 'checkbox', value: 'oui' })} className="mt-0.5" />
            <span>Je confirme l’envoi d’un email commercial à {prospect.nomComplet}.</span>
          </label>
          <p id={fields.confirmation.errorId} className="field-error">
            {fields.confirmation.errors?.join(' ')}
          </p>
        </div>
      ) : null}
    </ConfirmActionModal>
  )
}
