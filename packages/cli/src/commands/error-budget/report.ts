import type { Finding, ReportBlock, RuleDescriptor, Tone } from "../../kernel/result.js";
import { formatMinutes } from "./duration.js";
import type { SloReport, SloStatus } from "./model.js";

export const RULES: RuleDescriptor[] = [
  { id: "error-budget-warning", shortDescription: "At least 50% of an SLO's error budget is consumed", level: "warning" },
  { id: "error-budget-exhausted", shortDescription: "An SLO's error budget is exhausted (the SLO is breached over the window)", level: "error" },
  { id: "burn-rate-alert", shortDescription: "A multi-window burn-rate alert is firing", level: "warning" },
];

const TONE: Record<SloStatus, Tone> = { ok: "good", warning: "warn", critical: "bad", "no-data": "muted" };

export interface ReportContext {
  source: string;
  windowLabel: string;
  windowMinutes: number;
  startIso: string;
  endIso: string;
}

export function formatPercent(value: number | null, digits = 1): string {
  return value === null ? "—" : `${value.toFixed(digits)}%`;
}

function formatBurn(value: number | null): string {
  return value === null ? "—" : `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`;
}

function formatBudget(slo: SloReport): string {
  if (slo.budgetTotal === null) return "no data";
  if (slo.budgetUnit === "minutes") return `${slo.budgetConsumed} of ${+slo.budgetTotal.toFixed(1)} min`;
  return `${slo.budgetConsumed} of ${+slo.budgetTotal.toFixed(1)} req`;
}

function measuredText(slo: SloReport): string {
  const m = slo.measured;
  switch (slo.kind) {
    case "availability":
      return m.knownMinutes ? `${m.downMinutes} down / ${m.knownMinutes} min (${m.unknownMinutes} unknown)` : "no requests";
    case "latency":
      return m.requests ? `P95 ${slo.p95Ms ?? "—"} ms, ${formatPercent(slo.sliPercent, 2)} ≤ ${m.thresholdMs} ms` : "no requests";
    case "error-rate":
      return m.requests ? `${m.errors} 5xx / ${m.requests} (${formatPercent(slo.errorRatePercent, 3)})` : "no requests";
  }
}

const SPARK = "▁▂▃▄▅▆▇█";

/** A one-line chart of burn rates: one character per column, scaled to the column maximum (at least 1×). */
export function sparkline(values: (number | null)[]): string {
  const max = Math.max(1, ...values.filter((v): v is number => v !== null));
  return values
    .map((value) => (value === null ? " " : SPARK[Math.min(SPARK.length - 1, Math.round((value / max) * (SPARK.length - 1)))]!))
    .join("");
}

export function buildBlocks(slos: SloReport[], ctx: ReportContext): ReportBlock[] {
  const blocks: ReportBlock[] = [
    { kind: "heading", text: `Error budget · ${ctx.windowLabel} window · ${ctx.source}` },
    { kind: "paragraph", text: `${ctx.startIso} → ${ctx.endIso}`, tone: "muted" },
  ];
  const width = Math.max(...slos.map((slo) => slo.name.length));
  for (const slo of slos) {
    blocks.push({
      kind: "bar",
      // The text reporter aligns bar labels; Markdown bolds them, so they stay unpadded here.
      label: slo.name,
      fraction: (slo.budgetConsumedPercent ?? 0) / 100,
      caption:
        slo.status === "no-data"
          ? "no data in the window"
          : `${formatPercent(slo.budgetConsumedPercent)} of budget used (${formatBudget(slo)}) · burn ${formatBurn(slo.burnRate)} · ${slo.status}`,
      tone: TONE[slo.status],
    });
  }
  blocks.push({
    kind: "table",
    columns: ["SLO", "objective", "measured", "remaining", "burn 5m", "1h", "6h", "3d", "status"],
    rows: slos.map((slo) => [
      slo.name,
      slo.description,
      measuredText(slo),
      formatPercent(slo.budgetRemainingPercent),
      formatBurn(slo.burnRates["5m"]),
      formatBurn(slo.burnRates["1h"]),
      formatBurn(slo.burnRates["6h"]),
      formatBurn(slo.burnRates["3d"]),
      slo.status,
    ]),
    align: ["left", "left", "left", "right", "right", "right", "right", "right", "left"],
  });
  const charted = slos.filter((slo) => slo.burnHistory && slo.burnHistory.length > 1);
  if (charted.length > 0) {
    const columns = charted[0]!.burnHistory!.length;
    const lines = charted.map((slo) => {
      const known = slo.burnHistory!.filter((v): v is number => v !== null);
      return `${slo.name.padEnd(width)}  ${sparkline(slo.burnHistory!)}  max ${formatBurn(known.length ? Math.max(...known) : null)}`;
    });
    blocks.push({ kind: "paragraph", text: `Burn rate over the window (${columns} columns of ${formatMinutes(Math.max(1, Math.floor(ctx.windowMinutes / columns)))}, oldest first; blank = no traffic):`, tone: "muted" });
    blocks.push({ kind: "code", text: lines.join("\n") });
  }
  const firing = slos.flatMap((slo) =>
    slo.alerts
      .filter((alert) => alert.firing)
      .map((alert) => `${alert.severity}: ${slo.name} burning ${formatBurn(alert.longBurnRate)} over ${alert.longWindow} and ${formatBurn(alert.shortBurnRate)} over ${alert.shortWindow} (threshold ${alert.factor}×)`),
  );
  if (firing.length > 0) blocks.push({ kind: "list", items: firing, tone: "bad" });
  return blocks;
}

export function buildFindings(slos: SloReport[]): Finding[] {
  const findings: Finding[] = [];
  for (const slo of slos) {
    if (slo.status === "critical") {
      findings.push({ ruleId: "error-budget-exhausted", level: "error", title: `SLO ${slo.name}`, message: `${slo.name}: error budget exhausted (${formatPercent(slo.budgetConsumedPercent)} used; ${slo.description})`, fingerprint: `error-budget-exhausted:${slo.name}` });
    } else if (slo.status === "warning") {
      findings.push({ ruleId: "error-budget-warning", level: "warning", title: `SLO ${slo.name}`, message: `${slo.name}: ${formatPercent(slo.budgetConsumedPercent)} of the error budget used (${slo.description})`, fingerprint: `error-budget-warning:${slo.name}` });
    }
    for (const alert of slo.alerts.filter((a) => a.firing)) {
      findings.push({ ruleId: "burn-rate-alert", level: alert.severity === "page" ? "error" : "warning", title: `SLO ${slo.name}`, message: `${slo.name}: burn rate ${formatBurn(alert.longBurnRate)} over ${alert.longWindow} and ${formatBurn(alert.shortBurnRate)} over ${alert.shortWindow} ≥ ${alert.factor}× (${alert.severity})`, fingerprint: `burn-rate-alert:${slo.name}:${alert.longWindow}` });
    }
  }
  return findings;
}

/**
 * An `application/health+json`-style fragment (draft-inadarei-api-health-check):
 * one check per SLO. An exhausted budget is `warn`, never `fail`: a load balancer
 * must not pull a healthy instance because last week was bad.
 */
export function healthFragment(slos: SloReport[], generatedAt: string): Record<string, unknown> {
  const checks: Record<string, unknown[]> = {};
  for (const slo of slos) {
    const status = slo.status === "warning" || slo.status === "critical" ? "warn" : "pass";
    const output =
      slo.status === "no-data"
        ? "no data in the window"
        : slo.status === "critical"
          ? `error budget exhausted (${formatPercent(slo.budgetConsumedPercent)} used)`
          : slo.status === "warning"
            ? `${formatPercent(slo.budgetConsumedPercent)} of the error budget used`
            : undefined;
    checks[`errorBudget:${slo.name}`] = [
      {
        componentType: "slo",
        observedValue: slo.budgetRemainingPercent,
        observedUnit: "percent",
        status,
        time: generatedAt,
        ...(output ? { output } : {}),
      },
    ];
  }
  const warn = Object.values(checks).some((list) => (list[0] as { status: string }).status === "warn");
  return { status: warn ? "warn" : "pass", generatedAt, checks };
}

/** Structured log lines for stderr (FR-055 warning at 50 %, FR-056 critical when exhausted). */
export function alertLogLines(slos: SloReport[], window: string, now: string): string[] {
  const lines: string[] = [];
  for (const slo of slos) {
    if (slo.status === "warning" || slo.status === "critical") {
      lines.push(
        JSON.stringify({
          timestamp: now,
          level: slo.status,
          event: slo.status === "critical" ? "error_budget_exhausted" : "error_budget_warning",
          slo: slo.name,
          objective: slo.objective,
          window,
          budgetConsumedPercent: slo.budgetConsumedPercent,
          budgetRemainingPercent: slo.budgetRemainingPercent,
          burnRate: slo.burnRate,
        }),
      );
    }
    for (const alert of slo.alerts.filter((a) => a.firing)) {
      lines.push(
        JSON.stringify({
          timestamp: now,
          level: alert.severity === "page" ? "critical" : "warning",
          event: "burn_rate_alert",
          slo: slo.name,
          severity: alert.severity,
          longWindow: alert.longWindow,
          shortWindow: alert.shortWindow,
          factor: alert.factor,
          longBurnRate: alert.longBurnRate,
          shortBurnRate: alert.shortBurnRate,
        }),
      );
    }
  }
  return lines;
}
