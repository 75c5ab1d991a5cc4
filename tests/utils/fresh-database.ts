// A fresh database state for every test of a file whose tests write: the file's database as its first test found
// it (the run's template with its demo data, plus what the file's beforeAll hooks set up) is kept aside once, in the
// schema etat_initial, and put back after each test. Identities keep counting up (an id is never reused within a
// file, so a live stream or a remembered outcome never mistakes a new row for an old one). The job engine's own
// tables (schema pgboss) are left alone: a job left by a test finds no action and does nothing.
import { afterEach, beforeEach } from 'vitest'
import { db } from '~/utils/db.server'

export function useFreshDatabase() {
  let tables: { name: string; columns: string }[] = []
  // Before the first test rather than in a beforeAll: what the file's own beforeAll hooks set up (a session shared by
  // its tests, an instance's row) is part of the state each test starts from.
  beforeEach(async () => {
    if (tables.length > 0) return
    const rows = await db.$queryRaw<{ name: string; columns: string }[]>`
      SELECT c.relname AS name, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind = 'r' AND c.relname <> '_prisma_migrations'
      GROUP BY c.relname ORDER BY c.relname`
    tables = rows
    await db.$executeRawUnsafe('DROP SCHEMA IF EXISTS etat_initial CASCADE')
    await db.$executeRawUnsafe('CREATE SCHEMA etat_initial')
    for (const t of tables) await db.$executeRawUnsafe(`CREATE TABLE etat_initial."${t.name}" AS SELECT ${t.columns} FROM public."${t.name}"`)
  })
  afterEach(async () => {
    if (tables.length === 0) return
    await db.$transaction(async (tx) => {
      // Foreign keys are checked by triggers: off while the tables are refilled (they held consistent rows before).
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica')
      await tx.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `public."${t.name}"`).join(', ')}`)
      for (const t of tables) await tx.$executeRawUnsafe(`INSERT INTO public."${t.name}" (${t.columns}) OVERRIDING SYSTEM VALUE SELECT ${t.columns} FROM etat_initial."${t.name}"`)
    })
  })
}
