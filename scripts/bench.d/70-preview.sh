#!/usr/bin/env bash
# crm-devex preview deploy beside a bare @vercel/client deploy (the Vercel client it replaced), against the local fake APIs.
set -euo pipefail
cd "${CRM_DEVEX_ROOT}"
npx tsx bench/preview.ts
