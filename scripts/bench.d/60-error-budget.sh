#!/usr/bin/env bash
# error-budget throughput: our full SLO computation over >= 1 GB of JSON request logs,
# next to a plain `jq -c 'select(.status >= 500)' | wc -l` pass over the same file.
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
bash scripts/install-system-deps.sh
[ -f packages/cli/dist/bin.js ] || npm run build --silent >/dev/null
dir=.cache/bench/error-budget
file="$dir/api-30d.jsonl"
target_bytes=${ERROR_BUDGET_BENCH_BYTES:-1100000000}
mkdir -p "$dir"
if [ ! -f "$file" ] || [ "$(stat -c %s "$file")" -lt "$target_bytes" ]; then
  echo "error-budget bench: generating $target_bytes bytes of request logs in $file" >&2
  TARGET="$target_bytes" OUT="$file.tmp" node --input-type=module - <<'JS'
import { openSync, writeSync, closeSync, renameSync } from "node:fs";
// 30 days of traffic, one JSON line per request, shaped like the example backend's structlog lines.
// A 4,000-line block of bodies is built once and stamped with timestamps, so generation is I/O-bound.
const target = Number(process.env.TARGET);
const out = process.env.OUT;
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const paths = ["/api/v1/clients", "/api/v1/properties", "/api/v1/viewings", "/api/v1/tenancies/42", "/api/v1/payments", "/health"];
const bodies = Array.from({ length: 4000 }, (_, i) => {
  const status = rnd() < 0.0004 ? 500 : rnd() < 0.02 ? 404 : 200;
  const latency = Math.round(Math.exp(Math.log(60) + 0.8 * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())) * 1000) / 1000;
  const path = paths[i % paths.length];
  return `","level":"${status >= 500 ? "error" : "info"}","event":"request","method":"GET","path":"${path}","status":${status},"latency_ms":${latency},"request_id":"${(i * 2654435761 >>> 0).toString(16).padStart(8, "0")}-7f3a-4c1e-9b2d-${i.toString(16).padStart(12, "0")}","user_id":"u-${i % 97}"}\n`;
});
const outage = (line) => line.replace('"status":200', '"status":503').replace('"level":"info"', '"level":"error"');
const start = Date.UTC(2026, 9, 26);
const approxLine = bodies.reduce((n, b) => n + b.length, 0) / bodies.length + 40;
const lines = Math.ceil(target / approxLine);
const spanMs = 30 * 24 * 3600 * 1000;
const fd = openSync(out, "w");
let chunk = "";
for (let i = 0; i < lines; i++) {
  const t = start + Math.floor((i / lines) * spanMs);
  const minute = Math.floor((t - start) / 60000);
  let body = bodies[i % bodies.length];
  if (minute >= 20000 && minute < 20025) body = outage(body); // a 25-minute outage: 57.9% of a 30d budget
  chunk += `{"timestamp":"${new Date(t).toISOString()}${body}`;
  if (chunk.length > 4_000_000) { writeSync(fd, chunk); chunk = ""; }
}
writeSync(fd, chunk);
closeSync(fd);
renameSync(out, out.replace(/\.tmp$/, ""));
JS
fi
bytes=$(stat -c %s "$file")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1048576 }')
cores=$(nproc)
# Wall-clock and CPU seconds of one command (bash's time builtin: "real user sys").
measure() {
  local TIMEFORMAT="%R %U %S"
  { time "$@" >/dev/null 2>&1; } 2>&1 | tail -1
}
row() {
  awk -v name="$1" -v mb="$mb" -v real="$2" -v user="$3" -v sys="$4" 'BEGIN {
    printf "  %-50s %7.2f s wall %8.1f MB/s   %7.2f s CPU %8.1f MB/s per CPU-second\n", name, real, mb / real, user + sys, mb / (user + sys) }'
}
# Warm the page cache once so every contender reads from memory.
cat "$file" >/dev/null
# shellcheck disable=SC2046
set -- $(measure node packages/cli/dist/bin.js error-budget --logs "$file" --format json --output "$dir/report.json")
ours=("$@")
# shellcheck disable=SC2046
set -- $(measure node packages/cli/dist/bin.js error-budget --logs "$file" --threads 1 --format json)
ours1=("$@")
# shellcheck disable=SC2046
set -- $(measure sh -c "jq -c 'select(.status >= 500)' '$file' | wc -l >'$dir/jq-count.txt'")
jqt=("$@")
jq_count=$(tr -d ' ' <"$dir/jq-count.txt")
report() { node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const s=Object.fromEntries(r.slos.map(x=>[x.name,x]));console.log(eval(process.argv[2]))' "$dir/report.json" "$1"; }
echo "error-budget over $mb MB of JSON request logs ($(wc -l <"$file" | tr -d ' ') lines), $cores cores, load average $(cut -d' ' -f1 /proc/loadavg):"
row "crm-devex error-budget (3 SLOs, $cores reader threads)" "${ours[@]}"
row "crm-devex error-budget --threads 1" "${ours1[@]}"
row "jq -c 'select(.status >= 500)' | wc -l" "${jqt[@]}"
echo "  5xx lines: jq $jq_count (all paths); crm-devex $(report 's["error-rate"].measured.errors') (excluding /health)"
echo "  availability: $(report 's.availability.budgetConsumedPercent + "% of the 30d budget used (" + s.availability.measured.downMinutes + " minutes down), " + s.availability.status')"
