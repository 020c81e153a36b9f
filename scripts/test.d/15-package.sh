#!/usr/bin/env bash
# The packed npm tarball, installed into an empty project, works (issue 2).
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
[ -f packages/cli/dist/bin.js ] || npm run build --silent
npx vitest run --config vitest.e2e.config.ts
