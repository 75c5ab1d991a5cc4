// The one error boundary of the app (after the Epic Stack's GeneralErrorBoundary): the root, the admin layout and
// the pages that can fail on their own render it, each with its own frame and per-status handlers. Messages are for
// a secretary: a French title per status, the route's own French message when it threw one, never a stack trace.
import { isRouteErrorResponse, useParams, useRouteError, type ErrorResponse } from '@remix-run/react'
import type { ReactElement } from 'react'

type StatusHandler = (info: { error: ErrorResponse; params: Record<string, string | undefined> }) => ReactElement | null

export function titleForStatus(status: number) {
  if (status === 401) return 'Authentification requise'
  if (status === 403) return 'Accès refusé'
  if (status === 404) return 'Page introuvable'
  if (status === 405) return 'Opération impossible sur cette page'
  if (status === 413) return 'Envoi trop volumineux'
  if (status === 429) return 'Trop de tentatives'
  if (status === 503) return 'Service momentanément indisponible'
  if (status >= 400 && status < 500) return 'Requête invalide'
  return 'Erreur du serveur'
}

const UNEXPECTED = 'Une erreur inattendue est survenue. Elle a été enregistrée ; réessayez dans un instant.'
const DATABASE_DOWN = 'La base de données est momentanément indisponible. Réessayez dans quelques instants.'

/** The French message of a thrown Response: its own text when it has one, else a message for its status. */
export function messageForError(error: ErrorResponse) {
  // Remix's own errors (no route matches, no action…) are English and technical: never shown as they are.
  const internal = (error as ErrorResponse & { internal?: boolean }).internal === true
  if (!internal && typeof error.data === 'string' && error.data && !error.data.startsWith('<')) return error.data
  if (error.status === 404) return 'Cette page n’existe pas ou plus. Vérifiez l’adresse, ou revenez à l’accueil.'
  if (error.status === 403) return 'Cette page est réservée aux administrateurs.'
  if (error.status === 405) return 'Cette page ne reçoit pas de formulaire.'
  return titleForStatus(error.status)
}

function DefaultStatus({ error }: { error: ErrorResponse }) {
  return (
    <>
      {/* A title in words, never the HTTP status itself. */}
      <h1 className="text-xl font-semibold">{titleForStatus(error.status)}</h1>
      <p className="mt-2 text-stone-700">{messageForError(error)}</p>
    </>
  )
}

function Unexpected({ error }: { error: unknown }) {
  // A database outage that escaped a loader is answered 503 by the server (entry.server.tsx).
  const databaseDown = error instanceof Error && /base de données|database|ECONNREFUSED|P1001/i.test(error.message)
  return (
    <>
      <h1 className="text-xl font-semibold">{databaseDown ? titleForStatus(503) : 'Une erreur est survenue'}</h1>
      <p className="mt-2 text-stone-700">{databaseDown ? DATABASE_DOWN : UNEXPECTED}</p>
    </>
  )
}

export function GeneralErrorBoundary({
  statusHandlers,
  defaultStatusHandler = ({ error }) => <DefaultStatus error={error} />,
  unexpectedErrorHandler = (error) => <Unexpected error={error} />,
  className = 'mx-auto mt-16 max-w-lg rounded-lg border border-stone-200 bg-white p-6 text-center shadow-sm sm:p-8',
  children,
}: {
  statusHandlers?: Record<number, StatusHandler>
  defaultStatusHandler?: StatusHandler
  unexpectedErrorHandler?: (error: unknown) => ReactElement | null
  className?: string
  /** Shown under the message: a way back (a link to the list, to the home page). */
  children?: React.ReactNode
}) {
  const error = useRouteError()
  const params = useParams()
  if (typeof document !== 'undefined' && !isRouteErrorResponse(error)) console.error(error)
  return (
    <div className={className} role="alert">
      {isRouteErrorResponse(error) ? (statusHandlers?.[error.status] ?? defaultStatusHandler)({ error, params }) : unexpectedErrorHandler(error)}
      {children}
    </div>
  )
}
