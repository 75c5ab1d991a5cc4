// Migrates and fills DATABASE_URL with BENCH_PROSPECTS demo prospects, then exits (it owns a PGlite folder only
// while it runs).
import { migrate } from '../scripts/lib/migrate'

await migrate('deploy', { log: () => {} })
const { db } = await import('../app/utils/db.server')
const { seedDatabase } = await import('../prisma/seed-data')
await seedDatabase(db, { prospects: Number(process.env.BENCH_PROSPECTS ?? 150) })
if (process.env.DATABASE_URL?.startsWith('postgres')) await db.$executeRawUnsafe('VACUUM ANALYZE')
await db.$disconnect()
process.exit(0)
