#!/usr/bin/env bash
# coverage-gate against the example CRM's real coverage runs (issue 6): the per-module and per-file
# figures the gate computes from the backend's Cobertura, JSON and LCOV reports equal what `coverage report`
# prints from the same .coverage data, and those from the frontend's lcov.info / coverage-final.json
# equal Vitest's own text table from the same run. (The fixture-project tests with coverage.py and
# Vitest run in 10-toolkit; their Python venv is cached under .cache/coverage-gate/venv.)
# Needs the backend's pytest-cov run (20-example-backend); runs it when its outputs are missing.
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
export CRM_DEVEX_ROOT="$root"
bash packages/cli/test/coverage-gate/tools/python-venv.sh >/dev/null
backend="$root/examples/crm/backend"
frontend="$root/examples/crm/frontend"
work="$root/.cache/coverage-gate/crm"
rm -rf "$work" && mkdir -p "$work/backend-tables"

# Backend: the reports and the .coverage data of one pytest-cov run.
if [ ! -s "$backend/coverage.xml" ] || [ ! -s "$backend/coverage.json" ] || [ ! -s "$backend/coverage.lcov" ] || [ ! -f "$backend/.coverage" ]; then
  echo "50-coverage-gate: backend coverage missing; running examples/crm/backend/scripts/test"
  "$backend/scripts/test" >/dev/null || { echo "50-coverage-gate: the backend tests failed; see 20-example-backend" >&2; exit 1; }
fi
# The tables and the three reports come from that run's .coverage data, written here by coverage.py
# itself (what pytest-cov calls), so they pair up even if a later run rewrote a file in between.
mkdir -p "$work/backend"
cp "$backend/.coverage" "$work/backend/.coverage"
py="$backend/.venv/bin/python"
(
  cd "$backend"
  data="$work/backend/.coverage"
  "$py" -m coverage xml -q --data-file="$data" -o "$work/backend/coverage.xml"
  "$py" -m coverage json -q --data-file="$data" -o "$work/backend/coverage.json"
  "$py" -m coverage lcov -q --data-file="$data" -o "$work/backend/coverage.lcov"
  for module in auth payments clients properties; do
    "$py" -m coverage report --data-file="$data" --precision=2 --include="app/$module/*" > "$work/backend-tables/$module.txt"
  done
)

# Frontend: Vitest's per-file text table plus lcov/json from the same run (into frontend/coverage,
# where the example's config reads them; 70-example-frontend rewrites them the same way).
stamp="$frontend/node_modules/.crm-frontend-lock-hash"
want="$(cat "$frontend/package-lock.json" <(node -p 'process.versions.node.split(".")[0]') | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd "$frontend" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund) >/dev/null
  echo "$want" > "$stamp"
fi
(cd "$frontend" && NO_COLOR=1 npx vitest run --coverage --coverage.reporter=text --coverage.reporter=lcov --coverage.reporter=json) > "$work/frontend-vitest.txt" 2>&1 \
  || { cat "$work/frontend-vitest.txt" >&2; exit 1; }

[ -f packages/cli/dist/bin.js ] || npm run build --silent
CRM_BACKEND_REPORTS="$work/backend" CRM_BACKEND_TABLES="$work/backend-tables" CRM_FRONTEND_TEXT="$work/frontend-vitest.txt" CRM_FRONTEND_COVERAGE="$frontend/coverage" \
  npx vitest run --config packages/cli/test/coverage-gate/vitest.crm.config.ts
