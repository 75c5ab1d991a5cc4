import { Form, Link, useNavigation } from '@remix-run/react'
import { BellRing, FileText, MailPlus, Phone, Send, UserCheck } from 'lucide-react'
import { AuthenticityTokenInput } from 'remix-utils/csrf/react'
import { LoadingOverlay } from './LoadingOverlay'

const PENDING_MESSAGES: Record<string, string> = {
  convertir: 'Conversion en cours : création du candidat et de son dossier Google Drive…',
  'envoyer-dossier': 'Envoi du dossier de candidature…',
  'generer-devis': 'Génération du devis…',
  'envoyer-email': 'Envoi de l’email…',
}

/**
 * The panel's action buttons. "Générer devis" and "Relancer" are one-click POST forms; the others open their
 * modal (a URL). Each form works without JavaScript and lands back on the panel with a flash toast.
 */
export function ProspectActions({ prospectId, search, candidat }: { prospectId: string; search: string; candidat: { numeroDossier: string | null } | null }) {
  const base = `/admin/prospects/${prospectId}`
  const navigation = useNavigation()
  const target = navigation.state === 'submitting' && navigation.formAction?.startsWith(`${base}/`) ? navigation.formAction.slice(base.length + 1).split(/[?/]/)[0] : null
  return (
    <section aria-label="Actions" className="mt-4 grid grid-cols-2 gap-2">
      <LoadingOverlay message={target ? (navigation.formData?.get('intent') === 'brouillon' ? 'Préparation du brouillon…' : (PENDING_MESSAGES[target] ?? 'Action en cours…')) : null} />
      <Form method="post" action={`${base}/envoyer-email${search}`} className="contents">
        <AuthenticityTokenInput name="csrf" />
        <input type="hidden" name="intent" value="relancer" />
        <button type="submit" className="btn-secondary" disabled={target !== null}>
          <BellRing className="h-4 w-4" aria-hidden />
          Relancer
        </button>
      </Form>
      <Link to={`${base}/envoyer-email${search}`} className="btn-secondary" preventScrollReset>
        <MailPlus className="h-4 w-4" aria-hidden />
        Envoyer email
      </Link>
      <Form method="post" action={`${base}/generer-devis${search}`} className="contents">
        <AuthenticityTokenInput name="csrf" />
        <button type="submit" className="btn-secondary" disabled={target !== null}>
          <FileText className="h-4 w-4" aria-hidden />
          Générer devis
        </button>
      </Form>
      <Link to={`${base}/envoyer-dossier${search}`} className="btn-secondary" preventScrollReset>
        <Send className="h-4 w-4" aria-hidden />
        Envoyer dossier
      </Link>
      <button type="button" className="btn-secondary col-span-2" disabled aria-describedby="appeler-info" title="Disponible en 2027">
        <Phone className="h-4 w-4" aria-hidden />
        Appeler
        <span id="appeler-info" className="text-xs font-normal">
          (Disponible en 2027)
        </span>
      </button>
      {candidat ? (
        <p className="col-span-2 rounded-md bg-stone-100 p-2 text-sm">Déjà candidat{candidat.numeroDossier ? ` — dossier ${candidat.numeroDossier}` : ''}.</p>
      ) : (
        <Link to={`${base}/convertir${search}`} className="btn-primary col-span-2" preventScrollReset>
          <UserCheck className="h-4 w-4" aria-hidden />
          Convertir en candidat
        </Link>
      )}
    </section>
  )
}
