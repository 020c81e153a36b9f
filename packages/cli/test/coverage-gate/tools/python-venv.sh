#!/usr/bin/env bash
# Creates (once) a Python venv under .cache/coverage-gate/ for the coverage-gate tests that run the
# real tools on tiny fixture projects, and prints its python path.
#   python-venv.sh            coverage.py 7.17.4 + pytest-cov 7.1.0 + pytest 9.2.0 — the versions
#                             the example CRM backend pins (examples/crm/backend/requirements-dev.txt)
#   python-venv.sh NAME PINS  another venv, e.g. `coverage-6.5 coverage==6.5.0` (older JSON formats)
# Idempotent: skips pip when the venv's stamp matches the pins. Progress goes to stderr.
set -euo pipefail
exec 3>&1 1>&2
root="${CRM_DEVEX_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)}"
name="${1:-venv}"
pins="${2:-coverage==7.17.4 pytest==9.2.0 pytest-cov==7.1.0}"
venv="$root/.cache/coverage-gate/$name"
stamp="$venv/.pins"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || { echo "python-venv: no python3 found; install Python 3.9+" >&2; exit 2; }
# One writer at a time: test files run in parallel and may ask for the same venv.
mkdir -p "$root/.cache/coverage-gate"
exec 9>"$root/.cache/coverage-gate/.$name.lock"
flock 9
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$pins" ]; then
  echo "python-venv: installing $pins into $venv"
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check $pins
  echo "$pins" > "$stamp"
fi
echo "$venv/bin/python" >&3
