// /admin/candidats/:id: one candidate's file — dossier number, formation, session, Drive folder, statut, the
// required documents as a checklist an admin ticks (a plain POST form: works without JavaScript), and the way to
// the prospect's own page and history.
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { ArrowLeft, CheckCircle2, Circle, ExternalLink, History, Save } from 'lucide-react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { DetailItem } from '~/components/DetailItem'
import { GeneralErrorBoundary, messageForError } from '~/components/error-boundary'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { enregistrerDocumentsRecus, getCandidat } from '~/candidats/candidats.server'
import { statutDossierLabels, statutDossierStyles } from '~/candidats/labels'
import { documentsRecusSchema } from '~/candidats/schemas'
import { formatDate, formatDateTime, nomComplet, pluriel } from '~/utils/format'
import { invariantResponse, shortId } from '~/utils/misc'
import { redirectWithToast } from '~/utils/toast.server'
import { safeHttpUrl } from '~/utils/url'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${nomComplet(data.candidat.prospect)} — Candidats` : 'Candidat introuvable — Candidats' },
]

const introuvable = (id: string | undefined) => `Aucun candidat ne porte l’identifiant « ${shortId(id)} ».`

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const candidat = params.id ? await getCandidat(params.id) : null
  invariantResponse(candidat, () => introuvable(params.id))
  return { candidat }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  const submission = parseWithZod(formData, { schema: documentsRecusSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await enregistrerDocumentsRecus(params.id ?? '', submission.value.recus, user)
  invariantResponse(result.kind !== 'introuvable', () => introuvable(params.id))
  if (result.kind === 'document_inconnu') {
    return data(submission.reply({ formErrors: ['Une des pièces cochées n’est pas demandée pour cette formation : rechargez la page.'] }), { status: 400 })
  }
  const url = new URL(request.url)
  const changes = result.ajoutes + result.retires
  return redirectWithToast(`${url.pathname}${url.search}`, {
    type: changes > 0 ? 'succes' : 'info',
    titre: changes > 0 ? 'Pièces du dossier enregistrées' : 'Aucune pièce modifiée',
    description: result.statutChange ? `Le dossier passe au statut « ${statutDossierLabels[result.statut]} ».` : undefined,
  })
}

export default function CandidatPage() {
  const { candidat } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const navigation = useNavigation()
  const [form] = useForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: documentsRecusSchema }) })
  const saving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'documents'
  const nom = nomComplet(candidat.prospect)
  const drive = safeHttpUrl(candidat.driveFolderUrl)
  const recus = candidat.documents.filter((d) => d.recu).length
  const manquants = candidat.documents.filter((d) => !d.recu && d.obligatoire)
  return (
    <article aria-labelledby="titre-candidat" className="mx-auto max-w-5xl">
      <Link to={`/admin/candidats${search}`} className="mb-4 inline-flex items-center gap-1 text-sm text-stone-700 hover:underline">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        Retour aux candidats
      </Link>
      <header className="mb-4">
        <h1 id="titre-candidat" className="text-2xl font-semibold">
          {nom}
        </h1>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-stone-700">
          <span>
            Dossier <span className="font-mono" data-testid="numero-dossier">{candidat.numeroDossier}</span>
          </span>
          <span className={`badge ${statutDossierStyles[candidat.statutDossier]}`} data-testid="statut-dossier">
            {statutDossierLabels[candidat.statutDossier]}
          </span>
        </div>
      </header>

      <div className="grid gap-4 lg:grid-cols-[1fr_320px]">
        <section aria-labelledby="titre-pieces" className="min-w-0 rounded-lg border border-stone-200 bg-white p-4">
          <h2 id="titre-pieces" className="font-semibold">
            Pièces du dossier
          </h2>
          <p className="mt-1 text-sm text-stone-700" data-testid="resume-pieces">
            {pluriel(recus, 'pièce reçue', 'pièces reçues')} sur {candidat.documents.length}
            {manquants.length > 0 ? ` ; il manque : ${manquants.map((d) => d.libelle).join(', ')}.` : ' : toutes les pièces obligatoires sont là.'}
          </p>
          <p className="mt-1 text-xs text-stone-600">Cochez ce qui est arrivé. Le dossier passe au statut « Complet » quand toutes les pièces obligatoires sont reçues.</p>
          <Form method="post" {...getFormProps(form)} className="mt-3">
            <AuthenticityTokenInput name="csrf" />
            <input type="hidden" name="intent" value="documents" />
            {form.errors ? (
              <div id={form.errorId} role="alert" className="mb-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
                {form.errors.join(' ')}
              </div>
            ) : null}
            <fieldset>
              <legend className="sr-only">Pièces reçues</legend>
              <ul className="divide-y divide-stone-100 rounded-md border border-stone-200">
                {candidat.documents.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2" data-testid="piece">
                    <label className="flex min-w-0 flex-1 items-center gap-2">
                      <input type="checkbox" name="recus" value={d.id} defaultChecked={d.recu} className="h-4 w-4 shrink-0" />
                      <span className="min-w-0 break-words">
                        {d.libelle}
                        {d.obligatoire ? null : <span className="text-stone-600"> (facultatif)</span>}
                      </span>
                    </label>
                    {d.recu ? (
                      <span className="inline-flex items-center gap-1 text-xs text-emerald-800" data-testid="etat-piece">
                        <CheckCircle2 className="h-3.5 w-3.5" aria-hidden />
                        Reçu le {formatDate(d.dateReception)} par {d.recuPar}
                      </span>
                    ) : (
                      <span className="inline-flex items-center gap-1 text-xs text-red-800" data-testid="etat-piece">
                        <Circle className="h-3.5 w-3.5" aria-hidden />
                        Manquant
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </fieldset>
            {candidat.documents.length === 0 ? <p className="text-sm text-stone-600">Aucune pièce n’est demandée pour cette formation.</p> : null}
            <button type="submit" className="btn-primary mt-3" disabled={saving || candidat.documents.length === 0}>
              <Save className="h-4 w-4" aria-hidden />
              {saving ? 'Enregistrement…' : 'Enregistrer les pièces reçues'}
            </button>
          </Form>
        </section>

        <aside className="space-y-4">
          <dl className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white px-4 py-2 text-sm">
            <DetailItem label="Formation">{candidat.formation.nom}</DetailItem>
            <DetailItem label="Session">
              <span data-testid="session">
                {candidat.session.libelle} : du {formatDate(candidat.session.dateDebut)} au {formatDate(candidat.session.dateFin)}
              </span>
              {candidat.sessionCommencee ? <span className="block text-xs text-stone-600">Session déjà commencée</span> : null}
            </DetailItem>
            <DetailItem label="Dossier Google Drive">
              {drive ? (
                <a href={drive} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-brand-700 underline">
                  <ExternalLink className="h-3.5 w-3.5" aria-hidden />
                  Ouvrir le dossier {candidat.numeroDossier}
                </a>
              ) : (
                <span className="text-stone-600">En cours de création</span>
              )}
            </DetailItem>
            <DetailItem label="Converti le">{formatDateTime(candidat.dateConversion)}</DetailItem>
            <DetailItem label="Contact">
              {[...candidat.prospect.emails, ...candidat.prospect.telephones].map((c) => (
                <span key={c} className="block break-all">
                  {c}
                </span>
              ))}
            </DetailItem>
          </dl>
          <Link to={`/admin/prospects/${candidat.prospect.id}`} className="btn-secondary w-full">
            <History className="h-4 w-4" aria-hidden />
            Fiche et historique du prospect
          </Link>
        </aside>
      </div>
    </article>
  )
}


export function ErrorBoundary() {
  const { search } = useLocation()
  return (
    <div className="mx-auto max-w-2xl">
      <Link to={`/admin/candidats${search}`} className="mb-4 inline-flex items-center gap-1 text-sm text-stone-700 hover:underline">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        Retour aux candidats
      </Link>
      <GeneralErrorBoundary statusHandlers={{ 404: ({ error }) => <NotFound message={messageForError(error)} /> }} />
    </div>
  )
}

function NotFound({ message }: { message: string }) {
  return (
    <>
      <h1 className="text-xl font-semibold">Candidat introuvable</h1>
      <p className="mt-2 text-stone-700">{message}</p>
    </>
  )
}
