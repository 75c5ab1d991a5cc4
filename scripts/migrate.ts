// npm run db:migrate -- <name>   create a migration from prisma/schema.prisma and apply it (development)
// npm run db:deploy              apply pending migrations (production)
// npm run db:status              show the migration history
import { migrate, type MigrateCommand } from './lib/migrate'

const [command = 'deploy', name] = process.argv.slice(2)
if (!['deploy', 'dev', 'status'].includes(command)) {
  console.error(`Commande inconnue « ${command} » (attendu : deploy, dev <nom>, status)`)
  process.exit(2)
}
if (command === 'dev' && !name) {
  console.error('Donnez un nom à la migration : npm run db:migrate -- <nom>')
  process.exit(2)
}
try {
  const applied = await migrate(command as MigrateCommand, { name })
  console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Aucune migration en attente.')
  // The WASM engine leaves an advisory-lock timer behind: exit explicitly.
  process.exit(0)
} catch (error) {
  console.error(error)
  process.exit(1)
}
