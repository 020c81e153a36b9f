#!/usr/bin/env bash
# secret-scan recall and negatives flagged on the peers' OWN hand-written fixtures, gitleaks 8.30.1 beside us in
# the same run (issue 16): gitleaks' rule generator tps/fps (cmd/generate/config/rules/*.go), secretlint's rule
# snapshots, detect-secrets' plugin test tables, trufflehog's detector pattern tests — one file per sample,
# written by scripts/bench.d/secret-peer-fixtures.mjs under .cache/bench (never committed).
#
# Where the peers come from:
#   gitleaks   the v8.30.1 module source that `go install` (scripts/install-go-tools.sh) leaves in the Go module
#              cache; its generator is run twice with utils.Validate patched to dump each rule's samples (a sample
#              that differs between the two runs is random output of secrets.NewSecret(regex) and is left out).
#   others     PEER_CHECKOUTS=DIR with secretlint/, detect-secrets/, trufflehog/ checkouts (or the
#              owner+name/repo git mirrors of the `fetch` tool), else a shallow clone of each under .cache/bench.
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
bench="$root/.cache/bench"
mkdir -p "$bench"
gobin="$(bash scripts/install-go-tools.sh gitleaks)"
gitleaks="$gobin/gitleaks"
crm="node $root/packages/cli/dist/bin.js"
[ -f packages/cli/dist/bin.js ] || npm run build --silent

# gitleaks' generator samples, from the module source of the very version we run.
modsrc="$(go env GOMODCACHE)/github.com/zricethezav/gitleaks/v8@v8.30.1"
[ -d "$modsrc/cmd/generate/config/rules" ] || go mod download github.com/zricethezav/gitleaks/v8@v8.30.1
gen="$bench/gitleaks-generator-8.30.1"
if [ ! -f "$gen/.patched" ]; then
  rm -rf "$gen"
  cp -r "$modsrc" "$gen"
  chmod -R u+w "$gen"
  node "$root/scripts/bench.d/secret-peer-gitleaks-patch.mjs" "$gen/cmd/generate/config/utils"
  touch "$gen/.patched"
fi
for run in 1 2; do
  rm -f "$bench/gitleaks-samples-$run.jsonl"
  (cd "$gen/cmd/generate/config" && GOFLAGS=-mod=mod GITLEAKS_SAMPLES_OUT="$bench/gitleaks-samples-$run.jsonl" go run . "$bench/gitleaks-generated.toml" >/dev/null)
done

# The other three peers' sources.
checkout() { # name owner/repo
  local name="$1" repo="$2" dir
  for dir in "${PEER_CHECKOUTS:-/nonexistent}/$name" "${PEER_CHECKOUTS:-/nonexistent}/${repo/\//+}/repo"; do
    if [ -d "$dir/.git" ] || [ -f "$dir/HEAD" ]; then
      if [ -f "$dir/HEAD" ] && [ ! -d "$dir/.git" ]; then # a bare mirror: export its HEAD once
        local into="$bench/peers/$name"
        rm -rf "$into" && mkdir -p "$into"
        git -C "$dir" archive HEAD "${3:-.}" | tar -x -C "$into"
        echo "$into"
        return
      fi
      echo "$dir"
      return
    fi
  done
  local into="$bench/peers/$name"
  [ -d "$into/.git" ] || git clone -q --depth 1 "https://github.com/$repo.git" "$into" >&2
  echo "$into"
}
secretlint_src="$(checkout secretlint secretlint/secretlint packages)"
detect_secrets_src="$(checkout detect-secrets Yelp/detect-secrets)"
trufflehog_src="$(checkout trufflehog trufflesecurity/trufflehog pkg/detectors)"

corpus="$bench/secret-peer-fixtures"
node "$root/scripts/bench.d/secret-peer-fixtures.mjs" "$corpus" \
  "gitleaks=$bench/gitleaks-samples-1.jsonl,$bench/gitleaks-samples-2.jsonl" \
  "secretlint=$secretlint_src" "detect-secrets=$detect_secrets_src" "trufflehog=$trufflehog_src" > "$bench/secret-peer-fixtures.json"
# A tool that crashes writes no report: never score a stale one.
rm -f "$bench/peer-fixtures-crm-devex.json" "$bench/peer-fixtures-gitleaks.json"
(cd "$corpus" && hyperfine --style basic --runs "${BENCH_RUNS:-1}" -i --export-json "$bench/secret-peer-fixtures-time.json" \
  -n crm-devex "$crm secret-scan --no-git . --format json --output $bench/peer-fixtures-crm-devex.json" \
  -n gitleaks "$gitleaks dir . --no-banner --log-level error --exit-code 0 --report-format json --report-path $bench/peer-fixtures-gitleaks.json" >/dev/null)
node "$root/scripts/bench.d/secret-peer-score.mjs" "$corpus" "$bench/peer-fixtures-crm-devex.json" "$bench/peer-fixtures-gitleaks.json" \
  "$bench/secret-peer-fixtures.json" "$bench/secret-peer-fixtures-time.json" "${PEER_MISSES:-$bench/secret-peer-fixtures-misses.txt}"
