#!/usr/bin/env bash
# error-budget against real tools: promtool validates the generated rules; the built
# bundle's worker threads read a large log exactly as one thread does; and the example
# API under traffic, scraped by a real prometheus, gives the same SLIs through
# --prometheus as through --logs (packages/cli/test/error-budget/prometheus.e2e.ts).
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
bash scripts/install-system-deps.sh
for tool in prometheus promtool jq python3.11; do
  command -v "$tool" >/dev/null 2>&1 || { echo "60-error-budget: $tool is missing (scripts/install-system-deps.sh installs prometheus and jq; the example backend needs python3.11)" >&2; exit 1; }
done
[ -f packages/cli/dist/bin.js ] || npm run build --silent
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cli() { node packages/cli/dist/bin.js "$@"; }

echo "error-budget: promtool check rules on the generated rules"
cli error-budget rules >"$tmp/rules.yaml"
promtool check rules "$tmp/rules.yaml"
cli error-budget dashboard >"$tmp/dashboard.json"
jq -e '[.panels[].title] | length == 7' "$tmp/dashboard.json" >/dev/null

echo "error-budget: worker threads over a 70 MB log agree with one thread"
node --input-type=module - "$tmp/big.jsonl" <<'JS'
import { openSync, writeSync, closeSync } from "node:fs";
const fd = openSync(process.argv[2], "w");
const start = Date.UTC(2026, 10, 1);
let chunk = "";
for (let i = 0; i < 330_000; i++) {
  const minute = Math.floor(i / 40);
  const status = minute >= 4000 && minute < 4012 ? 503 : i % 997 === 0 ? 500 : i % 50 === 0 ? 404 : 200;
  chunk += `{"timestamp":"${new Date(start + i * 1500).toISOString()}","level":"info","event":"request","method":"GET","path":"${i % 9 === 0 ? "/health" : "/api/clients"}","status":${status},"latency_ms":${(i * 7919) % 900}.5,"request_id":"${i.toString(16).padStart(32, "0")}","user_id":null,"padding":"${"x".repeat(i % 50)}"}\n`;
  if (i % 50_000 === 0) chunk += "corrupted line\n";
  if (chunk.length > 1 << 22) { writeSync(fd, chunk); chunk = ""; }
}
writeSync(fd, chunk);
closeSync(fd);
JS
stat -c '  %s bytes' "$tmp/big.jsonl"
# The whole report must match, warnings included: their file:line examples are where a worker's
# line offset would go wrong, and the window end is the latest timestamp any worker saw.
cli error-budget --logs "$tmp/big.jsonl" --threads 2 --format json 2>"$tmp/stderr-2.log" | jq -S . >"$tmp/two.json"
cli error-budget --logs "$tmp/big.jsonl" --threads 1 --format json 2>"$tmp/stderr-1.log" | jq -S . >"$tmp/one.json"
diff "$tmp/one.json" "$tmp/two.json"
jq -e '.skippedLines == 7 and .slos[0].measured.downMinutes == 12 and (.skippedExamples[1] | endswith("big.jsonl:50003 (not valid JSON)"))' "$tmp/one.json" >/dev/null

echo "error-budget: --prometheus agrees with --logs on the example API (real prometheus)"
npx vitest run --config packages/cli/test/error-budget/vitest.prometheus.config.ts
