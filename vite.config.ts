import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vitest/config'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

// Vitest cannot run the Remix plugin (it needs the HMR preamble), so tests get a plain config.
const isVitest = Boolean(process.env.VITEST)

export default defineConfig({
  resolve: { alias: { '~': new URL('./app', import.meta.url).pathname } },
  server: { port: Number(process.env.PORT ?? 3000) },
  plugins: isVitest
    ? []
    : [
        remix({
          // Separate build folders let several e2e servers (and developers) build side by side.
          buildDirectory: process.env.BUILD_DIR ?? 'build',
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
        }),
      ],
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/setup-each.ts', 'tests/setup/custom-matchers.ts'],
    testTimeout: 30_000,
    // No retries: a timing-sensitive test is fixed, not run again until it passes.
    retry: 0,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
