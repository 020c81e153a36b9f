import { describe, expect, test } from "vitest";
import { evaluateSlo, overallStatus, type EvaluationInput } from "../../src/commands/error-budget/analyse.js";
import { BURN_WINDOWS, type Slo, type WindowCounts } from "../../src/commands/error-budget/model.js";
import { budgetFraction, compareConsumed, decimal, ONE } from "../../src/commands/error-budget/rational.js";
import { DEFAULT_SLOS } from "../../src/commands/error-budget/slo.js";

const [availability, latency, errorRate] = DEFAULT_SLOS as [Slo, Slo, Slo];
const MONTH = 30 * 24 * 60;

function counts(partial: Partial<WindowCounts> & { down?: number; within?: number }): WindowCounts {
  return {
    requests: partial.requests ?? 0,
    errors: partial.errors ?? 0,
    withinThreshold: new Map([[500, partial.within ?? partial.requests ?? 0]]),
    knownMinutes: partial.knownMinutes ?? 0,
    downMinutes: new Map([[0.5, partial.down ?? 0]]),
  };
}

function input(window: WindowCounts, windowMinutes = MONTH): EvaluationInput {
  return {
    windowMinutes,
    window,
    burn: Object.fromEntries(BURN_WINDOWS.map((w) => [w, window])) as EvaluationInput["burn"],
    quantiles: { p50Ms: null, p95Ms: null, p99Ms: null },
  };
}

describe("availability (time slices) over a 30-day window at 99.9%", () => {
  test("the budget is 43.2 minutes", () => {
    const report = evaluateSlo(availability, input(counts({ knownMinutes: MONTH, requests: MONTH })));
    expect(report.budgetTotal).toBe(43.2);
    expect(report.budgetUnit).toBe("minutes");
  });

  test.each([
    { down: 0, consumed: 0, status: "ok" },
    { down: 20, consumed: 46.3, status: "ok" },
    { down: 21, consumed: 48.61, status: "ok" },
    { down: 22, consumed: 50.93, status: "warning" },
    { down: 25, consumed: 57.87, status: "warning" },
    { down: 43, consumed: 99.54, status: "warning" },
    { down: 44, consumed: 101.85, status: "critical" },
    { down: 50, consumed: 115.74, status: "critical" },
  ])("$down minutes down → $consumed% consumed, $status", ({ down, consumed, status }) => {
    const report = evaluateSlo(availability, input(counts({ knownMinutes: MONTH, requests: MONTH, down })));
    expect(report.budgetConsumedPercent).toBeCloseTo(consumed, 2);
    expect(report.status).toBe(status);
  });

  test("exactly the whole budget is exhausted: 432 down minutes of a 300-day window at 99.9%", () => {
    const report = evaluateSlo(availability, input(counts({ knownMinutes: 432_000, requests: 432_000, down: 432 }), 432_000));
    expect(report.budgetConsumedPercent).toBe(100);
    expect(report.status).toBe("critical");
  });

  test("20 minutes down is shown as 46.3% and 25 as 57.9%", () => {
    const at = (down: number) => evaluateSlo(availability, input(counts({ knownMinutes: MONTH, requests: MONTH, down }))).budgetConsumedPercent!.toFixed(1);
    expect(at(20)).toBe("46.3");
    expect(at(25)).toBe("57.9");
  });

  test("an exhausted budget reports 0% remaining, not a negative number", () => {
    const report = evaluateSlo(availability, input(counts({ knownMinutes: MONTH, requests: MONTH, down: 50 })));
    expect(report.budgetRemainingPercent).toBe(0);
    expect(report.budgetConsumedPercent).toBeGreaterThan(100);
  });

  test("minutes without requests are unknown, not up", () => {
    const report = evaluateSlo(availability, input(counts({ knownMinutes: 1000, requests: 5000, down: 10 })));
    expect(report.measured).toMatchObject({ knownMinutes: 1000, unknownMinutes: MONTH - 1000, downMinutes: 10 });
    expect(report.sliPercent).toBe(99);
    // The budget is still minutes of the whole window: 10 of 43.2.
    expect(report.budgetConsumedPercent).toBeCloseTo(23.15, 2);
    // The burn rate is measured over known minutes: 1% bad / 0.1% budget = 10×.
    expect(report.burnRate).toBe(10);
  });
});

describe("exact comparisons (the float traps)", () => {
  test("1 - 0.999 is not 0.001 in floating point, but the budget is exactly 1/1000", () => {
    expect(1 - 0.999).not.toBe(0.001);
    expect(budgetFraction(99.9)).toEqual({ num: 1n, den: 1000n });
    expect(budgetFraction(99.99)).toEqual({ num: 1n, den: 10000n });
    expect(decimal(0.1)).toEqual({ num: 1n, den: 10n });
    expect(decimal(1e-7)).toEqual({ num: 1n, den: 10000000n });
  });

  test.each([
    { bad: 1000, total: 1_000_000, objective: 99.9, status: "critical", consumed: 100 },
    { bad: 999, total: 1_000_000, objective: 99.9, status: "warning", consumed: 99.9 },
    { bad: 500, total: 1_000_000, objective: 99.9, status: "warning", consumed: 50 },
    { bad: 499, total: 1_000_000, objective: 99.9, status: "ok", consumed: 49.9 },
    { bad: 3, total: 1000, objective: 99.7, status: "critical", consumed: 100 },
    { bad: 1, total: 10_000, objective: 99.99, status: "critical", consumed: 100 },
    { bad: 7, total: 100, objective: 93, status: "critical", consumed: 100 },
  ])("$bad bad of $total at $objective% → $status", ({ bad, total, objective, status, consumed }) => {
    const slo: Slo = { ...errorRate, objective };
    const report = evaluateSlo(slo, input(counts({ requests: total, errors: bad, knownMinutes: 1 })));
    expect(report.status).toBe(status);
    expect(report.budgetConsumedPercent).toBeCloseTo(consumed, 6);
  });

  test("the float computation would have called 1000 of 1,000,000 at 99.9% not exhausted", () => {
    expect(1000 / (1_000_000 * (1 - 0.999))).toBeLessThan(1);
    expect(compareConsumed(1000, 1_000_000, budgetFraction(99.9), ONE)).toBe(0);
  });
});

describe("latency: the verdict counts requests within the threshold", () => {
  test.each([
    { requests: 1000, within: 950, status: "critical" },
    { requests: 1000, within: 951, status: "warning" },
    { requests: 1000, within: 975, status: "warning" },
    { requests: 1000, within: 976, status: "ok" },
    { requests: 1000, within: 1000, status: "ok" },
  ])("$within of $requests within 500 ms → $status", ({ requests, within, status }) => {
    const report = evaluateSlo(latency, input(counts({ requests, within, knownMinutes: 10 })));
    expect(report.status).toBe(status);
    expect(report.budgetUnit).toBe("requests");
    expect(report.budgetTotal).toBe(50);
  });
});

describe("zero traffic", () => {
  test.each(DEFAULT_SLOS.map((slo) => [slo.name, slo] as const))("%s reports no data, never NaN", (_name, slo) => {
    const report = evaluateSlo(slo, input(counts({})));
    expect(report.status).toBe("no-data");
    const json = JSON.stringify(report);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(report.budgetConsumedPercent).toBeNull();
    expect(report.burnRate).toBeNull();
    expect(report.alerts.every((alert) => !alert.firing)).toBe(true);
  });

  test("the overall status is no-data only when every SLO has no data", () => {
    expect(overallStatus(["no-data", "no-data"])).toBe("no-data");
    expect(overallStatus(["no-data", "ok"])).toBe("ok");
    expect(overallStatus(["ok", "warning", "critical"])).toBe("critical");
  });
});

describe("multi-window burn-rate alerts", () => {
  test("the 1h/5m page fires only when both windows burn at 14.4× or more", () => {
    const slow = counts({ requests: 10_000, errors: 10, knownMinutes: 60 }); // 1×
    const fast = counts({ requests: 1000, errors: 15, knownMinutes: 5 }); // 15×
    const base = input(counts({ requests: 100_000, errors: 50, knownMinutes: MONTH }));
    const both = { ...base, burn: { ...base.burn, "1h": fast, "5m": fast } };
    const longOnly = { ...base, burn: { ...base.burn, "1h": fast, "5m": slow } };
    const page = (i: EvaluationInput) => evaluateSlo(errorRate, i).alerts.find((a) => a.longWindow === "1h")!;
    expect(page(both)).toMatchObject({ severity: "page", factor: 14.4, firing: true, longBurnRate: 15, shortBurnRate: 15 });
    expect(page(longOnly).firing).toBe(false);
  });

  test("at low traffic the alert stays quiet: 1 error in 20 requests is a 50× burn, but not a page", () => {
    const trickle = counts({ requests: 20, errors: 1, knownMinutes: 20 });
    const base = input(trickle);
    const quiet = evaluateSlo(errorRate, { ...base, alertMinRequests: 100 }).alerts[0]!;
    expect(quiet).toMatchObject({ longBurnRate: 50, shortBurnRate: 50, firing: false });
    expect(evaluateSlo(errorRate, { ...base, alertMinRequests: 0 }).alerts[0]!.firing).toBe(true);
  });
});
