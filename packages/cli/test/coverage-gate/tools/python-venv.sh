#!/usr/bin/env bash
# Creates (once) a Python venv with coverage.py + pytest-cov under .cache/coverage-gate/venv, for the
# coverage-gate tests that run the real tools on tiny fixture projects. Pinned to the versions the
# example CRM backend uses (examples/crm/backend/requirements-dev.txt). Prints the venv's python path.
# Idempotent: skips pip when the stamp matches the pins. All progress goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)}"
venv="$root/.cache/coverage-gate/venv"
pins="coverage==7.17.4 pytest==9.2.0 pytest-cov==7.1.0"
stamp="$venv/.pins"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || { echo "python-venv: no python3 found; install Python 3.9+" >&2; exit 2; }
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$pins" ]; then
  echo "python-venv: installing $pins into $venv"
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $pins
  echo "$pins" > "$stamp"
fi
echo "$venv/bin/python" >&3
