#!/usr/bin/env bash
# The example CRM's backend: ruff, mypy --strict and pytest with coverage, in its
# own cached venv (examples/crm/backend/scripts/bootstrap creates it).
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
examples/crm/backend/scripts/test
