#!/usr/bin/env bash
# secret-scan extras beyond the vitest suite (issue 4): the pre-commit framework accepts
# our .pre-commit-hooks.yaml (real pre-commit, in a cached venv), and the built CLI
# passes its own scan of this repository.
set -euo pipefail
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
cd "$root"
venv="$root/.cache/venv-pre-commit"
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==4.0.1"
fi
"$venv/bin/pre-commit" validate-manifest .pre-commit-hooks.yaml
echo "pre-commit validate-manifest: .pre-commit-hooks.yaml ok"
[ -f packages/cli/dist/bin.js ] || npm run build --silent
node packages/cli/dist/bin.js secret-scan
