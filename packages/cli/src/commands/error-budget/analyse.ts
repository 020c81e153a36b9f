import { durationMinutes } from "./duration.js";
import {
  BURN_ALERTS,
  BURN_WINDOWS,
  type BurnAlert,
  type BurnWindow,
  type LatencyQuantiles,
  type Slo,
  type SloReport,
  type SloStatus,
  type WindowCounts,
} from "./model.js";
import { HALF, ONE, budgetFraction, compareConsumed, consumedRatio, type Rational } from "./rational.js";

/** Everything one evaluation needs, whichever source (logs or Prometheus) produced it. */
export interface EvaluationInput {
  /** Minutes the availability budget is computed over (the window's length). */
  windowMinutes: number;
  /** Minutes measured so far, when fewer (a calendar month in progress); default windowMinutes. */
  elapsedMinutes?: number;
  window: WindowCounts;
  burn: Record<BurnWindow, WindowCounts>;
  quantiles: LatencyQuantiles;
  /** Counts per chart column, oldest first. */
  history?: WindowCounts[];
  /**
   * A burn alert fires only when its long window served at least this many requests:
   * 1 error in 5 requests is a 200× burn rate, and paging on it is noise.
   */
  alertMinRequests?: number;
}

/** Bad events and the events they are out of, for one SLO over one stretch of counts. */
function badAndTotal(slo: Slo, counts: WindowCounts): { bad: number; total: number } {
  switch (slo.kind) {
    case "availability":
      return { bad: counts.downMinutes.get(slo.downRatio) ?? 0, total: counts.knownMinutes };
    case "error-rate":
      return { bad: counts.errors, total: counts.requests };
    case "latency":
      return { bad: counts.requests - (counts.withinThreshold.get(slo.thresholdMs!) ?? 0), total: counts.requests };
  }
}

/** Bad ratio ÷ budget fraction, or null when nothing was measured (never NaN). */
export function burnRate(slo: Slo, counts: WindowCounts): number | null {
  const { bad, total } = badAndTotal(slo, counts);
  if (total === 0) return null;
  return round(consumedRatio(bad, total, budgetFraction(slo.objective)), 3);
}

/**
 * Status from the consumed budget, compared exactly: ≥ 100 % is critical (the
 * budget is exhausted, the SLO is breached over the window), ≥ 50 % is a warning.
 */
export function statusFor(bad: number, budgetBase: number, budget: Rational): Exclude<SloStatus, "no-data"> {
  if (compareConsumed(bad, budgetBase, budget, ONE) >= 0) return "critical";
  if (compareConsumed(bad, budgetBase, budget, HALF) >= 0) return "warning";
  return "ok";
}

/** Evaluate one SLO. Pure: the same counts always give the same report. */
export function evaluateSlo(slo: Slo, input: EvaluationInput): SloReport {
  const budget = budgetFraction(slo.objective);
  const { bad, total } = badAndTotal(slo, input.window);
  // Availability budgets are minutes of the whole window (43.2 of 43,200 at 99.9 %),
  // request budgets a share of the requests actually served.
  const budgetBase = slo.kind === "availability" ? input.windowMinutes : total;
  const noData = total === 0;
  const status: SloStatus = noData ? "no-data" : statusFor(bad, budgetBase, budget);
  const budgetTotal = noData ? null : (budgetBase * Number(budget.num)) / Number(budget.den);
  const consumedPercent = noData ? null : round(consumedRatio(bad, budgetBase, budget) * 100, 2);
  const burnRates = Object.fromEntries(BURN_WINDOWS.map((w) => [w, burnRate(slo, input.burn[w])])) as Record<BurnWindow, number | null>;
  const alerts: BurnAlert[] = BURN_ALERTS.map((alert) => {
    const longBurnRate = burnRates[alert.longWindow];
    const shortBurnRate = burnRates[alert.shortWindow];
    return {
      severity: alert.severity,
      longWindow: alert.longWindow,
      shortWindow: alert.shortWindow,
      factor: alert.factor,
      longBurnRate,
      shortBurnRate,
      firing:
        longBurnRate !== null &&
        shortBurnRate !== null &&
        longBurnRate >= alert.factor &&
        shortBurnRate >= alert.factor &&
        input.burn[alert.longWindow].requests >= (input.alertMinRequests ?? 0),
    };
  });
  const requests = input.window.requests;
  const errorRatePercent = requests === 0 ? null : round((input.window.errors / requests) * 100, 4);
  return {
    name: slo.name,
    kind: slo.kind,
    objective: slo.objective,
    description: slo.description,
    status,
    budgetUnit: slo.kind === "availability" ? "minutes" : "requests",
    budgetTotal: budgetTotal === null ? null : round(budgetTotal, 3),
    budgetConsumed: noData ? null : bad,
    budgetConsumedPercent: consumedPercent,
    budgetRemainingPercent: consumedPercent === null ? null : round(Math.max(0, 100 - consumedPercent), 2),
    burnRate: burnRate(slo, input.window),
    burnRates,
    alerts,
    sliPercent: noData ? null : round(((total - bad) / total) * 100, 4),
    p95Ms: input.quantiles.p95Ms === null ? null : round(input.quantiles.p95Ms, 1),
    errorRatePercent,
    measured: measuredFields(slo, input, bad, total),
    ...(input.history ? { burnHistory: input.history.map((counts) => burnRate(slo, counts)) } : {}),
  };
}

function measuredFields(slo: Slo, input: EvaluationInput, bad: number, total: number): Record<string, number | null> {
  switch (slo.kind) {
    case "availability":
      return {
        windowMinutes: input.windowMinutes,
        ...(input.elapsedMinutes !== undefined && input.elapsedMinutes !== input.windowMinutes ? { elapsedMinutes: input.elapsedMinutes } : {}),
        knownMinutes: total,
        unknownMinutes: (input.elapsedMinutes ?? input.windowMinutes) - total,
        downMinutes: bad,
        downRatio: slo.downRatio,
      };
    case "latency":
      return {
        requests: total,
        withinThreshold: total - bad,
        thresholdMs: slo.thresholdMs!,
        p50Ms: roundOrNull(input.quantiles.p50Ms, 1),
        p95Ms: roundOrNull(input.quantiles.p95Ms, 1),
        p99Ms: roundOrNull(input.quantiles.p99Ms, 1),
      };
    case "error-rate":
      return { requests: total, errors: bad };
  }
}

/** Worst status of several; "no-data" only when nothing else is known. */
export function overallStatus(statuses: SloStatus[]): SloStatus {
  for (const level of ["critical", "warning", "ok"] as const) if (statuses.includes(level)) return level;
  return "no-data";
}

/** Minutes of each burn window, clamped to the SLO window. */
export function burnWindowMinutes(windowMinutes: number): Record<BurnWindow, number> {
  return Object.fromEntries(BURN_WINDOWS.map((w) => [w, Math.min(durationMinutes(w), windowMinutes)])) as Record<BurnWindow, number>;
}

export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function roundOrNull(value: number | null, digits: number): number | null {
  return value === null ? null : round(value, digits);
}
