#!/usr/bin/env bash
# secret-scan beside gitleaks: recall and false positives on a generated corpus shaped after the peers'
# published rule catalogues (issue 16; scripts/bench.d/secret-corpus.mjs, one file per sample), throughput
# beside gitleaks and secretlint on the same tree (issue 4), and the time of a pre-commit `--staged` scan of a
# typical commit, Node start-up included.
#
# Tree: a hard-linked copy of this repo's node_modules under .cache/bench, with nested
# node_modules directories renamed, because secretlint refuses to enter node_modules even
# when asked; all three tools then read exactly the same files. Wall time is what users
# wait for; CPU time (user+sys) is printed too because a shared machine makes wall noisy.
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
bash scripts/install-system-deps.sh
bench="$root/.cache/bench"
mkdir -p "$bench"
gobin="$(bash scripts/install-go-tools.sh gitleaks)"
gitleaks="$gobin/gitleaks"
secretlint_dir="$bench/secretlint-11.7.1"
if [ ! -x "$secretlint_dir/node_modules/.bin/secretlint" ]; then
  mkdir -p "$secretlint_dir"
  echo '{"private":true}' > "$secretlint_dir/package.json"
  (cd "$secretlint_dir" && npm install --no-audit --no-fund --silent secretlint@11.7.1 @secretlint/secretlint-rule-preset-recommend@11.7.1 >&2)
fi
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$secretlint_dir/.secretlintrc.json"
secretlint="$secretlint_dir/node_modules/.bin/secretlint"
crm="node $root/packages/cli/dist/bin.js"
[ -f packages/cli/dist/bin.js ] || npm run build --silent

# Recall and false positives: which sample files each tool flags, and how long each took.
corpus="$bench/secret-corpus"
node "$root/scripts/bench.d/secret-corpus.mjs" "$corpus" >/dev/null
(cd "$corpus" && hyperfine --style basic --runs "${BENCH_RUNS:-3}" --warmup 1 -i --export-json "$bench/secret-corpus-time.json" \
  -n crm-devex "$crm secret-scan --no-git . --format json --output $bench/corpus-crm-devex.json" \
  -n gitleaks "$gitleaks dir . --no-banner --log-level error --exit-code 0 --report-format json --report-path $bench/corpus-gitleaks.json" >/dev/null)
node - "$bench" "$corpus" <<'NODE'
const { readFileSync, readdirSync } = require("node:fs");
const [bench, corpus] = process.argv.slice(2);
const sampleOf = (file) => file.replace(/^\.\//, "").split("/").slice(0, 2).join("/");
const flagged = {
  "crm-devex": new Set(JSON.parse(readFileSync(`${bench}/corpus-crm-devex.json`, "utf8")).findings.map((f) => sampleOf(f.file))),
  gitleaks: new Set(JSON.parse(readFileSync(`${bench}/corpus-gitleaks.json`, "utf8")).map((f) => sampleOf(f.File))),
};
const times = Object.fromEntries(JSON.parse(readFileSync(`${bench}/secret-corpus-time.json`, "utf8")).results.map((r) => [r.command, r]));
const samples = (kind) => readdirSync(`${corpus}/${kind}`).map((name) => `${kind}/${name}`);
const [pos, neg] = [samples("pos"), samples("neg")];
console.log(`corpus: ${pos.length} secrets, ${neg.length} look-alikes, one file each`);
console.log("tool        recall            false positives   wall s  cpu s");
for (const tool of ["crm-devex", "gitleaks"]) {
  const hit = pos.filter((s) => flagged[tool].has(s)).length;
  const fp = neg.filter((s) => flagged[tool].has(s)).length;
  const t = times[tool];
  console.log(`${tool.padEnd(10)}  ${`${hit}/${pos.length} (${((100 * hit) / pos.length).toFixed(1)}%)`.padEnd(16)}  ${`${fp}/${neg.length} (${((100 * fp) / neg.length).toFixed(1)}%)`.padEnd(16)}  ${t.mean.toFixed(2).padStart(6)}  ${(t.user + t.system).toFixed(2).padStart(5)}`);
}
NODE
echo

tree="$bench/secret-scan-tree"
if [ ! -d "$tree" ] || [ "$root/package-lock.json" -nt "$tree" ]; then
  rm -rf "$tree"
  mkdir -p "$tree"
  cp -al "$root/node_modules/." "$tree/"
  # Deepest first, so renaming a parent never hides a child.
  find "$tree" -depth -mindepth 1 -type d -name node_modules -exec sh -c 'mv "$1" "$(dirname "$1")/node_modules_"' _ {} \;
fi
files=$(find "$tree" -type f | wc -l)
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "tree: $files files, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1048576}') MiB (copy of node_modules)"

cd "$tree"
# No size cap for us (default 5 MiB) so all three read the same bytes. Ours first with a warm-up, which also warms the page cache for the peers. The peers take
# minutes on this tree (gitleaks decodes base64 recursively, secretlint runs every rule on
# every file), so they get one timed run each unless BENCH_PEER_RUNS says otherwise.
hyperfine --style basic --runs "${BENCH_RUNS:-3}" --warmup 1 -i --export-json "$bench/secret-scan-tree-crm-devex.json" \
  -n crm-devex "$crm secret-scan --no-git . --max-file-size 1073741824 --format json --output $bench/crm-devex.json" >/dev/null
hyperfine --style basic --runs "${BENCH_PEER_RUNS:-1}" -i --export-json "$bench/secret-scan-tree-gitleaks.json" \
  -n gitleaks "$gitleaks dir . --no-banner --log-level error --exit-code 0 --report-format json --report-path $bench/gitleaks.json" >/dev/null
hyperfine --style basic --runs "${BENCH_PEER_RUNS:-1}" -i --export-json "$bench/secret-scan-tree-secretlint.json" \
  -n secretlint "$secretlint --secretlintrc $secretlint_dir/.secretlintrc.json --format json --output $bench/secretlint.json '**/*'" >/dev/null
cd "$root"

node - "$bench" "$files" "$bytes" <<'NODE'
const { readFileSync } = require("node:fs");
const [bench, files, bytes] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const load = (name) => JSON.parse(readFileSync(`${bench}/${name}`, "utf8")).results;
const results = ["crm-devex", "gitleaks", "secretlint"].flatMap((tool) => load(`secret-scan-tree-${tool}.json`));
const count = {
  "crm-devex": () => JSON.parse(readFileSync(`${bench}/crm-devex.json`, "utf8")).findings.length,
  gitleaks: () => JSON.parse(readFileSync(`${bench}/gitleaks.json`, "utf8")).length,
  secretlint: () => {
    // secretlint --format json writes an array of {filePath, messages}; an empty run may write nothing.
    try {
      return JSON.parse(readFileSync(`${bench}/secretlint.json`, "utf8")).reduce((n, file) => n + file.messages.length, 0);
    } catch {
      return "?";
    }
  },
};
const rows = results.map((r) => {
  const found = count[r.command]();
  const cpu = r.user + r.system;
  return [r.command, r.mean.toFixed(2), cpu.toFixed(2), Math.round(files / r.mean), (bytes / 1048576 / r.mean).toFixed(1), (bytes / 1048576 / cpu).toFixed(1), String(found)];
});
const head = ["tool", "wall s", "cpu s", "files/s", "MB/s", "MB/cpu-s", "findings"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
for (const row of [head, ...rows]) console.log(row.map((cell, i) => String(cell).padStart(widths[i])).join("  "));
const ours = results.find((r) => r.command === "crm-devex").mean;
for (const peer of results.filter((r) => r.command !== "crm-devex")) console.log(`crm-devex vs ${peer.command}: ${(peer.mean / ours).toFixed(1)}x the throughput (wall)`);
NODE

# A typical commit: 5 modified source files and 1 new one, staged in a repo of this CLI's sources.
repo="$bench/secret-scan-staged"
rm -rf "$repo"
mkdir -p "$repo"
cp -r "$root/packages/cli/src" "$repo/src"
(
  cd "$repo"
  git init -q -b main
  git add -A
  git -c user.name=bench -c user.email=bench@crm.invalid commit -qm base
  for file in $(git ls-files 'src/commands/*.ts' | head -5); do echo "// touched by the bench" >> "$file"; done
  printf 'export const retries = 3;\nexport const region = "eu-west-2";\n' > src/new-setting.ts
  git add -A
)
echo
echo "pre-commit scan of a typical commit (6 staged files), Node start-up included:"
cd "$repo"
hyperfine --style basic --runs "${BENCH_RUNS_STAGED:-15}" --warmup 2 -i --export-json "$bench/secret-scan-staged.json" \
  -n "node -e 0 (start-up floor)" "node -e 0" \
  -n "crm-devex secret-scan --staged" "$crm secret-scan --staged" \
  -n "gitleaks git --pre-commit --staged" "$gitleaks git --pre-commit --staged --no-banner --log-level error" >/dev/null
# shellcheck disable=SC2016 # a JavaScript template literal, not shell
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).results;
for (const x of r) console.log(`${x.command.padEnd(36)} mean ${(x.mean * 1000).toFixed(0).padStart(5)} ms   min ${(x.min * 1000).toFixed(0).padStart(5)} ms`);
' "$bench/secret-scan-staged.json"
