import { migrate } from '../../scripts/lib/migrate'

await migrate('deploy', { log: () => {} })
const { db } = await import('../../app/utils/db.server')
const { seedDatabase } = await import('../../prisma/seed-data')
// A fixed "now" keeps dates, and so the list order, the same in every run.
await seedDatabase(db, { now: new Date('2026-11-20T10:00:00Z') })
await db.$disconnect()
process.exit(0)
