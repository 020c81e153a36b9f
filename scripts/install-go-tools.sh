#!/usr/bin/env bash
# Installs Go-built tools into .cache/go-bin (cached between runs): the workflow
# checkers for the test suite, and the peers the benches compare against.
# Usage: install-go-tools.sh [tool…]   tools: actionlint act oasdiff gitleaks
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export GOBIN="$root/.cache/go-bin"
mkdir -p "$GOBIN"
declare -A module=(
  [actionlint]="github.com/rhysd/actionlint/cmd/actionlint@v1.7.7"
  [act]="github.com/nektos/act@v0.2.80"
  [oasdiff]="github.com/oasdiff/oasdiff@latest"
  [gitleaks]="github.com/zricethezav/gitleaks/v8@v8.30.1"
)
for tool in "$@"; do
  [ -n "${module[$tool]:-}" ] || { echo "install-go-tools: unknown tool $tool" >&2; exit 2; }
  [ -x "$GOBIN/$tool" ] && continue
  echo "install-go-tools: go install ${module[$tool]}" >&2
  go install "${module[$tool]}" >&2
done
echo "$GOBIN"
