#!/usr/bin/env bash
# Lint, type-check, build and unit/integration tests of the crm-devex packages.
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
bash scripts/install-system-deps.sh
# Tools some vitest files run, installed (and cached) here rather than inside a test, where a first
# download and build on a fresh machine would race the test's timeout: actionlint for
# packages/cli/test/preview/docs.test.ts, the coverage.py venvs for coverage-gate/real-tools.test.ts.
bash scripts/install-go-tools.sh actionlint >/dev/null
for venv in "" "coverage-7.4 coverage==7.4.4" "coverage-6.5 coverage==6.5.0"; do
  # shellcheck disable=SC2086 # the name and its pins are two words
  bash packages/cli/test/coverage-gate/tools/python-venv.sh $venv >/dev/null
done
npx eslint .
npx tsc -p tsconfig.json
npm run build --silent
npx vitest run
