// /admin/logs/:id: one journal entry in plain words (what happened, what to do), its state and actions (resolve,
// reopen, replay the failed action); the technical detail waits in a closed block.
import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, type ErrorResponse } from '@remix-run/react'
import { ArrowLeft, CheckCircle2, Lightbulb, RotateCcw, RefreshCw, User } from 'lucide-react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { requireAdmin, requireAdminForm } from '~/auth/session.server'
import { DetailItem } from '~/components/DetailItem'
import { GeneralErrorBoundary, messageForError } from '~/components/error-boundary'
import { EntryContent } from '~/journal/EntryContent'
import { explainEntry, operationLabel } from '~/journal/explain'
import { getJournalEntry, listActionEntries, logError, parseEntryId, reopenEntry, resolveEntry } from '~/journal/journal.server'
import { statutActionLabels, typeActionLabels } from '~/prospects/actions/labels'
import { retryAction } from '~/prospects/actions/replay.server'
import { entryIntentSchema } from '~/journal/schemas'
import { SeveriteBadge } from '~/journal/SeveriteBadge'
import { formatDateLong, formatDateTime, nomComplet } from '~/utils/format'
import { invariantResponse } from '~/utils/misc'
import { redirectWithToast, type Toast } from '~/utils/toast.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.explication.titre} — Journal des erreurs` : 'Entrée introuvable — Journal des erreurs' },
]

function notFound(raw: string | undefined) {
  return new Response(`Aucune entrée n° « ${String(raw).slice(0, 30)} » dans le journal.`, { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request)
  const id = parseEntryId(params.id)
  const found = id ? await getJournalEntry(id) : null
  if (!found) throw notFound(params.id)
  const autres = found.entry.actionId ? await listActionEntries(found.entry.actionId, found.entry.id) : []
  return { ...found, autres }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, formData } = await requireAdminForm(request)
  const id = parseEntryId(params.id)
  if (!id) throw notFound(params.id)
  const submission = parseWithZod(formData, { schema: entryIntentSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const self = `/admin/logs/${id}${new URL(request.url).search}`

  switch (submission.value.intent) {
    case 'resoudre': {
      const outcome = await resolveEntry(id, user.nom)
      if (outcome === 'introuvable') throw notFound(params.id)
      return redirectWithToast(
        self,
        outcome === 'fait'
          ? { type: 'succes', titre: `Entrée n° ${id} marquée comme résolue` }
          : { type: 'info', titre: `L’entrée n° ${id} était déjà résolue`, description: 'Rien n’a changé.' },
      )
    }
    case 'rouvrir': {
      const outcome = await reopenEntry(id)
      if (outcome === 'introuvable') throw notFound(params.id)
      return redirectWithToast(
        self,
        outcome === 'fait'
          ? { type: 'succes', titre: `Entrée n° ${id} rouverte` }
          : { type: 'info', titre: `L’entrée n° ${id} n’était pas résolue`, description: 'Rien n’a changé.' },
      )
    }
    case 'relancer': {
      const found = await getJournalEntry(id)
      if (!found) throw notFound(params.id)
      const actionId = found.entry.actionId
      if (!actionId || !found.entry.action) {
        return data(submission.reply({ formErrors: ['Cette entrée n’est liée à aucune action : il n’y a rien à relancer.'] }), { status: 400 })
      }
      let result: Awaited<ReturnType<typeof retryAction>>
      try {
        result = await retryAction(actionId, { id: user.id, nom: user.nom })
      } catch (error) {
        if (error instanceof Response) throw error
        // retryAction journals the failures of n8n itself; this is the app failing to even try.
        await logError({
          nomWorkflow: found.entry.nomWorkflow,
          nomNoeud: 'relance_action',
          messageErreur: `Relance impossible : ${error instanceof Error ? error.message : String(error)}`,
          actionId,
          prospectId: found.prospectId,
          donneesEntree: { entreeJournal: id, stack: error instanceof Error ? (error.stack ?? null) : null },
        })
        return redirectWithToast(self, { type: 'erreur', titre: 'La relance n’a pas pu être lancée', description: 'L’erreur est enregistrée dans le journal.' })
      }
      invariantResponse(result.kind !== 'introuvable', 'Action introuvable.')
      invariantResponse(result.kind !== 'indisponible', 'Les actions sont momentanément indisponibles : rien n’a été relancé. Réessayez dans quelques instants.', { status: 503 })
      if (result.kind === 'echec') {
        // A failed replay is told like a journal entry: what to do, in plain words (its technical message is journaled).
        const conseil = explainEntry(
          { nomWorkflow: found.entry.nomWorkflow, nomNoeud: 'webhook_n8n_call', messageErreur: result.action.erreur ?? '', httpStatus: result.action.httpStatus, actionId },
          found.prospect,
        ).conseil
        return redirectWithToast(self, { type: 'erreur', titre: 'La relance a échoué', description: conseil })
      }
      return redirectWithToast(self, replayToast(result))
    }
  }
}

function replayToast(result: Exclude<Awaited<ReturnType<typeof retryAction>>, { kind: 'introuvable' } | { kind: 'indisponible' } | { kind: 'echec' }>): Toast {
  switch (result.kind) {
    case 'deja_terminee':
      return { type: 'succes', titre: 'Action relancée', description: 'Cette action est déjà terminée : rien à relancer.' }
    case 'occupee':
      return { type: 'info', titre: 'Relance impossible pour le moment', description: result.message }
    case 'termine':
    case 'en_cours':
    case 'lancee':
    case 'reprise':
      return { type: 'succes', titre: 'Action relancée', description: result.message }
  }
}

export default function JournalEntryPage() {
  const { entry, prospect, prospectId, autres, explication } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const { search } = useLocation()
  const navigation = useNavigation()
  const [form] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: entryIntentSchema }),
  })
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const linked = entry.action
  const canReplay = linked?.statut === 'ECHEC'
  const actionHref = prospectId && linked ? `/admin/prospects/${prospectId}#action-${linked.id}` : null
  return (
    <article aria-labelledby="titre-entree" className="mx-auto max-w-5xl">
      <Link to={`/admin/logs${search}`} className="mb-4 inline-flex items-center gap-1 text-sm text-stone-700 hover:underline">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        Retour au journal
      </Link>
      {/* Actions sit on the left, under the title: live toasts stack on the top right of the screen. */}
      <header className="mb-4 space-y-3">
        <div>
          <p className="text-sm text-stone-600">Entrée n° {entry.id}</p>
          <h1 id="titre-entree" className="text-2xl font-semibold">
            {explication.titre}
          </h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
            <SeveriteBadge severite={entry.severite} />
            {entry.resolu ? (
              <span className="badge bg-emerald-100 text-emerald-900" data-testid="etat-entree">
                Résolue
              </span>
            ) : (
              <span className="badge bg-red-100 text-red-900" data-testid="etat-entree">
                Non résolue
              </span>
            )}
            <time dateTime={new Date(entry.dateErreur).toISOString()} className="text-stone-600">
              {formatDateLong(entry.dateErreur)}
            </time>
          </div>
        </div>
        <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-center gap-2">
          <AuthenticityTokenInput name="csrf" />
          {entry.resolu ? (
            <button type="submit" name="intent" value="rouvrir" className="btn-secondary" disabled={Boolean(pendingIntent)}>
              <RotateCcw className="h-4 w-4" aria-hidden />
              {pendingIntent === 'rouvrir' ? 'Réouverture…' : 'Rouvrir'}
            </button>
          ) : (
            <button type="submit" name="intent" value="resoudre" className="btn-primary" disabled={Boolean(pendingIntent)}>
              <CheckCircle2 className="h-4 w-4" aria-hidden />
              {pendingIntent === 'resoudre' ? 'Enregistrement…' : 'Marquer comme résolue'}
            </button>
          )}
          {canReplay ? (
            <button type="submit" name="intent" value="relancer" className="btn-secondary" disabled={Boolean(pendingIntent)}>
              <RefreshCw className={`h-4 w-4 ${pendingIntent === 'relancer' ? 'animate-spin' : ''}`} aria-hidden />
              {pendingIntent === 'relancer' ? 'Relance en cours…' : 'Relancer l’action'}
            </button>
          ) : null}
        </Form>
      </header>
      {form.errors ? (
        <div id={form.errorId} role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {form.errors.join(' ')}
        </div>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[1fr_320px]">
        <div className="min-w-0 space-y-4">
          <section aria-labelledby="titre-constat" className="rounded-lg border border-stone-200 bg-white p-4">
            <h2 id="titre-constat" className="font-semibold">
              Ce qui s’est passé
            </h2>
            <p className="mt-1 text-stone-800" data-testid="constat">
              {explication.constat}
            </p>
            <h2 className="mt-4 flex items-center gap-1.5 font-semibold">
              <Lightbulb className="h-4 w-4 text-brand-700" aria-hidden />
              Que faire ?
            </h2>
            <p className="mt-1 text-stone-800" data-testid="conseil">
              {explication.conseil}
            </p>
          </section>
          <details className="group rounded-lg border border-stone-200 bg-white" data-testid="details-techniques">
            <summary className="cursor-pointer select-none px-4 py-3 text-sm font-medium text-stone-700">
              Détails techniques <span className="font-normal text-stone-600">(pour la personne qui administre les serveurs)</span>
            </summary>
            <div className="space-y-4 border-t border-stone-100 p-4">
              <p className="text-sm text-stone-800" data-testid="conseil-technique">
                {explication.technique}
              </p>
              <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                <DetailItem label="Workflow">
                  <span className="break-all font-mono text-xs">{entry.nomWorkflow}</span>
                </DetailItem>
                <DetailItem label="Nœud">
                  <span className="break-all font-mono text-xs">{entry.nomNoeud}</span>
                </DetailItem>
                {linked ? (
                  <DetailItem label="Tentatives · statut HTTP">
                    {linked.tentatives} · {linked.httpStatus ?? '—'}
                  </DetailItem>
                ) : null}
                {linked?.erreur ? (
                  <DetailItem label="Erreur de l’action">
                    <span className="break-words">{linked.erreur}</span>
                  </DetailItem>
                ) : null}
              </dl>
              <EntryContent messageErreur={entry.messageErreur} donneesEntree={entry.donneesEntree} />
            </div>
          </details>
        </div>
        <aside className="space-y-4">
          <dl className="divide-y divide-stone-100 rounded-lg border border-stone-200 bg-white px-4 py-2 text-sm">
            <DetailItem label="Opération">{operationLabel(entry.nomWorkflow)}</DetailItem>
            <DetailItem label="Date">{formatDateTime(entry.dateErreur)}</DetailItem>
            <DetailItem label="Résolution">
              {entry.resolu ? (
                <span data-testid="resolution">
                  Par {entry.resoluPar ?? 'un administrateur'}, le {formatDateTime(entry.dateResolution)}
                </span>
              ) : (
                'Pas encore résolue'
              )}
            </DetailItem>
            <DetailItem label="Prospect">
              {prospect ? (
                <Link to={`/admin/prospects/${prospect.id}`} className="inline-flex items-center gap-1 text-brand-700 underline-offset-2 hover:underline">
                  <User className="h-4 w-4" aria-hidden />
                  {nomComplet(prospect)}
                </Link>
              ) : prospectId ? (
                <span className="text-stone-600">Prospect supprimé</span>
              ) : (
                '—'
              )}
            </DetailItem>
            <DetailItem label="Action">
              {linked ? (
                <div>
                  {actionHref ? (
                    <Link to={actionHref} className="text-brand-700 underline-offset-2 hover:underline">
                      {typeActionLabels[linked.type] ?? linked.type}
                    </Link>
                  ) : (
                    typeActionLabels[linked.type] ?? linked.type
                  )}
                  <span className="block text-xs text-stone-600" data-testid="statut-action">
                    {statutActionLabels[linked.statut] ?? linked.statut} · {linked.tentatives} tentative{linked.tentatives > 1 ? 's' : ''}
                  </span>
                </div>
              ) : entry.actionId ? (
                <span className="text-stone-600">Action supprimée</span>
              ) : (
                <span className="text-stone-600">Aucune action liée</span>
              )}
            </DetailItem>
          </dl>
          {autres.length > 0 ? (
            <section aria-labelledby="titre-autres" className="rounded-lg border border-stone-200 bg-white p-4">
              <h2 id="titre-autres" className="text-sm font-semibold">
                Autres entrées de cette action
              </h2>
              <ul className="mt-2 space-y-1 text-sm">
                {autres.map((a) => (
                  <li key={a.id} className="flex items-center justify-between gap-2">
                    <Link to={`/admin/logs/${a.id}${search}`} className="text-brand-700 hover:underline">
                      n° {a.id} · {formatDateTime(a.dateErreur)}
                    </Link>
                    <span className={`text-xs ${a.resolu ? 'text-emerald-800' : 'text-red-800'}`}>{a.resolu ? 'Résolue' : 'Non résolue'}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </article>
  )
}


export function ErrorBoundary() {
  const { search } = useLocation()
  const title = (text: string) => ({ error }: { error: ErrorResponse }) => (
    <>
      <h1 className="text-xl font-semibold">{text}</h1>
      <p className="mt-2 text-stone-700">{messageForError(error)}</p>
    </>
  )
  return (
    <div className="mx-auto max-w-2xl">
      <Link to={`/admin/logs${search}`} className="mb-4 inline-flex items-center gap-1 text-sm text-stone-700 hover:underline">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        Retour au journal
      </Link>
      <GeneralErrorBoundary
        className=""
        statusHandlers={{ 404: title('Entrée introuvable') }}
        defaultStatusHandler={title('Impossible d’afficher cette entrée')}
        unexpectedErrorHandler={() => (
          <>
            <h1 className="text-xl font-semibold">Impossible d’afficher cette entrée</h1>
            <p className="mt-2 text-stone-700">Une erreur inattendue est survenue ; elle a été enregistrée.</p>
          </>
        )}
      />
    </div>
  )
}
