#!/usr/bin/env bash
# Acceptance for examples/crm (issue 11): a fresh copy of the example, committed as `main` in its
# own git repo, passes `crm-devex check`; then each of four realistic mistakes, committed on a
# branch, makes check fail with exit 1, the right gate failed, and the cause named:
#   removed-api-field   a response field deleted from openapi.json      -> contract-diff
#   committed-env       a backend/.env with a secret, force-added        -> secret-scan
#   undocumented-secret SECRET_KEY dropped from backend/.env.example     -> env-validate
#   payments-coverage   payments coverage under 80% in coverage.xml      -> coverage-gate
# Needs the coverage reports and the API log that 20-example-backend and 70-example-frontend
# produce; it fails (never skips) when they are missing.
set -euo pipefail
# The copy below is its own repo with `main` on a local origin; a pull request's GITHUB_BASE_REF (which
# contract-diff follows, and refuses to fall back from) names a branch of this repo, not of the copy.
unset GITHUB_BASE_REF
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
bash scripts/install-system-deps.sh   # jq
[ -f packages/cli/dist/bin.js ] || npm run build --silent
cli="$root/packages/cli/dist/bin.js"
example="$root/examples/crm"

inputs=(backend/coverage.xml frontend/coverage/lcov.info frontend/test-results/browser/api-log.jsonl)
for input in "${inputs[@]}"; do
  if [ ! -s "$example/$input" ]; then
    echo "75-example-check: examples/crm/$input is missing; run scripts/test.d/20-example-backend.sh and 70-example-frontend.sh first" >&2
    exit 1
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/crm-example-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
repo="$work/crm"
mkdir -p "$repo"

# A fresh clone holds exactly the tracked files (committed or staged) of examples/crm.
(cd "$example" && git ls-files -z --cached -- . | xargs -0 -I{} cp --parents {} "$repo/")
# What CI produces before running check: coverage reports and the API's request log.
# coverage.py records the absolute source root it ran in; CI runs the tests in the same checkout
# as check, so point the copied report at this copy's backend/app.
sed "s#<source>[^<]*/backend/app</source>#<source>$repo/backend/app</source>#" "$example/backend/coverage.xml" > "$repo/backend/coverage.xml"
mkdir -p "$repo/frontend/coverage" "$repo/logs"
cp "$example/frontend/coverage/lcov.info" "$repo/frontend/coverage/lcov.info"
cp "$example/frontend/test-results/browser/api-log.jsonl" "$repo/logs/api.jsonl"
cp "$repo/backend/coverage.xml" "$work/pristine-coverage.xml"

git_() { git -C "$repo" -c user.name="crm example" -c user.email="ci@example.com" -c commit.gpgsign=false "$@"; }
git_ init -q -b main
git_ add -A
git_ commit -q -m "estate agency CRM"
# Like a CI checkout of a pull request: main is on the remote, and each change is a branch.
git init -q --bare "$work/origin.git"
git_ remote add origin "$work/origin.git"
git_ push -q origin main
git_ fetch -q origin

failures=0
pass() { echo "  ok   $*"; }
fail() { echo "  FAIL $*"; failures=$((failures + 1)); }

# run_check LABEL -> sets $status, $text (text report), $json (JSON report)
run_check() {
  set +e
  text="$(node "$cli" check --cwd "$repo" --no-color 2>&1)"
  status=$?
  json="$(node "$cli" check --cwd "$repo" --format json 2>/dev/null)"
  set -e
}

gate_verdicts() { jq -r '.gates[] | "\(.name)=\(.verdict)"' <<<"$json" | tr '\n' ' '; }

echo "--- ops: the committed Prometheus rules and Grafana dashboard are generated from today's SLOs"
for pair in "rules:ops/prometheus-rules.yaml" "dashboard:ops/grafana-dashboard.json"; do
  generated="$work/generated-${pair%%:*}"
  node "$cli" error-budget "${pair%%:*}" --cwd "$repo" > "$generated"
  if cmp -s "$generated" "$repo/${pair#*:}"; then
    pass "${pair#*:} is fresh"
  else
    fail "${pair#*:} differs from \`crm-devex error-budget ${pair%%:*}\` (regenerate it: see README, Observability)"
    diff -u "$repo/${pair#*:}" "$generated" | head -20 | sed 's/^/      /' || true
  fi
done
if promtool check rules "$repo/ops/prometheus-rules.yaml" >/dev/null; then pass "promtool accepts ops/prometheus-rules.yaml"; else fail "promtool rejects ops/prometheus-rules.yaml"; fi
if jq -e '.panels | length > 0' "$repo/ops/grafana-dashboard.json" >/dev/null; then pass "dashboard has panels"; else fail "dashboard has no panels"; fi

echo "--- baseline: check passes on a fresh copy"
run_check
if [ "$status" -eq 0 ]; then pass "exit 0 ($(gate_verdicts))"; else fail "exit $status, expected 0"; echo "$text"; fi
not_run="$(jq -r '[.gates[] | select(.verdict == "not-configured") | .name] | join(", ")' <<<"$json")"
if [ -z "$not_run" ]; then pass "every gate ran"; else fail "gates not configured on the example: $not_run"; fi

# scenario NAME GATE CAUSE-REGEX: commit the change on its branch (ignored files stay untracked
# unless the caller force-added them), expect only GATE to fail and the text report to name
# CAUSE, then return to a clean main.
scenario() {
  local name="$1" gate="$2" cause="$3"
  git_ add -A
  git_ commit -q --allow-empty -m "$name"
  run_check
  local failed
  failed="$(jq -r '[.gates[] | select(.exitCode != 0) | .name] | join(",")' <<<"$json" 2>/dev/null || echo "?")"
  if [ "$status" -eq 1 ] && [ "$failed" = "$gate" ] && grep -Eq "$cause" <<<"$text"; then
    pass "$name: exit 1, $gate failed, report names /$cause/"
  else
    fail "$name: exit $status, failed gates [$failed] (expected 1, [$gate], report naming /$cause/)"
    echo "$text" | sed 's/^/      /' | head -60
  fi
  git_ checkout -q main
  git_ branch -q -D "$name"
  cp "$work/pristine-coverage.xml" "$repo/backend/coverage.xml"
}

echo "--- removed-api-field"
git_ checkout -q -b removed-api-field
node -e '
  const fs = require("fs"); const file = process.argv[1];
  const spec = JSON.parse(fs.readFileSync(file, "utf8"));
  const schema = spec.components.schemas.ClientOut;
  if (!schema || !schema.properties.email) throw new Error("ClientOut.email not in openapi.json: update this scenario");
  delete schema.properties.email;
  schema.required = (schema.required || []).filter((name) => name !== "email");
  fs.writeFileSync(file, JSON.stringify(spec, null, 2) + "\n");
' "$repo/openapi.json"
scenario removed-api-field contract-diff "response-required-property-removed.*ClientOut\.email"

echo "--- committed-env"
git_ checkout -q -b committed-env
# A realistic-looking secret built at run time, so this repo never holds one.
secret="$(node -e 'process.stdout.write(require("crypto").randomBytes(36).toString("base64url"))')"
printf 'DATABASE_URL=postgresql://crm:%s@db.internal:5432/crm\nSECRET_KEY=%s\nFRONTEND_ORIGIN=https://crm.example.com\n' "${secret:0:20}" "$secret" > "$repo/backend/.env"
git_ add -f backend/.env   # what `git add -f` or a missing .gitignore does in real life
scenario committed-env secret-scan "backend/\.env +dotenv-file"

echo "--- undocumented-secret"
git_ checkout -q -b undocumented-secret
node -e '
  const fs = require("fs"); const file = process.argv[1];
  const blocks = fs.readFileSync(file, "utf8").split(/\n\n/);
  const kept = blocks.filter((block) => !/^SECRET_KEY=/m.test(block));
  if (kept.length !== blocks.length - 1) throw new Error("SECRET_KEY block not found in backend/.env.example: update this scenario");
  fs.writeFileSync(file, kept.join("\n\n"));
' "$repo/backend/.env.example"
scenario undocumented-secret env-validate "SECRET_KEY is read by backend/app/settings.py"

echo "--- payments-coverage"
git_ checkout -q -b payments-coverage
# shellcheck disable=SC2016 # JavaScript template literal, not shell
# Someone's change leaves much of payments untested: half its covered lines lose
# their hits in the Cobertura report (the report is a CI artefact, so the branch commit is empty).
node -e '
  const fs = require("fs"); const file = process.argv[1];
  let xml = fs.readFileSync(file, "utf8"); let touched = 0;
  xml = xml.replace(/(<class\b[^>]*filename="[^"]*payments\/[^"]*"[\s\S]*?<\/class>)/g, (klass) =>
    klass.replace(/<line number="(\d+)" hits="[1-9]\d*"/g, (line, number) => Number(number) % 2 === 0 && ++touched ? `<line number="${number}" hits="0"` : line));
  if (touched === 0) throw new Error("no payments lines in backend/coverage.xml: update this scenario");
  fs.writeFileSync(file, xml);
' "$repo/backend/coverage.xml"
scenario payments-coverage coverage-gate "payments .*FAIL"

echo "--- hooks: .pre-commit-config.yaml passes a clean commit and stops a staged .env"
# pre-commit itself from PyPI, cached; the hooks call this checkout's CLI instead of the published
# crm-devex@0.1.0, and ruff/eslint come from the backend venv and frontend node_modules.
venv="$root/.cache/example-precommit/venv"
if [ "$("$venv/bin/pre-commit" --version 2>/dev/null)" != "pre-commit 4.0.1" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.0.1"
fi
hooks="$work/hooks"
mkdir -p "$hooks"
(cd "$example" && git ls-files -z --cached -- . | xargs -0 -I{} cp --parents {} "$hooks/")
sed -i "s#npx --yes crm-devex@0.1.0#node $cli#" "$hooks/.pre-commit-config.yaml"
ln -s "$example/backend/.venv" "$hooks/backend/.venv"
ln -s "$example/frontend/node_modules" "$hooks/frontend/node_modules"
hgit() { git -C "$hooks" -c user.name="crm example" -c user.email="ci@example.com" -c commit.gpgsign=false "$@"; }
hgit init -q -b main && hgit add -A && hgit commit -q --no-verify -m "estate agency CRM"
(cd "$hooks" && PRE_COMMIT_HOME="$root/.cache/example-precommit/home" "$venv/bin/pre-commit" install >/dev/null)
export PATH="$venv/bin:$PATH" PRE_COMMIT_HOME="$root/.cache/example-precommit/home"
echo "// reviewed" >> "$hooks/frontend/src/forms.ts"
hgit add -A
if out="$(hgit commit -q -m "clean change" 2>&1)"; then pass "a clean commit passes every hook"; else fail "a clean commit was refused"; echo "$out" | sed 's/^/      /' | head -30; fi
printf 'SECRET_KEY=%s\n' "$(node -e 'process.stdout.write(require("crypto").randomBytes(30).toString("base64url"))')" > "$hooks/backend/.env"
hgit add -f backend/.env
if out="$(hgit commit -q -m "leak" 2>&1)"; then
  fail "a commit of backend/.env went through"
elif grep -q "backend/.env .*dotenv-file" <<<"$out"; then
  pass "a staged backend/.env is refused by the secret-scan hook, named in its output"
else
  fail "the commit failed, but not because of backend/.env"; echo "$out" | sed 's/^/      /' | head -30
fi

echo
if [ "$failures" -gt 0 ]; then
  echo "75-example-check: $failures check(s) failed"
  exit 1
fi
echo "75-example-check: all passed"
