#!/usr/bin/env bash
# `npm run bench`: builds the CLI, then runs every scripts/bench.d/NN-name.sh.
# Each bench prints our figure beside a peer's from the same run; inputs it
# downloads or generates live under .cache/bench (never committed).
# Usage: npm run bench [-- NAME…]   (NAME matches a bench file, e.g. startup)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CRM_DEVEX_ROOT="$root"
export PATH="$root/.cache/go-bin:$PATH"
mkdir -p .cache/bench
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build --silent >/dev/null
status=0
for bench in scripts/bench.d/*.sh; do
  name="$(basename "$bench" .sh)"
  if [ $# -gt 0 ]; then
    match=0
    for wanted in "$@"; do [[ "$name" == *"$wanted"* ]] && match=1; done
    [ $match -eq 1 ] || continue
  fi
  echo
  echo "=== bench $name ==="
  bash "$bench" || { echo "bench $name failed"; status=1; }
done
exit $status
