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
now() { date +%s.%N; }
rate() { awk -v mb="$mb" -v s="$1" 'BEGIN { printf "%.1f", mb / s }'; }
sync
# Warm the page cache once so both contenders read from memory.
cat "$file" >/dev/null
t0=$(now)
node packages/cli/dist/bin.js error-budget --logs "$file" --format json --output "$dir/report.json" >/dev/null 2>"$dir/stderr.log"
t1=$(now)
ours=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
t0=$(now)
node packages/cli/dist/bin.js error-budget --logs "$file" --threads 1 --format json >/dev/null 2>/dev/null
t1=$(now)
ours1=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
t0=$(now)
jq_count=$(jq -c 'select(.status >= 500)' "$file" | wc -l)
t1=$(now)
jqs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
ours_5xx=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const e=r.slos.find(s=>s.name==="error-rate");console.log(e.measured.errors)' "$dir/report.json")
availability=$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const a=r.slos.find(s=>s.name==="availability");console.log(a.budgetConsumedPercent+"% of budget, "+a.status)' "$dir/report.json")
echo "error-budget over $mb MB of JSON logs ($(wc -l <"$file" | tr -d ' ') lines, $cores cores):"
printf '  %-52s %8s s  %8s MB/s\n' "crm-devex error-budget (all SLOs, $cores threads)" "$ours" "$(rate "$ours")"
printf '  %-52s %8s s  %8s MB/s\n' "crm-devex error-budget --threads 1" "$ours1" "$(rate "$ours1")"
printf '  %-52s %8s s  %8s MB/s\n' "jq -c 'select(.status >= 500)' | wc -l" "$jqs" "$(rate "$jqs")"
echo "  5xx lines: jq $jq_count (all paths), crm-devex $ours_5xx (excluding /health); availability: $availability"
