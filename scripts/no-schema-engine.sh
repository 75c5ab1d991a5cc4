#!/bin/sh
echo "The native Prisma schema engine is not installed here: use 'npm run db:migrate -- <name>' or 'npm run db:deploy' (WASM engine)." >&2
exit 1
