#!/usr/bin/env bash
# The one test command (README quick start, .ci/run): installs what the suites
# need, then runs every suite in scripts/test.d in order. Each suite is a script
# that installs its own tools (cached) and exits non-zero on failure. All suites
# run even when one fails, so one run shows every broken area.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CRM_DEVEX_ROOT="$root"
export PATH="$root/.cache/go-bin:$PATH"

# Node dependencies for the workspace: reinstall only when the lockfile changed.
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.crm-devex-lock-hash ] || [ "$(cat node_modules/.crm-devex-lock-hash)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund || exit 1
  echo "$lock_hash" > node_modules/.crm-devex-lock-hash
fi

passed=0
failed=0
failed_names=()
for suite in scripts/test.d/*.sh; do
  name="$(basename "$suite" .sh)"
  echo
  echo "=== suite $name ==="
  started=$(date +%s)
  if bash "$suite"; then
    passed=$((passed + 1))
    echo "=== suite $name passed in $(( $(date +%s) - started )) s ==="
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "=== suite $name FAILED in $(( $(date +%s) - started )) s ==="
  fi
done
echo
[ "$failed" -eq 0 ] || echo "failed suites: ${failed_names[*]}"
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
