// Prisma migrations without the native engine: Prisma's WASM schema engine driven through the same driver
// adapters as the app. It writes ordinary prisma/migrations/<ts>_<name>/migration.sql folders and the
// _prisma_migrations table, so the native CLI stays compatible wherever it can run.
import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { postgresConfig, resolveDatabaseTarget } from '../../app/utils/database-url'

const root = path.resolve(import.meta.dirname, '../..')
const schemaPath = path.join(root, 'prisma/schema.prisma')
const migrationsDir = path.join(root, 'prisma/migrations')
const filters = { externalTables: [], externalEnums: [] }

type Disposable = { dispose(): Promise<void> | void }

async function loadSchemaEngine() {
  const g = globalThis as Record<string, unknown>
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: '',
    set_message(this: { message: string }, m: string) {
      this.message = `RuntimeError: ${m}`
    },
  }
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const wasmUrl = new URL('./schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'))
  const mod = new WebAssembly.Module(await fs.readFile(wasmUrl))
  const instance = new WebAssembly.Instance(mod, { './schema_engine_bg.js': bg })
  bg.__wbg_set_wasm(instance.exports)
  ;(instance.exports as { __wbindgen_start(): void }).__wbindgen_start()
  return bg.SchemaEngine
}

function pgliteFactory(dir: string, opened: Disposable[]) {
  const db = new PGlite(dir, { extensions: { pg_trgm } })
  opened.push({ dispose: () => db.close() })
  const factory = new PrismaPGlite(db)
  // The adapter's shadow database lacks pg_trgm, which our migrations create.
  factory.connectToShadowDb = async () => {
    const shadow = new PGlite('memory://', { extensions: { pg_trgm } })
    opened.push({ dispose: () => shadow.close() })
    return new PrismaPGlite(shadow).connect()
  }
  return factory
}

function postgresFactory(url: string, opened: Disposable[]) {
  const cfg = postgresConfig(url)
  const factory = new PrismaPg(cfg)
  // The engine's catalog queries return "char" columns (OID 18), which adapter-pg rejects: report them as text.
  const patch = <T extends object>(adapter: T): T => {
    let proto = Object.getPrototypeOf(adapter)
    while (proto && !Object.hasOwn(proto, 'performIO')) proto = Object.getPrototypeOf(proto)
    if (proto && !proto.performIO.patched) {
      const original = proto.performIO
      proto.performIO = async function (this: unknown, query: unknown) {
        const result = await original.call(this, query)
        for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25
        return result
      }
      proto.performIO.patched = true
    }
    return adapter
  }
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = patch(await connect())
    opened.push(adapter)
    return adapter
  }
  // Our own shadow database: adapter-pg drops it before closing its pool ("being accessed by other users").
  factory.connectToShadowDb = async () => {
    const admin = await connect()
    const name = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll('-', '')}`
    await admin.executeScript(`CREATE DATABASE "${name}"`)
    const shadow = patch(await new PrismaPg({ ...cfg, database: name }).connect())
    const dispose = shadow.dispose.bind(shadow)
    shadow.dispose = async () => {
      await dispose()
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`)
      await admin.dispose()
    }
    return shadow
  }
  return factory
}

async function readMigrations() {
  const lockPath = 'migration_lock.toml'
  const lockContent = await fs.readFile(path.join(migrationsDir, lockPath), 'utf8').catch(() => null)
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => [])
  const migrationDirectories = []
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await fs.readFile(path.join(migrationsDir, entry.name, 'migration.sql'), 'utf8').then(
      (value) => ({ tag: 'ok' as const, value }),
      (e: Error) => ({ tag: 'error' as const, value: e.message }),
    )
    migrationDirectories.push({ path: entry.name, migrationFile: { path: 'migration.sql', content } })
  }
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockPath, content: lockContent },
    migrationDirectories,
    shadowDbInitScript: '',
  }
}

export type MigrateCommand = 'deploy' | 'dev' | 'status'

/** Runs one migration command against DATABASE_URL (or the given url). Returns the applied migration names. */
export async function migrate(command: MigrateCommand, options: { url?: string; name?: string; log?: (m: string) => void } = {}) {
  const log = options.log ?? ((m: string) => console.log(m))
  const target = resolveDatabaseTarget(options.url ?? process.env.DATABASE_URL)
  const opened: Disposable[] = []
  if (target.kind === 'pglite' && !target.dir.startsWith('memory://')) await fs.mkdir(target.dir, { recursive: true })
  const factory =
    target.kind === 'pglite' ? pgliteFactory(target.dir, opened) : postgresFactory(target.url, opened)
  const adapter = bindMigrationAwareSqlAdapterFactory(factory as unknown as SqlMigrationAwareDriverAdapterFactory)
  const SchemaEngine = await loadSchemaEngine()
  const schemaContent = await fs.readFile(schemaPath, 'utf8')
  const debug = (m: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error('[schema-engine]', m)
  }
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schemaContent]] }, debug, adapter)
  const applied: string[] = []
  try {
    // Applying first creates _prisma_migrations: the engine's diagnostic fails on a database without it (P1014).
    const first = await engine.applyMigrations({ migrationsList: await readMigrations(), filters })
    applied.push(...first.appliedMigrationNames)
    if (command === 'status') {
      log(JSON.stringify(await engine.diagnoseMigrationHistory({ migrationsList: await readMigrations(), optInToShadowDatabase: false, filters }), null, 2))
    }
    if (command === 'dev') {
      const diagnostic = await engine.devDiagnostic({ migrationsList: await readMigrations(), filters })
      if (diagnostic.action.tag === 'reset') throw new Error(`Dérive détectée, la base doit être réinitialisée : ${diagnostic.action.reason}`)
      const out = await engine.createMigration({
        draft: false,
        migrationName: options.name ?? 'migration',
        migrationsList: await readMigrations(),
        schema: { files: [{ path: schemaPath, content: schemaContent }] },
        filters,
      })
      if (out.migrationScript === null) log('Schéma déjà à jour : aucune migration créée.')
      else {
        const dir = path.join(migrationsDir, out.generatedMigrationName)
        await fs.mkdir(dir, { recursive: true })
        await fs.writeFile(path.join(dir, `migration.${out.extension}`), out.migrationScript)
        await fs.writeFile(
          path.join(migrationsDir, 'migration_lock.toml'),
          `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${out.connectorType}"\n`,
        )
        log(`Migration créée : ${path.relative(root, dir)}`)
        const second = await engine.applyMigrations({ migrationsList: await readMigrations(), filters })
        applied.push(...second.appliedMigrationNames)
      }
    }
    return applied
  } catch (error) {
    const match = /External error id#(\d+)/.exec(String((error as Error)?.message))
    if (match) console.error('Erreur du driver :', adapter.errorRegistry.consumeError(Number(match[1]))?.error)
    throw error
  } finally {
    engine.free?.()
    await Promise.allSettled(opened.map((d) => d.dispose()))
  }
}
