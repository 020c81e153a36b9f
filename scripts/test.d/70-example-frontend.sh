#!/usr/bin/env bash
# examples/crm/frontend (issue 11): lint, type-check, unit tests with coverage (lcov + json in
# frontend/coverage/, read by the example's coverage gate), production build, and the browser
# test (Debian's chromium via playwright-core against the real backend; screenshots in
# frontend/test-results/browser/).
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
bash scripts/install-system-deps.sh   # chromium, and the backend's python3.11 needs nothing from npm
cd examples/crm/frontend

# Dependencies: reinstall only when the lockfile or Node's major version changed.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # playwright-core never downloads; belt and braces
stamp="node_modules/.crm-frontend-lock-hash"
want="$(cat package-lock.json <(node -p 'process.versions.node.split(".")[0]') | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "70-example-frontend: npm ci (lockfile changed or first run)"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi

# Each step prints its wall time, so a slow suite shows where the time went.
step() {
  local name="$1" started=$SECONDS; shift
  echo "--- frontend: $name"
  "$@"
  echo "--- frontend: $name done in $((SECONDS - started)) s"
}
step eslint     npx eslint .
step tsc        npm run --silent typecheck
step vitest     npx vitest run --coverage
step "vite build" env VITE_API_BASE_URL="${VITE_API_BASE_URL:-https://api.crm.example.com}" npx vite build --logLevel warn
step browser    node e2e/run.mjs
