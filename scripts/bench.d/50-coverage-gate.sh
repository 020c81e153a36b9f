#!/usr/bin/env bash
# coverage-gate on a synthetic 20,000-file repository (issue 6): an LCOV tracefile and the matching
# Cobertura XML, gated per module and on the changed lines of a 300-file branch. Prints our wall
# time and peak RSS beside diff-cover's (pinned, in a cached venv) on the same input, same run.
# Inputs are generated once into .cache/bench/coverage-gate (never committed).
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
bench="$root/.cache/bench/coverage-gate"
repo="$bench/repo"
cli="$root/packages/cli/dist/bin.js"
[ -f "$cli" ] || npm run build --silent
mkdir -p "$bench"

# diff-cover, pinned, in its own cached venv.
venv="$root/.cache/bench/diff-cover-venv"
pin="diff-cover==11.0.1"
if [ ! -x "$venv/bin/diff-cover" ] || [ "$(cat "$venv/.pin" 2>/dev/null)" != "$pin" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pin"
  echo "$pin" > "$venv/.pin"
fi

generator_version=1
if [ "$(cat "$bench/.generated" 2>/dev/null)" != "$generator_version" ]; then
  rm -rf "$repo" && mkdir -p "$repo"
  echo "generating 20,000 source files, a 300-file branch and its LCOV + Cobertura reports…"
  node --input-type=module - "$repo" <<'NODE'
import { mkdirSync, writeFileSync, createWriteStream } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
const repo = process.argv[2];
const FILES = 20000, PER_PACKAGE = 100, LINES = 60, CHANGED = 300, ADDED = 10;
const git = (...args) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: repo, stdio: "pipe", maxBuffer: 1 << 28 });
const path = (i) => `src/pkg${String(Math.floor(i / PER_PACKAGE)).padStart(3, "0")}/mod${String(i).padStart(5, "0")}.py`;
const body = (i, lines) => Array.from({ length: lines }, (_, n) => `value_${i}_${n} = ${n}  # statement ${n + 1}`).join("\n") + "\n";
for (let i = 0; i < FILES; i++) {
  mkdirSync(join(repo, path(i), ".."), { recursive: true });
  writeFileSync(join(repo, path(i)), body(i, LINES));
}
git("init", "-q", "-b", "main");
git("add", "-A");
git("commit", "-q", "-m", "base");
git("checkout", "-q", "-b", "feature");
const changed = new Set(Array.from({ length: CHANGED }, (_, k) => (k * 66) % FILES));
for (const i of changed) writeFileSync(join(repo, path(i)), body(i, LINES + ADDED));
git("commit", "-q", "-am", "feature");
// Reports of the feature branch: ~80% of lines hit, deterministically.
const lcov = createWriteStream(join(repo, "coverage.lcov"));
const xml = createWriteStream(join(repo, "coverage.xml"));
xml.write(`<?xml version="1.0" ?>\n<coverage version="7.17.4" line-rate="0.8" branch-rate="0">\n\t<sources>\n\t\t<source>${repo}</source>\n\t</sources>\n\t<packages>\n`);
let currentPackage = -1;
for (let i = 0; i < FILES; i++) {
  const lines = changed.has(i) ? LINES + ADDED : LINES;
  const hits = (n) => ((i * 7 + n * 13) % 10 < 8 ? 1 + (n % 3) : 0);
  let da = `SF:${path(i)}\n`;
  let xmlLines = "";
  let hit = 0;
  for (let n = 1; n <= lines; n++) {
    const count = hits(n);
    if (count) hit++;
    da += `DA:${n},${count}\n`;
    xmlLines += `\t\t\t\t\t\t<line number="${n}" hits="${count}"/>\n`;
  }
  lcov.write(`${da}LF:${lines}\nLH:${hit}\nend_of_record\n`);
  const pkg = Math.floor(i / PER_PACKAGE);
  if (pkg !== currentPackage) {
    if (currentPackage !== -1) xml.write("\t\t\t</classes>\n\t\t</package>\n");
    xml.write(`\t\t<package name="src.pkg${pkg}" line-rate="0.8">\n\t\t\t<classes>\n`);
    currentPackage = pkg;
  }
  xml.write(`\t\t\t\t<class name="mod${i}.py" filename="${path(i)}" line-rate="${(hit / lines).toFixed(4)}">\n\t\t\t\t\t<methods/>\n\t\t\t\t\t<lines>\n${xmlLines}\t\t\t\t\t</lines>\n\t\t\t\t</class>\n`);
}
xml.write("\t\t\t</classes>\n\t\t</package>\n\t</packages>\n</coverage>\n");
lcov.end();
xml.end();
await Promise.all([new Promise((r) => lcov.on("finish", r)), new Promise((r) => xml.on("finish", r))]);
NODE
  # reports are build outputs: keep them out of the diff both tools read
  printf 'coverage.*\n' > "$repo/.git/info/exclude"
  echo "$generator_version" > "$bench/.generated"
fi
echo "input: $(find "$repo/src" -name '*.py' | wc -l) files; coverage.lcov $(du -h "$repo/coverage.lcov" | cut -f1), coverage.xml $(du -h "$repo/coverage.xml" | cut -f1); branch changes $(git -C "$repo" diff --name-only main...HEAD | wc -l) files"

# measure LABEL CMD…: best wall time of 3 runs and the peak RSS (getrusage of the child), in a fresh
# Python process per run so the peak belongs to that run alone. Exit 0/1 are verdicts; 2+ fails the bench.
measure() {
  local label="$1"; shift
  python3 - "$label" "$@" <<'PY'
import resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
best, peak = None, 0
for _ in range(3):
    code = subprocess.run([sys.executable, "-c", """
import resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, result.returncode, result.stderr.decode()[-400:].replace(chr(10), ' '))
""", *cmd], capture_output=True, text=True)
    elapsed, rss, rc, err = code.stdout.split(" ", 3)
    if int(rc) > 1:
        sys.exit(f"{label}: exit {rc}: {err}")
    best = float(elapsed) if best is None else min(best, float(elapsed))
    peak = max(peak, int(rss))
print(f"  {label:<44} {best:7.2f} s   peak RSS {peak / 1024:7.1f} MB")
PY
}

cd "$repo"
dc="$venv/bin/diff-cover"
echo "changed-line coverage vs main (both tools parse the whole report and read git diff):"
measure "crm-devex coverage-gate coverage.lcov"  node "$cli" coverage-gate coverage.lcov --diff-base main --format json
measure "diff-cover 11.0.1 coverage.lcov"        "$dc" coverage.lcov --compare-branch=main --format "json:$bench/diff-cover-lcov.json" -q
measure "crm-devex coverage-gate coverage.xml"   node "$cli" coverage-gate coverage.xml --diff-base main --format json
measure "diff-cover 11.0.1 coverage.xml"         "$dc" coverage.xml --compare-branch=main --format "json:$bench/diff-cover-xml.json" -q
echo "whole-report gate, 200 modules (no peer: diff-cover gates changed lines only):"
modules=()
for p in $(seq -f "%03g" 0 199); do modules+=(--module "pkg$p=src/pkg$p/**"); done
measure "crm-devex coverage-gate coverage.xml, 200 modules" node "$cli" coverage-gate coverage.xml "${modules[@]}" --format json
# Same answer from both on the changed lines (a bench that disagrees measures nothing).
node "$cli" coverage-gate coverage.xml --diff-base main --format json > "$bench/ours-xml.json" || true
python3 - "$bench/ours-xml.json" "$bench/diff-cover-xml.json" <<'PY'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
patch = ours["patch"]
covered = theirs["total_num_lines"] - theirs["total_num_violations"]
print(f"  changed lines: crm-devex {patch['covered']}/{patch['total']} = {patch['percent']}%, diff-cover {covered}/{theirs['total_num_lines']} = {theirs['total_percent_covered']}%")
if (patch["covered"], patch["total"]) != (covered, theirs["total_num_lines"]):
    sys.exit("the two tools disagree on the changed lines")
PY
