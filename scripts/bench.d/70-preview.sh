#!/usr/bin/env bash
# crm-devex preview deploy beside the bare @vercel/client deploy it builds on, against the local fake APIs.
set -euo pipefail
cd "${CRM_DEVEX_ROOT}"
npx tsx bench/preview.ts
