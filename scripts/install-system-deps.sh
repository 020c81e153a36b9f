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
missing=()
for pair in "${wanted[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
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
# The prometheus package starts a system service we do not want; tests run their own.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now prometheus prometheus-node-exporter redis-server >/dev/null 2>&1 || true; fi
