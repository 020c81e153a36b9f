#!/usr/bin/env bash
# Installs the Debian packages the test suite and benches use, only those missing.
# Idempotent and quiet when everything is present, so every test script can call it.
set -euo pipefail
# command-name:debian-package
wanted=(
  redis-server:redis-server
  chromium:chromium
  promtool:prometheus
  shellcheck:shellcheck
  jq:jq
  wrk:wrk
  hyperfine:hyperfine
  /usr/bin/time:time
)
# PostgreSQL's server binaries are not on PATH (/usr/lib/postgresql/NN/bin); the backend
# suite starts its own server from there (examples/crm/backend/tests/postgres.py).
missing=()
for pair in "${wanted[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists at most once per hour; a fresh machine has none.
stamp=/var/lib/apt/periodic/crm-devex-update-stamp
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +60 2>/dev/null)" ]; then
  $SUDO apt-get update -qq >&2
  $SUDO mkdir -p "$(dirname "$stamp")" && $SUDO touch "$stamp"
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
# The prometheus, redis and postgresql packages start system services we do not want (on
# well-known ports other people use); tests run their own on spare ports.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now prometheus prometheus-node-exporter redis-server postgresql >/dev/null 2>&1 || true; fi
if command -v pg_ctlcluster >/dev/null 2>&1; then
  for cluster in /etc/postgresql/*/main; do
    [ -d "$cluster" ] || continue
    version="$(basename "$(dirname "$cluster")")"
    $SUDO pg_ctlcluster "$version" main stop >/dev/null 2>&1 || true
  done
fi
