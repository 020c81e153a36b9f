#!/usr/bin/env bash
# Installs the system (Debian apt) tools the repo's tests and benchmarks need.
# Idempotent: a package is installed only when its command is missing, and `apt-get update`
# runs at most once, only when something has to be installed.
#
# Add a package by appending "command:apt-package" to SYSTEM_DEPS.
set -euo pipefail

SYSTEM_DEPS=(
  "redis-server:redis-server"   # examples/crm/backend rate-limit tests start a real redis-server
  "wrk:wrk"                     # examples/crm/backend/scripts/load
)

missing=()
for entry in "${SYSTEM_DEPS[@]}"; do
  cmd="${entry%%:*}"
  pkg="${entry#*:}"
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: missing ${missing[*]} and apt-get is not available; install them manually" >&2
  exit 2
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
# Update the package lists only when they have never been fetched (fresh containers) or the
# install fails because they are stale.
if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' || true)" ]; then
  $SUDO apt-get update -qq
fi
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "install-system-deps: installed ${missing[*]}" >&2
