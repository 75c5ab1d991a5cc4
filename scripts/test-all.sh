#!/usr/bin/env bash
# The whole test suite: Vitest on PGlite, Vitest again on PostgreSQL (when a server answers), Playwright with
# JavaScript on and off. Ends with the total line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
# One folder per run: two runs side by side must not mix their reports.
reports="tests/.tmp/reports-$$"
rm -rf "$reports" && mkdir -p "$reports"
status=0

echo "== Construction de l'application"
npx remix vite:build >/dev/null || { echo "La construction a échoué"; exit 1; }

echo "== Vitest sur PGlite"
TEST_DB=pglite npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-pglite.json" || status=1

pg_url="${TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).catch(()=>process.exit(1))" "$pg_url"; then
  echo "== Vitest sur PostgreSQL ($pg_url)"
  TEST_DB=postgres TEST_PG_URL="$pg_url" npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-postgres.json" || status=1
else
  echo "== PostgreSQL injoignable sur $pg_url : suite PostgreSQL non lancée"
  [ "${CI:-}" = "true" ] && status=1
fi

echo "== Playwright (JavaScript activé et désactivé)"
PW_JSON="$reports/playwright.json" npx playwright test || status=1

node scripts/test-summary.mjs "$reports" || status=1
exit $status
