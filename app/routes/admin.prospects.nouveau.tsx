// /admin/prospects/nouveau: a prospect met by phone, at a salon or at the school, typed in by a secretary (modal
// over the list). A probable duplicate (same email, phone, or name and first name) is shown with a link before
// anything is created; "Créer quand même" sends confirmerDoublon=1.
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { AlertTriangle } from 'lucide-react'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { createProspectByHand } from '~/prospects/editing.server'
import { statutLabels } from '~/prospects/labels'
import { ProspectFields } from '~/prospects/ProspectFields'
import { listFormations } from '~/prospects/prospects.server'
import { NOTE_MAX, nouveauProspectSchema } from '~/prospects/schemas'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Nouveau prospect — Prospects' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  return { formations: await listFormations() }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  const submission = parseWithZod(formData, { schema: nouveauProspectSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), doublons: [] }, { status: 400 })
  const created = await createProspectByHand(submission.value, user)
  if (created.kind === 'formation_inconnue') {
    return data({ result: submission.reply({ fieldErrors: { formation: ['Formation inconnue : choisissez-en une de la liste.'] } }), doublons: [] }, { status: 400 })
  }
  if (created.kind === 'doublons') return data({ result: submission.reply(), doublons: created.doublons }, { status: 409 })
  const search = new URL(request.url).search
  return redirectWithToast(`/admin/prospects/${created.id}${search}`, {
    type: 'succes',
    titre: `Prospect créé : ${created.prenom} ${created.nom.toUpperCase()}`,
  })
}

export default function NouveauProspectModal() {
  const { formations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { search } = useLocation()
  const closeTo = `/admin/prospects${search}`
  const doublons = actionData?.doublons ?? []
  const [form, fields] = useForm({
    id: 'nouveau-prospect',
    lastResult: actionData?.result,
    constraint: getZodConstraint(nouveauProspectSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: nouveauProspectSchema }),
  })
  return (
    <ConfirmActionModal
      title="Nouveau prospect"
      description="Une personne qui a appelé, écrit ou est passée à l’école."
      closeTo={closeTo}
      confirmLabel={doublons.length ? 'Créer quand même' : 'Créer le prospect'}
      pendingLabel="Création…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
    >
      {doublons.length ? (
        <section aria-labelledby="titre-doublons" role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <h3 id="titre-doublons" className="flex items-center gap-1.5 font-medium text-amber-900">
            <AlertTriangle className="h-4 w-4 shrink-0" aria-hidden />
            Cette personne est peut-être déjà enregistrée
          </h3>
          <ul className="mt-1 space-y-1">
            {doublons.map((d) => (
              <li key={d.id}>
                <Link to={`/admin/prospects/${d.id}${search}`} className="font-medium text-brand-700 underline">
                  {d.prenom} {d.nom.toUpperCase()}
                </Link>{' '}
                <span className="text-stone-700">
                  ({statutLabels[d.statutProspect]} · même {d.raisons.join(', même ')})
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-stone-700">Rien n’a été créé. Ouvrez sa fiche, ou créez quand même un nouveau prospect s’il s’agit d’une autre personne.</p>
          <input type="hidden" name="confirmerDoublon" value="1" />
        </section>
      ) : null}
      <ProspectFields fields={fields} formations={formations} />
      <div>
        <label htmlFor={fields.note.id} className="label">
          Note <span className="font-normal text-stone-500">(facultatif : ce qu’il a demandé, quand le rappeler…)</span>
        </label>
        <textarea {...getTextareaProps(fields.note)} rows={3} maxLength={NOTE_MAX} className="input" />
        <p id={fields.note.errorId} className="field-error">
          {fields.note.errors?.join(' ')}
        </p>
      </div>
    </ConfirmActionModal>
  )
}
