import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Gem } from 'lucide-react'
import { LogoutButton } from '~/components/LogoutButton'
import { requireUser } from '~/auth/session.server'

export const meta: MetaFunction = () => [{ title: 'Mon espace — École de bijouterie' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { user: { nom: user.nom, role: user.role } }
}

const roles = { ADMIN: 'administrateur', FORMATEUR: 'formateur', ELEVE: 'élève' } as const

export default function Espace() {
  const { user } = useLoaderData<typeof loader>()
  return (
    <main className="mx-auto mt-16 max-w-xl rounded-xl border border-stone-200 bg-white p-8 shadow-sm">
      <div className="flex items-center gap-2">
        <Gem className="h-6 w-6 text-brand-600" aria-hidden />
        <h1 className="text-lg font-semibold">Bonjour {user.nom}</h1>
      </div>
      <p className="mt-3 text-stone-600">
        Vous êtes connecté en tant que {roles[user.role]}. Le suivi des prospects est réservé aux administrateurs ;
        votre espace {user.role === 'FORMATEUR' ? 'formateur' : 'élève'} arrive prochainement.
      </p>
      {user.role === 'ADMIN' ? (
        <a className="btn-primary mt-6" href="/admin/prospects">
          Aller au back-office
        </a>
      ) : null}
      <div className="mt-6">
        <LogoutButton />
      </div>
    </main>
  )
}
