// npm run demo:contacts — sends four demonstration contacts to the running app, through its real intake route, as
// n8n's website-form and inbox workflows would (two new, one email, one person writing again). Run it with the same
// environment as the app (SESSION_SECRET, or N8N_CALLBACK_SECRET with a real n8n; APP_URL or PORT).
import { feedDemoContacts } from '../app/n8n/demo-contacts.server'

try {
  const results = await feedDemoContacts({ delayMs: Number(process.env.DEMO_DELAY_MS ?? 1500) })
  let failed = 0
  for (const r of results) {
    const body = r.body as { id?: string; cree?: boolean; erreur?: string }
    if (r.status === 201) console.log(`  nouveau prospect : ${r.nom} (${body.id})`)
    else if (r.status === 200) console.log(`  reconnu : ${r.nom}, message ajouté à ${body.id}`)
    else {
      failed++
      console.log(`  refusé (${r.status}) : ${r.nom} — ${body.erreur ?? JSON.stringify(r.body)}`)
    }
  }
  process.exit(failed ? 1 : 0)
} catch (error) {
  console.error(`L’application ne répond pas : démarrez-la (npm start) avec le même environnement, puis relancez. (${error instanceof Error ? error.message : String(error)})`)
  process.exit(1)
}
