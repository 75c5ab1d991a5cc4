// /admin/prospects/:id/statut: move a prospect along (NOUVEAU, CONTACTE, INTERESSE, EN_ATTENTE_DOSSIER), mark it
// PERDU with a reason, or reopen it (the same form). CANDIDAT is reached only by conversion.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { panelUrl } from '~/prospects/panel-url'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { Modal } from '~/components/Modal'
import { changeStatut, getEditableProspect, statutChangeMessage } from '~/prospects/editing.server'
import { RAISONS_PERTE, raisonPerteLabels, STATUTS_MANUELS, statutLabels } from '~/prospects/labels'
import { isProspectId, unknownProspect } from '~/prospects/ids'
import { PRECISION_MAX, statutSchema } from '~/prospects/schemas'
import { invariantResponse } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Statut du prospect — Prospects' }]

const DESCRIPTIONS: Record<(typeof STATUTS_MANUELS)[number], string> = {
  NOUVEAU: 'Pas encore contacté.',
  CONTACTE: 'Un premier échange a eu lieu.',
  INTERESSE: 'Souhaite suivre une formation.',
  EN_ATTENTE_DOSSIER: 'Le dossier de candidature est attendu.',
  PERDU: 'Ne viendra pas : indiquez pourquoi.',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const prospect = isProspectId(params.id) ? await getEditableProspect(params.id) : null
  invariantResponse(prospect, () => unknownProspect(params.id))
  return { prospect: { id: prospect.id, nom: `${prospect.prenom} ${prospect.nom.toUpperCase()}`, statut: prospect.statutProspect, anonymise: Boolean(prospect.dateAnonymisation) } }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  invariantResponse(isProspectId(params.id), () => unknownProspect(params.id))
  const submission = parseWithZod(formData, { schema: statutSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await changeStatut(params.id, submission.value, user)
  invariantResponse(result.kind !== 'introuvable', () => unknownProspect(params.id))
  if (result.kind === 'candidat') {
    return data(submission.reply({ formErrors: ['Ce prospect est candidat : son statut suit son dossier de candidature et ne se change pas ici.'] }), { status: 409 })
  }
  if (result.kind === 'anonymise') return data(submission.reply({ formErrors: ['Ce prospect a été anonymisé : son statut ne se change plus.'] }), { status: 409 })
  if (result.kind === 'inchange') {
    return data(submission.reply({ fieldErrors: { statut: [`Le prospect est déjà « ${statutLabels[result.statut]} ».`] } }), { status: 400 })
  }
  const prospect = await getEditableProspect(params.id)
  const nom = prospect ? `${prospect.prenom} ${prospect.nom.toUpperCase()}` : params.id
  return redirectWithToast(panelUrl(request.url, params.id), { type: 'succes', titre: statutChangeMessage(nom, result.de, result.vers) })
}

export default function StatutModal() {
  const { prospect } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const hydrated = useHydrated()
  const closeTo = `/admin/prospects/${prospect.id}${search}`
  const reopening = prospect.statut === 'PERDU'
  const [form, fields] = useForm({
    id: `statut-${prospect.id}`,
    lastResult,
    constraint: getZodConstraint(statutSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { statut: reopening ? 'NOUVEAU' : '', raison: '', precision: '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: statutSchema }),
  })

  if (prospect.statut === 'CANDIDAT' || prospect.anonymise) {
    return (
      <Modal title="Statut du prospect" closeTo={closeTo}>
        <p className="text-sm" role="status">
          {prospect.anonymise
            ? `${prospect.nom} a été anonymisé : son statut ne se change plus.`
            : `${prospect.nom} est candidat : son statut suit son dossier de candidature.`}
        </p>
        <div className="mt-4 flex justify-end">
          <Link to={closeTo} preventScrollReset className="btn-secondary">
            Fermer
          </Link>
        </div>
      </Modal>
    )
  }

  // Without JavaScript the reason is always shown (required only for "Perdu"); with it, only once "Perdu" is chosen.
  const showReason = !hydrated || fields.statut.value === 'PERDU'
  return (
    <ConfirmActionModal
      title={reopening ? 'Rouvrir le prospect' : 'Changer le statut'}
      description={`${prospect.nom} · statut actuel : ${statutLabels[prospect.statut]}`}
      closeTo={closeTo}
      confirmLabel={reopening ? 'Rouvrir' : 'Enregistrer le statut'}
      pendingLabel="Enregistrement…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
    >
      <fieldset aria-describedby={fields.statut.errorId}>
        <legend className="label">Nouveau statut</legend>
        <div className="space-y-1.5">
          {STATUTS_MANUELS.map((s) => (
            <label key={s} className="flex cursor-pointer items-start gap-2 rounded-md border border-stone-200 p-2 text-sm has-[:checked]:border-stone-900">
              <input {...getInputProps(fields.statut, { type: 'radio', value: s })} className="mt-0.5" />
              <span>
                <span className="font-medium">
                  {statutLabels[s]}
                  {s === prospect.statut ? <span className="font-normal text-stone-600"> (actuel)</span> : null}
                </span>
                <span className="block text-stone-600">{DESCRIPTIONS[s]}</span>
              </span>
            </label>
          ))}
        </div>
        <p id={fields.statut.errorId} className="field-error">
          {fields.statut.errors?.join(' ')}
        </p>
      </fieldset>
      {showReason ? (
        <div className="rounded-md border border-stone-200 bg-stone-50 p-3">
          <label htmlFor={fields.raison.id} className="label">
            Raison de la perte {hydrated ? null : <span className="font-normal text-stone-500">(obligatoire pour « Perdu »)</span>}
          </label>
          <select {...getSelectProps(fields.raison)} className="input">
            <option value="">Choisissez une raison</option>
            {RAISONS_PERTE.map((r) => (
              <option key={r} value={r}>
                {raisonPerteLabels[r]}
              </option>
            ))}
          </select>
          <p id={fields.raison.errorId} className="field-error">
            {fields.raison.errors?.join(' ')}
          </p>
        </div>
      ) : null}
      <div>
        <label htmlFor={fields.precision.id} className="label">
          Précision <span className="font-normal text-stone-500">(facultatif ; obligatoire pour « Autre raison »)</span>
        </label>
        <textarea {...getTextareaProps(fields.precision)} rows={2} maxLength={PRECISION_MAX} className="input" />
        <p id={fields.precision.errorId} className="field-error">
          {fields.precision.errors?.join(' ')}
        </p>
      </div>
    </ConfirmActionModal>
  )
}
