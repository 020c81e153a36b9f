#!/usr/bin/env bash
# contract-diff beside oasdiff on GitHub's REST API description: @octokit/openapi 22.0.0 → 23.0.2
# (package/generated/api.github.com.json, 12–13 MB each). Both tools run on the same files in the
# same run, 3 times each; we print the median wall time, CPU time and peak RSS (/usr/bin/time -v).
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
bash scripts/install-system-deps.sh
oasdiff_bin="$(bash scripts/install-go-tools.sh oasdiff)/oasdiff"
cache="$root/.cache/bench/contract-diff"
mkdir -p "$cache"
runs="${CONTRACT_DIFF_BENCH_RUNS:-3}"

spec_for() {
  local version="$1" dir="$cache/octokit-openapi-$1"
  if [ ! -s "$dir/package/generated/api.github.com.json" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack "@octokit/openapi@$version" --silent >/dev/null 2>&1 && tar xzf "octokit-openapi-$version.tgz" package/generated/api.github.com.json)
  fi
  echo "$dir/package/generated/api.github.com.json"
}
base="$(spec_for 22.0.0)"
head="$(spec_for 23.0.2)"
[ -f "$root/packages/cli/dist/bin.js" ] || npm run build --silent >/dev/null

# measure NAME CMD…: run CMD $runs times (exit 0 or 1 expected: 1 = breaking changes found),
# keep the output of the last run in $cache/NAME.out, print "wall_s cpu_s rss_mb" medians.
measure() {
  local name="$1"
  shift
  local samples="$cache/$name.samples"
  : >"$samples"
  for _ in $(seq "$runs"); do
    local status=0
    /usr/bin/time -v -o "$cache/$name.time" "$@" >"$cache/$name.out" 2>"$cache/$name.err" || status=$?
    if [ "$status" -gt 1 ]; then
      echo "$name failed (exit $status):" >&2
      cat "$cache/$name.err" "$cache/$name.time" >&2
      return 1
    fi
    awk -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
      /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 / 1024 }
      END { printf "%.2f %.2f %.0f\n", wall, user + sys, rss }' "$cache/$name.time" >>"$samples"
  done
  local m=$(((runs + 1) / 2)) column
  for column in 1 2 3; do cut -d' ' -f"$column" "$samples" | sort -n | sed -n "${m}p"; done | paste -sd' '
}

ours="$(measure crm-devex node "$root/packages/cli/dist/bin.js" contract-diff "$base" "$head" --format json)"
theirs="$(measure oasdiff "$oasdiff_bin" breaking "$base" "$head")"
# shellcheck disable=SC2016 # a JavaScript template literal, not a shell expansion
our_breaking="$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${r.counts.breaking} breaking, ${r.counts.warning} warning (${new Set(r.changes.filter((c) => c.level === "breaking").map((c) => c.operation)).size} operations)`)' "$cache/crm-devex.out")"
their_breaking="$(head -1 "$cache/oasdiff.out" | sed -E 's/^[0-9]+ changes: ([0-9]+) error, ([0-9]+) warning.*/\1 error, \2 warning/')"

printf '\nGitHub REST API description, @octokit/openapi 22.0.0 → 23.0.2 (%s + %s bytes), median of %s runs\n' "$(wc -c <"$base")" "$(wc -c <"$head")" "$runs"
printf '%-26s %9s %9s %13s   %s\n' "tool" "wall (s)" "CPU (s)" "peak RSS (MB)" "reported"
read -r w c r <<<"$ours"
printf '%-26s %9s %9s %13s   %s\n' "crm-devex contract-diff" "$w" "$c" "$r" "$our_breaking"
read -r w c r <<<"$theirs"
printf '%-26s %9s %9s %13s   %s\n' "oasdiff breaking ($(go version -m "$oasdiff_bin" 2>/dev/null | awk '$1 == "mod" { print $3 }'))" "$w" "$c" "$r" "$their_breaking"
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); full outputs in ${cache#"$root"/}/crm-devex.out and oasdiff.out)"
node "$root/bench/contract-diff/compare.mjs" "$cache/crm-devex.out" "$cache/oasdiff.out"
