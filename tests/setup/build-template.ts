import { migrate } from '../../scripts/lib/migrate'

await migrate('deploy', { log: () => {} })
const { db } = await import('../../app/utils/db.server')
const { seedDatabase } = await import('../../prisma/seed-data')
// A fixed "now" keeps dates, and so the list order, the same in every run.
await seedDatabase(db, { now: new Date('2026-11-20T10:00:00Z') })
// The job engine's schema and queues, installed once here rather than by every test file.
const { actionEngine } = await import('../../app/prospects/actions/engine.server')
const { stopJobEngine } = await import('../../app/utils/jobs.server')
await actionEngine()
await stopJobEngine()
await db.$disconnect()
process.exit(0)
