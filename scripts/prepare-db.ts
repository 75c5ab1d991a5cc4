// Run by `npm start` and `npm run dev` before the server: on the embedded database, creates, migrates and seeds
// it on first start (and applies pending migrations later). A PostgreSQL server is migrated with `npm run db:deploy`.
import fs from 'node:fs'
import { resolveDatabaseTarget } from '../app/utils/database-url'
import { migrate } from './lib/migrate'

const target = resolveDatabaseTarget(process.env.DATABASE_URL)
if (target.kind !== 'pglite') {
  console.log('Base PostgreSQL : appliquez les migrations avec « npm run db:deploy » si besoin.')
  process.exit(0)
}
const fresh = !fs.existsSync(`${target.dir}/PG_VERSION`)
if (fresh) console.log(`Première exécution : création de la base embarquée dans ${target.dir} (environ 20 s)…`)
try {
  const applied = await migrate('deploy', { log: () => {} })
  if (applied.length) console.log(`Migrations appliquées : ${applied.join(', ')}`)
  if (fresh) {
    const { db } = await import('../app/utils/db.server')
    const { DEMO_USERS, seedDatabase } = await import('../prisma/seed-data')
    const result = await seedDatabase(db, {})
    await db.$disconnect()
    console.log(`Données de démonstration : ${result.prospects} prospects, ${result.candidats} candidats.`)
    console.log('')
    console.log('  Compte administrateur de démonstration')
    console.log(`    email        : ${DEMO_USERS.admin.email}`)
    console.log(`    mot de passe : ${DEMO_USERS.admin.password}`)
    console.log('')
  }
  process.exit(0)
} catch (error) {
  console.error('Préparation de la base embarquée impossible :', error)
  process.exit(1)
}
