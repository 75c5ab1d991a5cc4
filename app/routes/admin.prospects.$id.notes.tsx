// /admin/prospects/:id/notes: a free note on the prospect (up to 5,000 characters), shown in the timeline with its
// author and date.
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { panelUrl } from '~/prospects/panel-url'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { addNote, getEditableProspect } from '~/prospects/editing.server'
import { isProspectId, unknownProspect } from '~/prospects/ids'
import { NOTE_MAX, noteSchema } from '~/prospects/schemas'
import { invariantResponse } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Ajouter une note — Prospects' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const prospect = isProspectId(params.id) ? await getEditableProspect(params.id) : null
  invariantResponse(prospect, () => unknownProspect(params.id))
  invariantResponse(!prospect.dateAnonymisation, 'Ce prospect a été anonymisé : on ne peut plus y ajouter de note.', { status: 409 })
  return { prospect: { id: prospect.id, nom: `${prospect.prenom} ${prospect.nom.toUpperCase()}` } }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  invariantResponse(isProspectId(params.id), () => unknownProspect(params.id))
  const submission = parseWithZod(formData, { schema: noteSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await addNote(params.id, submission.value.texte, user)
  invariantResponse(result.kind !== 'introuvable', () => unknownProspect(params.id))
  if (result.kind === 'anonymise') return data(submission.reply({ formErrors: ['Ce prospect a été anonymisé : on ne peut plus y ajouter de note.'] }), { status: 409 })
  return redirectWithToast(panelUrl(request.url, params.id), { type: 'succes', titre: 'Note ajoutée' })
}

export default function NoteModal() {
  const { prospect } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const [form, fields] = useForm({
    id: `note-${prospect.id}`,
    lastResult,
    constraint: getZodConstraint(noteSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: noteSchema }),
  })
  return (
    <ConfirmActionModal
      title="Ajouter une note"
      description={`${prospect.nom} · visible par toute l’équipe dans son historique.`}
      closeTo={`/admin/prospects/${prospect.id}${search}`}
      confirmLabel="Ajouter la note"
      pendingLabel="Enregistrement…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
    >
      <div>
        <label htmlFor={fields.texte.id} className="label">
          Note <span className="font-normal text-stone-500">({NOTE_MAX.toLocaleString('fr-FR')} caractères au plus)</span>
        </label>
        <textarea {...getTextareaProps(fields.texte)} rows={6} maxLength={NOTE_MAX} className="input" data-autofocus />
        <p id={fields.texte.errorId} className="field-error">
          {fields.texte.errors?.join(' ')}
        </p>
      </div>
    </ConfirmActionModal>
  )
}
