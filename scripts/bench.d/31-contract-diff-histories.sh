#!/usr/bin/env bash
# contract-diff beside oasdiff on real spec histories from the npm registry (Figma, Blockfrost, GitHub webhooks,
# Ideal Postcodes YAML; Directus, GitHub JSON; GitHub dumped to YAML): agreement on verdicts and
# on breaking operations, disagreements by rule, median wall time and peak RSS per pair.
# CONTRACT_DIFF_HISTORIES="figma github" limits the histories; CONTRACT_DIFF_BENCH_VERBOSE=1 lists
# every disagreeing operation (always written to .cache/bench/contract-diff/histories/disagreements.txt).
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
bash scripts/install-system-deps.sh
oasdiff_bin="$(bash scripts/install-go-tools.sh oasdiff)/oasdiff"
[ -f "$root/packages/cli/dist/bin.js" ] || npm run build --silent >/dev/null
# shellcheck disable=SC2086 # a list of history names
CRM_DEVEX_ROOT="$root" node "$root/bench/contract-diff/histories.mjs" "$oasdiff_bin" "$root/packages/cli/dist/bin.js" ${CONTRACT_DIFF_HISTORIES:-}
