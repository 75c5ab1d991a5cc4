// /admin/prospects/:id/modifier: the prospect's details, pre-filled; what changed (before → after) is kept in the
// timeline with who and when.
import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { panelUrl } from '~/prospects/panel-url'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { getEditableProspect, updateProspect } from '~/prospects/editing.server'
import { ProspectFields, TextField } from '~/prospects/ProspectFields'
import { isProspectId, unknownProspect } from '~/prospects/ids'
import { listFormations } from '~/prospects/prospects.server'
import { modifierProspectSchema } from '~/prospects/schemas'
import { invariantResponse } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Modifier le prospect — Prospects' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const prospect = isProspectId(params.id) ? await getEditableProspect(params.id) : null
  invariantResponse(prospect, () => unknownProspect(params.id))
  invariantResponse(!prospect.dateAnonymisation, 'Ce prospect a été anonymisé : sa fiche ne peut plus être modifiée.', { status: 409 })
  return { prospect, formations: await listFormations() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  invariantResponse(isProspectId(params.id), () => unknownProspect(params.id))
  const submission = parseWithZod(formData, { schema: modifierProspectSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await updateProspect(params.id, submission.value, user)
  invariantResponse(result.kind !== 'introuvable', () => unknownProspect(params.id))
  if (result.kind === 'anonymise') return data(submission.reply({ formErrors: ['Ce prospect a été anonymisé : sa fiche ne peut plus être modifiée.'] }), { status: 409 })
  if (result.kind === 'formation_inconnue') {
    return data(submission.reply({ fieldErrors: { formation: ['Formation inconnue : choisissez-en une de la liste.'] } }), { status: 400 })
  }
  return redirectWithToast(
    panelUrl(request.url, params.id),
    result.kind === 'inchange'
      ? { type: 'info', titre: 'Aucune modification : la fiche était déjà à jour.' }
      : { type: 'succes', titre: `Fiche modifiée (${result.changements.length} champ${result.changements.length > 1 ? 's' : ''})` },
  )
}

/** Extra addresses beyond the first, plus one empty slot to add another (at most 4 more). */
const withSlot = (list: string[]) => [...list.slice(1), ''].slice(0, 4)

export default function ModifierProspectModal() {
  const { prospect, formations } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const closeTo = `/admin/prospects/${prospect.id}${search}`
  const [form, fields] = useForm({
    id: `modifier-${prospect.id}`,
    lastResult,
    constraint: getZodConstraint(modifierProspectSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      nom: prospect.nom,
      prenom: prospect.prenom,
      email: prospect.emails[0] ?? '',
      telephone: prospect.telephones[0] ?? '',
      autresEmails: withSlot(prospect.emails),
      autresTelephones: withSlot(prospect.telephones),
      adresse: prospect.adresse ?? '',
      codePostal: prospect.codePostal ?? '',
      ville: prospect.ville ?? '',
      formation: prospect.formationSouhaiteeId ?? '',
      modeFinancement: prospect.modeFinancement ?? '',
      source: prospect.source ?? '',
      sourcePrecision: prospect.sourcePrecision ?? '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: modifierProspectSchema }),
  })
  const autresEmails = fields.autresEmails.getFieldList()
  const autresTelephones = fields.autresTelephones.getFieldList()
  return (
    <ConfirmActionModal
      title="Modifier le prospect"
      description={`${prospect.prenom} ${prospect.nom.toUpperCase()} · les changements sont gardés dans son historique.`}
      closeTo={closeTo}
      confirmLabel="Enregistrer"
      pendingLabel="Enregistrement…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
    >
      <ProspectFields
        fields={fields}
        formations={formations}
        extra={
          <>
            {autresEmails.map((field, i) => (
              <TextField key={field.key} field={field} label={i === autresEmails.length - 1 ? 'Autre email' : `Email n° ${i + 2}`} hint={i === autresEmails.length - 1 ? '(facultatif)' : '(videz pour retirer)'} type="email" autoComplete="off" className="sm:col-start-1" />
            ))}
            {autresTelephones.map((field, i) => (
              <TextField key={field.key} field={field} label={i === autresTelephones.length - 1 ? 'Autre téléphone' : `Téléphone n° ${i + 2}`} hint={i === autresTelephones.length - 1 ? '(facultatif)' : '(videz pour retirer)'} type="tel" autoComplete="off" className="sm:col-start-2" />
            ))}
          </>
        }
      />
    </ConfirmActionModal>
  )
}
