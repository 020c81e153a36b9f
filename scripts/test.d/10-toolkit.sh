#!/usr/bin/env bash
# Lint, type-check, build and unit/integration tests of the crm-devex packages.
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
bash scripts/install-system-deps.sh
npx eslint .
npx tsc -p tsconfig.json
npm run build --silent
npx vitest run
