import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Gem, LogIn } from 'lucide-react'
import { loginSchema } from '~/auth/login-schema'
import { createUserSession, getUser, LOGIN_MOTIFS, loginMotif, verifyPassword } from '~/auth/session.server'
import { clientAddress, formatWait, markLoginSuccess, reserveLoginAttempt } from '~/auth/throttle.server'
import { db } from '~/utils/db.server'
import { safeRedirect } from '~/utils/safe-redirect'
import { redirectWithToast } from '~/utils/toast.server'

// Admins land on the home page: today's work first.
const homeFor = (role: string) => (role === 'ADMIN' ? '/admin' : '/espace')

export const meta: MetaFunction = () => [{ title: 'Connexion — Back-office' }]

// A page's headers come from this function, not from the action's data(): the 429 keeps its Retry-After.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After')
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers()
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const params = new URL(request.url).searchParams
  if (user) throw redirect(safeRedirect(params.get('redirectTo'), homeFor(user.role)))
  const motif = loginMotif(params.get('motif'))
  return { motif, message: motif ? LOGIN_MOTIFS[motif] : null }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: loginSchema })
  if (submission.status !== 'success') {
    return data(submission.reply({ hideFields: ['motDePasse'] }), { status: 400 })
  }
  const { email, motDePasse, redirectTo } = submission.value
  // The attempt is recorded before the password is checked: parallel requests cannot all get through.
  const gate = await reserveLoginAttempt(email, clientAddress(request))
  if (gate.kind === 'refusee') {
    return data(
      submission.reply({ formErrors: [`Trop de tentatives, réessayez dans ${formatWait(gate.waitSeconds)}.`], hideFields: ['motDePasse'] }),
      { status: 429, headers: { 'Retry-After': String(gate.waitSeconds) } },
    )
  }
  const utilisateur = await db.utilisateur.findUnique({ where: { email } })
  // Same answer and comparable time whether the email exists or not.
  const ok = await verifyPassword(motDePasse, utilisateur?.motDePasseHash)
  if (!utilisateur || !ok) {
    return data(
      submission.reply({ formErrors: ['Email ou mot de passe incorrect.'], hideFields: ['motDePasse'] }),
      { status: 400 },
    )
  }
  await markLoginSuccess(gate.attemptId)
  const destination = safeRedirect(redirectTo, homeFor(utilisateur.role))
  const headers = { 'Set-Cookie': await createUserSession(request, utilisateur.id) }
  // Back from an expired session: the page says again that the form was not sent.
  const motif = loginMotif(submission.value.motif)
  if (motif) return redirectWithToast(destination, { type: 'info', titre: LOGIN_MOTIFS[motif], description: motif === 'action' ? 'Vous pouvez la relancer maintenant.' : 'Vous pouvez recommencer maintenant.' }, { headers })
  return redirect(destination, {
    headers,
  })
}

export default function LoginPage() {
  const lastResult = useActionData<typeof action>()
  const { motif, message } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    lastResult,
    constraint: getZodConstraint(loginSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  })
  const pending = navigation.state !== 'idle' && navigation.formAction === '/login'
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-stone-200 bg-white p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-2">
          <Gem className="h-7 w-7 text-brand-600" aria-hidden />
          <div>
            <h1 className="text-lg font-semibold">Back-office de l’école</h1>
            <p className="text-sm text-stone-500">Bijouterie · Joaillerie · Sertissage</p>
          </div>
        </div>
        <Form method="post" {...getFormProps(form)} className="space-y-1">
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
          {motif ? <input type="hidden" name="motif" value={motif} /> : null}
          {message && !form.errors ? (
            <div role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
              {`${message}. Reconnectez-vous : vous reviendrez sur la même page.`}
            </div>
          ) : null}
          {form.errors ? (
            <div id={form.errorId} role="alert" className="mb-3 rounded-md bg-red-50 p-3 text-sm text-red-800">
              {form.errors.join(' ')}
            </div>
          ) : null}
          <div>
            <label htmlFor={fields.email.id} className="label">
              Email
            </label>
            <input {...getInputProps(fields.email, { type: 'email' })} autoComplete="username" autoFocus className="input" />
            <p id={fields.email.errorId} className="field-error">
              {fields.email.errors?.join(' ')}
            </p>
          </div>
          <div>
            <label htmlFor={fields.motDePasse.id} className="label">
              Mot de passe
            </label>
            <input {...getInputProps(fields.motDePasse, { type: 'password' })} autoComplete="current-password" className="input" />
            <p id={fields.motDePasse.errorId} className="field-error">
              {fields.motDePasse.errors?.join(' ')}
            </p>
          </div>
          <button type="submit" className="btn-primary w-full" disabled={pending}>
            <LogIn className="h-4 w-4" aria-hidden />
            {pending ? 'Connexion…' : 'Se connecter'}
          </button>
        </Form>
      </div>
    </main>
  )
}
