#!/usr/bin/env bash
# crm-devex start-up time beside bare node (issue 2: within 3x).
set -euo pipefail
node "${CRM_DEVEX_ROOT}/bench/startup.mjs"
