#!/usr/bin/env bash
# The example CRM's list endpoint under load (issue 18): GET /api/clients (a page of 50) at 10 and
# 50 connections with the Redis rate limiter, p50/p95/p99 for the full app beside the same routes
# without middleware (the peer), both from the same run. Target: p95 < 250 ms at 50 connections.
set -euo pipefail
backend="${CRM_DEVEX_ROOT}/examples/crm/backend"
"$backend/scripts/load" --redis --connections 10,50 --duration "${CRM_LOAD_DURATION:-10}" \
  --workers "${CRM_LOAD_WORKERS:-2}"
