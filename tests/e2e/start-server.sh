#!/usr/bin/env bash
# Starts the built app for Playwright on a fresh embedded database with demo data (the n8n simulator starts with it).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="tests/.tmp/e2e-db-${E2E_PORT}"
rm -rf "$dir"
export DATABASE_URL="pglite:$dir" PORT="${E2E_PORT}" HOST=127.0.0.1 LOGIN_MAX_ATTEMPTS=50
export BUILD_DIR="tests/.tmp/build-${E2E_PORT}"
npx remix vite:build >/dev/null
npx tsx scripts/prepare-db.ts
exec node server.js
