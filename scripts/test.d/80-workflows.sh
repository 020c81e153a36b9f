#!/usr/bin/env bash
# GitHub Actions (issue 8): static checks over every workflow, reusable workflow, org template and
# action.yml — actionlint (with shellcheck), the reusable-call check (caller permissions, secrets and
# inputs against the called workflow), zizmor, shellcheck of the actions' scripts — then the
# committed bundle, published reusable workflows and generated docs are current, then the example
# CRM's workflows run under act (scripts/act/run.mjs) for a clean PR and the fault scenarios.
# CRM_DEVEX_ACT=isolated runs one PR per fault (slower); CRM_DEVEX_ACT=skip stops after the
# static checks (for a quick local loop; the test command never sets it).
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
bash scripts/install-system-deps.sh
bin="$(bash scripts/install-go-tools.sh actionlint act)"
venv=.cache/tools-venv
zizmor_version=1.32.0
if [ "$("$venv/bin/zizmor" --version 2>/dev/null)" != "zizmor $zizmor_version" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "zizmor==$zizmor_version"
fi

# Docs are tests: the workflows README.md, docs/ and examples/crm/README.md show (fragments wrapped into a
# whole workflow) are linted with the rest; their crm-devex command lines run in
# scripts/docs-as-tests/commands.test.ts (suite 10-toolkit).
docs_workflows="$(mktemp -d)"
trap 'rm -rf "$docs_workflows"' EXIT
mkdir -p "$docs_workflows/.github/workflows"
node scripts/docs-as-tests/extract.mjs --workflows "$docs_workflows/.github/workflows" > /dev/null
workflows=(.github/workflows/*.yml workflows-templates/*.yml workflow-templates/*.yml examples/crm/.github/workflows/*.yml scripts/act/workflows/*.yml "$docs_workflows"/.github/workflows/*.yml)
actions=(action.yml packages/actions/*/action.yml scripts/act/stand-ins/*/action.yml)

echo "== actionlint (${#workflows[@]} workflows)"
"$bin/actionlint" -shellcheck="$(command -v shellcheck)" "${workflows[@]}"
echo "== lint-actions + shellcheck (${#actions[@]} actions)"
node packages/actions/scripts/lint-actions.mjs "${actions[@]}"
shellcheck packages/actions/run.sh scripts/test.d/80-workflows.sh
echo "== reusable workflow calls: permissions, secrets and inputs as GitHub checks them at load time"
node packages/actions/scripts/check-reusable-calls.mjs "${workflows[@]}"
echo "== zizmor"
"$venv/bin/zizmor" --offline --quiet --no-progress --config .github/zizmor.yml "${workflows[@]}" "${actions[@]}"
echo "== the committed bundle, published reusable workflows and docs are current"
node packages/actions/scripts/build-dist.mjs --check
node packages/actions/scripts/sync-workflows.mjs --check
node packages/actions/scripts/actions-docs.mjs --check

case "${CRM_DEVEX_ACT:-}" in
  skip) echo "== act scenarios skipped (CRM_DEVEX_ACT=skip)" ;;
  isolated) node scripts/act/run.mjs --isolated --parallel 2 ;;
  *) node scripts/act/run.mjs --parallel 2 ;;
esac
