import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { AlertTriangle } from 'lucide-react'
import { useHydrated } from 'remix-utils/use-hydrated'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { Modal } from '~/components/Modal'
import { formationsAvecSessionsOuvertes } from '~/candidats/candidats.server'
import { convertirEnCandidat } from '~/prospects/actions/convertir.server'
import { panelUrl } from '~/prospects/panel-url'
import { convertirSchema } from '~/prospects/actions/schemas'
import { actionToast, assertStarted, requireActionForm, requireActionPage } from '~/utils/action-routes.server'
import { formatDate, nomComplet } from '~/utils/format'
import { libelleSession } from '~/candidats/sessions'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Convertir en candidat — Prospects' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { prospect } = await requireActionPage(request, params.id)
  return {
    prospect: {
      id: prospect.id,
      nomComplet: nomComplet(prospect),
      email: prospect.emails[0] ?? null,
      ville: prospect.ville,
      formationSouhaiteeId: prospect.formationSouhaiteeId,
      numeroDossier: prospect.statutProspect === 'CANDIDAT' ? (prospect.candidat?.numeroDossier ?? '—') : null,
    },
    formations: await formationsAvecSessionsOuvertes(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData, prospect } = await requireActionForm(request, params.id)
  const submission = parseWithZod(formData, { schema: convertirSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await convertirEnCandidat(prospect.id, { formationId: submission.value.formation, sessionId: submission.value.session }, user)
  if (result.kind === 'invalide') return data(submission.reply({ fieldErrors: { [result.field]: [result.message] } }), { status: 400 })
  assertStarted(result)
  if (result.kind === 'deja_candidat') {
    const numero = result.numeroDossier ? ` (dossier ${result.numeroDossier})` : ''
    return data(
      submission.reply({ formErrors: [`Déjà candidat : ${nomComplet(prospect)} a déjà été converti${numero}. Rien n’a été modifié.`] }),
      { status: 409 },
    )
  }
  return redirectWithToast(panelUrl(request.url, prospect.id), actionToast(result))
}

const CE_QUI_VA_SE_PASSER = [
  'le prospect passe au statut « Candidat » ;',
  'un numéro de dossier lui est attribué (4 lettres du nom + date du jour) ;',
  'son dossier Google Drive est créé, avec les sous-dossiers propres à la formation ;',
  'la liste des documents requis pour la formation y est préparée ;',
  'le prospect n’apparaît plus dans la liste des prospects (il rejoint la page Candidats).',
]

export default function ConvertirModal() {
  const { prospect, formations } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const hydrated = useHydrated()
  const closeTo = `/admin/prospects/${prospect.id}${search}`
  const wished = formations.find((f) => f.id === prospect.formationSouhaiteeId)
  const [form, fields] = useForm({
    id: 'convertir',
    lastResult,
    constraint: getZodConstraint(convertirSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: { formation: wished?.id ?? '', session: wished?.sessionProposeeId ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: convertirSchema }),
  })

  if (prospect.numeroDossier) {
    return (
      <Modal title="Convertir en candidat" closeTo={closeTo}>
        <p className="text-sm" role="status">
          Déjà candidat : {prospect.nomComplet} a déjà été converti (dossier {prospect.numeroDossier}).
        </p>
        <div className="mt-4 flex justify-end">
          <Link to={closeTo} preventScrollReset className="btn-secondary">
            Fermer
          </Link>
        </div>
      </Modal>
    )
  }

  // With JavaScript the sessions follow the chosen formation; without it, every open session is listed, grouped by
  // formation, and the server checks the pair.
  const selected = formations.find((f) => f.id === fields.formation.value)
  const groups = hydrated ? (selected ? [selected] : []) : formations
  return (
    <ConfirmActionModal
      title="Convertir en candidat"
      description={`${prospect.nomComplet} · ${prospect.email ?? 'sans email'} · ${prospect.ville ?? 'ville inconnue'}`}
      closeTo={closeTo}
      confirmLabel="Confirmer la conversion"
      pendingLabel="Conversion en cours…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
    >
      <div>
        <label htmlFor={fields.formation.id} className="label">
          Formation
        </label>
        <select {...getSelectProps(fields.formation)} className="input">
          <option value="">Choisissez une formation</option>
          {formations.map((f) => (
            <option key={f.id} value={f.id}>
              {f.nom}
              {f.id === prospect.formationSouhaiteeId ? ' (souhait du prospect)' : ''}
            </option>
          ))}
        </select>
        <p id={fields.formation.errorId} className="field-error">
          {fields.formation.errors?.join(' ')}
        </p>
      </div>
      <div>
        <label htmlFor={fields.session.id} className="label">
          Session
        </label>
        <select
          {...getSelectProps(fields.session)}
          key={hydrated ? `session-${fields.formation.value}` : 'session'}
          // Another formation chosen (with JavaScript): its own next session, never one that has started.
          defaultValue={hydrated && selected && selected.id !== fields.formation.initialValue ? (selected.sessionProposeeId ?? '') : fields.session.initialValue}
          className="input"
        >
          <option value="">{groups.length ? 'Choisissez une session' : 'Choisissez d’abord une formation'}</option>
          {groups.map((f) =>
            hydrated ? (
              f.sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {libelleSession(s)}
                </option>
              ))
            ) : (
              <optgroup key={f.id} label={f.nom}>
                {f.sessions.map((s) => (
                  <option key={s.id} value={s.id}>
                    {libelleSession(s)}
                  </option>
                ))}
              </optgroup>
            ),
          )}
        </select>
        <p id={fields.session.errorId} className="field-error">
          {fields.session.errors?.join(' ')}
        </p>
        {selected && selected.sessions.length === 0 ? <p className="text-sm text-stone-600">Aucune session ouverte pour cette formation.</p> : null}
        {selected && selected.sessions.length > 0 && !selected.sessionProposeeId ? (
          <p className="text-sm text-stone-600">Toutes les sessions ouvertes de cette formation ont déjà commencé.</p>
        ) : null}
      </div>
      <section aria-labelledby="ce-qui-va-se-passer" className="rounded-md bg-stone-50 p-3 text-sm">
        <h3 id="ce-qui-va-se-passer" className="font-medium">
          Ce qui va se passer
        </h3>
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-stone-700">
          {CE_QUI_VA_SE_PASSER.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <p className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm font-medium text-amber-900">
        <AlertTriangle className="h-4 w-4 shrink-0" aria-hidden />
        Cette action est irréversible.
      </p>
    </ConfirmActionModal>
  )
}
