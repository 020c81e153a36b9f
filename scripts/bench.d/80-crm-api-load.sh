#!/usr/bin/env bash
# The example CRM's list endpoint under load (issue 18): GET /api/clients (a page of 50) at 10 and
# 50 connections with the Redis rate limiter, p50/p95/p99 of the full app beside the same routes
# without middleware (the peer), both from the same run, ENVIRONMENT=production, WORKERS=2 (one
# per core, as examples/crm/backend/.env.example recommends). Target: p95 < 250 ms at 50
# connections. CRM_BENCH_WORKERS=1 measures a single process.
set -euo pipefail
backend="${CRM_DEVEX_ROOT}/examples/crm/backend"
"$backend/scripts/load" --redis --connections 10,50 --duration "${CRM_BENCH_DURATION:-10}" \
  --workers "${CRM_BENCH_WORKERS:-2}"
