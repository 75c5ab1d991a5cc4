// Demonstration contacts, fed through the real intake route (POST /api/n8n/prospects, X-Callback-Secret) as the
// website-form and inbox workflows would: shows a contact arriving live without a real n8n. Used by
// `npm run demo:contacts`; an admin page can call feedDemoContacts() too (e.g. a button on /admin/systeme).
import crypto from 'node:crypto'
import { env } from '~/utils/env.server'
import { CALLBACK_SECRET_HEADER } from './contract'
import { INTAKE_PATHS } from './intake-contract'

/**
 * The callback secret of the built-in simulator when N8N_CALLBACK_SECRET is unset: derived from SESSION_SECRET, so
 * a script started with the same environment as the app (demo:contacts) can authenticate like n8n does.
 */
export function simulatorCallbackSecret() {
  return crypto.createHmac('sha256', env.SESSION_SECRET).update('n8n-simule:X-Callback-Secret').digest('base64url')
}

/** Four contacts: two from the website form, one email, and the first person writing again (matched, not duplicated). */
export function demoContacts(tag = crypto.randomBytes(3).toString('hex')) {
  const first = {
    reference: `demo-formulaire-${tag}-1`,
    prenom: 'Inès',
    nom: 'Carpentier',
    email: `ines.carpentier.${tag}@exemple.fr`,
    telephone: '06 48 21 37 90',
    ville: 'Lyon',
    codePostal: '69003',
    formation: 'CAP Bijouterie',
    modeFinancement: 'CPF',
    source: 'FORMULAIRE_SITE',
    sujet: 'Demande d’information (formulaire du site)',
    message: 'Bonjour, je souhaite me reconvertir dans la bijouterie. Quelles sont les dates de la prochaine session du CAP ?',
  }
  return [
    first,
    {
      reference: `demo-formulaire-${tag}-2`,
      prenom: 'Théo',
      nom: 'Marchand',
      email: `theo.marchand.${tag}@exemple.fr`,
      formation: 'Sertissage',
      modeFinancement: 'OPCO',
      source: 'FORMULAIRE_SITE',
      message: 'Mon employeur peut financer une formation en sertissage : pouvez-vous m’envoyer le programme ?',
    },
    {
      reference: `<demo-${tag}-3@mail.exemple.fr>`,
      prenom: 'Anaïs',
      nom: 'Roussel',
      email: `anais.roussel.${tag}@exemple.fr`,
      source: 'EMAIL',
      sujet: 'Formation CAO bijou',
      formation: 'CAO/DAO 3D',
      message: 'Bonjour,\nJe suis designer et j’aimerais apprendre Rhino et Matrix. La formation est-elle possible à distance ?\nAnaïs',
      resumeIa: 'Designer, veut apprendre Rhino/Matrix, demande si la formation CAO/DAO 3D existe à distance.',
    },
    { ...first, reference: `demo-formulaire-${tag}-4`, telephone: undefined, message: 'Je me permets de relancer ma demande : pouvez-vous me rappeler ?', sujet: 'Relance' },
  ]
}

export type DemoResult = { nom: string; status: number; body: unknown }

/** Posts the demonstration contacts to the app at `appUrl`, one after the other. */
export async function feedDemoContacts(options: { appUrl?: string; secret?: string; delayMs?: number } = {}): Promise<DemoResult[]> {
  const appUrl = (options.appUrl ?? env.APP_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, '')
  const secret = options.secret ?? env.N8N_CALLBACK_SECRET ?? simulatorCallbackSecret()
  const results: DemoResult[] = []
  for (const contact of demoContacts()) {
    const res = await fetch(`${appUrl}${INTAKE_PATHS.prospects}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [CALLBACK_SECRET_HEADER]: secret },
      body: JSON.stringify(contact),
      signal: AbortSignal.timeout(10_000),
    })
    const text = await res.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // kept as text
    }
    results.push({ nom: `${contact.prenom} ${contact.nom.toUpperCase()}`, status: res.status, body })
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
  }
  return results
}
