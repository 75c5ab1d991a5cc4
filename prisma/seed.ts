// npm run db:seed                         demo data (about 150 prospects)
// npm run db:seed -- --prospects 100000   a volume database
// Refuses to wipe a database that already has prospects unless --reset is given.
import { parseArgs } from 'node:util'
import { db } from '../app/utils/db.server'
import { DEMO_USERS, seedDatabase } from './seed-data'

const { values } = parseArgs({ options: { prospects: { type: 'string' }, reset: { type: 'boolean', default: false } } })
const prospects = values.prospects === undefined ? 150 : Number(values.prospects)
if (!Number.isInteger(prospects) || prospects < 1 || prospects > 2_000_000) {
  console.error('--prospects attend un nombre entier entre 1 et 2 000 000')
  process.exit(2)
}

try {
  const existing = await db.prospect.count().catch(() => 0)
  if (existing > 0 && !values.reset) {
    console.error(`La base contient déjà ${existing} prospects. Relancez avec --reset pour tout remplacer par les données de démonstration.`)
    process.exit(1)
  }
  const started = Date.now()
  const result = await seedDatabase(db, { prospects, log: (m) => console.log(m) })
  console.log(`Données de démonstration : ${result.prospects} prospects, ${result.emails} emails, ${result.candidats} candidats en ${((Date.now() - started) / 1000).toFixed(1)} s`)
  console.log(`Administrateur de démonstration : ${DEMO_USERS.admin.email} / ${DEMO_USERS.admin.password}`)
  await db.$disconnect()
  process.exit(0)
} catch (error) {
  console.error('Échec du remplissage de la base :', error)
  process.exit(1)
}
