import path from 'node:path'
import { defineConfig } from 'prisma/config'

// The CLI would download a native schema engine; these machines cannot. `generate`, `validate` and `format` only
// need the variable to point at an existing file. Migrations go through scripts/migrate.ts (WASM engine).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, 'scripts/no-schema-engine.sh')

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
})
