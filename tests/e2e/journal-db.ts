// Prepares the database of the journal's e2e server (run with tsx, before that server owns the PGlite folder):
// migrations, demo seed, then the entries each journey works on. One failed action is made the real way: "Envoyer
// dossier", for a prospect created here (the Vitest factory), against a simulator that refuses the secret. Prints the
// ids as one JSON line on stdout.
import { startN8nSimulator } from '../../app/n8n/simulator.server'
import { migrate } from '../../scripts/lib/migrate'

await migrate('deploy', { log: () => {} })
const { db } = await import('../../app/utils/db.server')
const { configureN8n } = await import('../../app/n8n/client.server')
const { envoyerDossier } = await import('../../app/prospects/actions/envoyer-dossier.server')
const { seedDatabase, DEMO_USERS } = await import('../../prisma/seed-data')
const { createProspect } = await import('../utils/db-utils')
await seedDatabase(db, {})

const entry = (data: { nomWorkflow: string; messageErreur: string; severite?: 'INFO' | 'WARNING' | 'ERREUR' | 'CRITIQUE'; donneesEntree?: object; minutesAgo?: number }) =>
  db.journalErreur
    .create({
      data: {
        nomWorkflow: data.nomWorkflow,
        nomNoeud: 'webhook_n8n_call',
        messageErreur: data.messageErreur,
        severite: data.severite ?? 'ERREUR',
        donneesEntree: data.donneesEntree ?? { source: 'e2e' },
        dateErreur: new Date(Date.now() - (data.minutesAgo ?? 10) * 60_000),
      },
    })
    .then((e) => e.id)

const resoudre = await entry({ nomWorkflow: 'e2e_resoudre', messageErreur: 'Quota Gmail atteint (test de résolution)' })
const masse = [
  await entry({ nomWorkflow: 'e2e_masse', messageErreur: 'Première erreur à résoudre en masse', minutesAgo: 30 }),
  await entry({ nomWorkflow: 'e2e_masse', messageErreur: 'Deuxième erreur à résoudre en masse', minutesAgo: 20 }),
  await entry({ nomWorkflow: 'e2e_masse', messageErreur: 'Troisième erreur, laissée ouverte', minutesAgo: 10 }),
]
const hostile = await entry({
  nomWorkflow: 'e2e_hostile',
  severite: 'CRITIQUE',
  messageErreur: '<script>alert("xss")</script><img src=x onerror="alert(1)">',
  donneesEntree: { html: '<img src=x onerror=alert(2)>', fin: '</pre><script>alert(3)</script>' },
})

const sim = await startN8nSimulator({ apiKey: 'prep', callbackSecret: 'prep', latencyMs: 0, callbackAfterSync: false })
configureN8n({ baseUrl: sim.webhookBaseUrl, apiKey: 'prep', callbackSecret: 'prep', appUrl: 'http://127.0.0.1:9' })
sim.setFault('ENVOYER_DOSSIER', { kind: 'forbidden' })
const admin = await db.utilisateur.findUniqueOrThrow({ where: { email: DEMO_USERS.admin.email } })
const prospect = await createProspect({ prenom: 'Irène', nom: 'Vasseur' })
const failed = await envoyerDossier(prospect.id, { email: 'dossier.e2e@exemple.fr' }, { id: admin.id })
if (failed.kind !== 'echec') throw new Error('la préparation attendait un échec de l’envoi du dossier')
const relance = await db.journalErreur.findFirstOrThrow({ where: { actionId: failed.action.id }, select: { id: true } })
await sim.stop()
await db.$disconnect()
process.stdout.write(`${JSON.stringify({ resoudre, masse, hostile, relance: relance.id })}\n`)
process.exit(0)
