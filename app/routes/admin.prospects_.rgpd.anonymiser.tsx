// /admin/prospects/rgpd/anonymiser?id=PROS_… or ?tous=1: the confirmation step before erasing (irreversible).
// The POST re-checks everything at that instant: a prospect who wrote again meanwhile is no longer erased.
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AlertTriangle } from 'lucide-react'
import { z } from 'zod'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { ConfirmActionModal } from '~/components/ConfirmActionModal'
import { isProspectId, unknownProspect } from '~/prospects/ids'
import { anonymisable, anonymise, listExpired } from '~/prospects/rgpd.server'
import { formatDate, formatNumber } from '~/utils/format'
import { invariantResponse } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Anonymiser — Données anciennes (RGPD)' }]

const schema = z.discriminatedUnion('cible', [
  z.object({ cible: z.literal('un'), id: z.string({ required_error: 'Prospect manquant.' }).refine(isProspectId, 'Identifiant de prospect invalide.') }),
  z.object({
    cible: z.literal('tous'),
    confirmation: z.literal('oui', { errorMap: () => ({ message: 'Cochez la case pour confirmer l’anonymisation de tous ces prospects.' }) }),
  }),
])

const REFUS = {
  candidat: 'est candidat : ses données ne sont jamais anonymisées ici.',
  deja: 'a déjà été anonymisé.',
  recent: 'a eu un contact il y a moins de trois ans : il n’est plus concerné.',
} as const

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const params = new URL(request.url).searchParams
  if (params.get('tous') === '1') {
    const { total } = await listExpired({ page: 1, taille: 1 })
    return { cible: 'tous' as const, total, prospect: null }
  }
  const id = params.get('id') ?? ''
  const check = isProspectId(id) ? await anonymisable(id) : { kind: 'introuvable' as const }
  invariantResponse(check.kind !== 'introuvable', () => unknownProspect(id))
  invariantResponse(check.kind === 'ok', () => `Ce prospect ${REFUS[check.kind as keyof typeof REFUS]}`, { status: 409 })
  const p = check.prospect
  return { cible: 'un' as const, total: 1, prospect: { id: p.id, nom: `${p.prenom} ${p.nom.toUpperCase()}`, dernierContact: p.dateDernierContact } }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  const submission = parseWithZod(formData, { schema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await anonymise(submission.value.cible === 'tous' ? 'tous' : { id: submission.value.id }, user)
  if (result.kind === 'introuvable') return data(submission.reply({ formErrors: ['Ce prospect n’existe pas.'] }), { status: 404 })
  if (result.kind === 'refuse') return data(submission.reply({ formErrors: [`Rien n’a été effacé : ce prospect ${REFUS[result.raison]}`] }), { status: 409 })
  return redirectWithToast('/admin/prospects/rgpd', {
    type: 'succes',
    titre: result.nombre === 0 ? 'Aucun prospect à anonymiser' : `${formatNumber(result.nombre)} prospect${result.nombre > 1 ? 's' : ''} anonymisé${result.nombre > 1 ? 's' : ''}`,
  })
}

export default function AnonymiserModal() {
  const { cible, total, prospect } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: `anonymiser-${cible}`,
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const tous = cible === 'tous'
  return (
    <ConfirmActionModal
      title={tous ? `Anonymiser ${formatNumber(total)} prospect${total > 1 ? 's' : ''}` : `Anonymiser ${prospect?.nom}`}
      description={tous ? 'Tous les prospects sans contact depuis plus de trois ans.' : `Dernier contact le ${formatDate(prospect?.dernierContact)}.`}
      closeTo="/admin/prospects/rgpd"
      confirmLabel={tous ? 'Tout anonymiser' : 'Anonymiser'}
      pendingLabel="Anonymisation…"
      formProps={getFormProps(form)}
      formErrors={form.errors}
      formErrorId={form.errorId}
      tone="danger"
      confirmDisabled={tous && total === 0}
    >
      <input type="hidden" name="cible" value={cible} />
      {prospect ? <input type="hidden" name="id" value={prospect.id} /> : null}
      <section aria-labelledby="ce-qui-sera-efface" className="rounded-md bg-stone-50 p-3 text-sm">
        <h3 id="ce-qui-sera-efface" className="font-medium">
          Ce qui sera effacé
        </h3>
        <ul className="mt-1 list-disc space-y-0.5 pl-5 text-stone-700">
          <li>nom, prénom, emails, téléphones, adresse ;</li>
          <li>le texte des emails échangés, les notes et le résumé IA ;</li>
          <li>ces informations dans les actions, le journal et les notifications.</li>
        </ul>
        <p className="mt-2 text-stone-700">Restent, sans nom : le statut, la formation, la source, le financement et les dates, pour les statistiques.</p>
      </section>
      <p className="flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm font-medium text-amber-900">
        <AlertTriangle className="h-4 w-4 shrink-0" aria-hidden />
        Cette action est irréversible.
      </p>
      {tous ? (
        <div>
          <label className="flex items-start gap-2 text-sm">
            <input {...getInputProps(fields.confirmation, { type: 'checkbox', value: 'oui' })} className="mt-0.5" />
            <span>Je confirme l’anonymisation de {formatNumber(total)} prospect{total > 1 ? 's' : ''}.</span>
          </label>
          <p id={fields.confirmation.errorId} className="field-error">
            {fields.confirmation.errors?.join(' ')}
          </p>
        </div>
      ) : null}
    </ConfirmActionModal>
  )
}
