import { stringify } from "yaml";
import type { RunContext } from "../../cli/context.js";
import type { RawOutput } from "../../cli/context.js";
import { durationMinutes, formatMinutes, parseWindow, rollingMinutes } from "./duration.js";
import { loadSlos } from "./load-slos.js";
import { metricNames, promql, type MetricNames } from "./metrics.js";
import { BURN_ALERTS, type Slo } from "./model.js";
import type { GeneratorOptions } from "./options.js";
import { budgetFraction } from "./rational.js";

/** Windows recorded for every SLO: the burn-alert windows plus the SLO window. */
const SHORT_WINDOWS = ["5m", "30m", "1h", "6h"] as const;
const LONG_WINDOWS = ["3d"] as const;

/** A regex matching Prometheus' spellings of a bucket bound in seconds ("0.5", "1", "1.0"). */
export function leMatcher(thresholdMs: number): string {
  const seconds = String(thresholdMs / 1000);
  const escaped = seconds.replace(".", "\\\\.");
  return seconds.includes(".") ? `${escaped}0*` : `${escaped}(\\\\.0*)?`;
}

/** An exact decimal spelling of factor × budget, e.g. 14.4 × 0.001 → "0.0144". */
function threshold(factor: number, slo: Slo): string {
  const budget = budgetFraction(slo.objective);
  return String(Number(((factor * Number(budget.num)) / Number(budget.den)).toPrecision(12)));
}

/** Error and total per-second rates of one SLO's events over a range. */
function eventRates(slo: Slo, metrics: MetricNames, excludePaths: string[], range: string): { errors: string; total: string } {
  const q = promql(metrics, excludePaths);
  switch (slo.kind) {
    case "error-rate":
    case "availability":
      return { errors: `(${q.errorRate(range)} or vector(0))`, total: q.requestRate(range) };
    case "latency": {
      const within = q.bucketRate("__LE__", range).replace(`le="__LE__"`, `le=~"${leMatcher(slo.thresholdMs!)}"`);
      return { errors: `(${q.countRate(range)} - (${within} or vector(0)))`, total: q.countRate(range) };
    }
  }
}

/**
 * The SLI error ratio over a range. Request-weighted (errors over all requests),
 * never an average of ratios. Availability counts one-minute slices: the share of
 * evaluated minutes whose 5xx ratio reached the SLO's down ratio.
 */
function errorRatioExpr(slo: Slo, metrics: MetricNames, excludePaths: string[], range: string): string {
  if (slo.kind === "availability") return `avg_over_time(slo:sli_slice_down:ratio_rate1m{slo="${slo.name}"}[${range}])`;
  const rates = eventRates(slo, metrics, excludePaths, range);
  return `${rates.errors}\n/\n${rates.total}`;
}

function longRatioExpr(slo: Slo, range: string): string {
  if (slo.kind === "availability") return `avg_over_time(slo:sli_slice_down:ratio_rate1m{slo="${slo.name}"}[${range}])`;
  return `sum_over_time(slo:sli_errors:rate5m{slo="${slo.name}"}[${range}])\n/\nsum_over_time(slo:sli_total:rate5m{slo="${slo.name}"}[${range}])`;
}

function alertName(slo: Slo, severity: string): string {
  const camel = slo.name.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
  return `SLO${camel}ErrorBudgetBurn${severity === "page" ? "Page" : "Ticket"}`;
}

/** Prometheus recording and multi-window burn-rate alert rules (one group per SLO), as a rule file. */
export function generateRules(slos: Slo[], metrics: MetricNames, excludePaths: string[], windowMinutes: number, alertMinRequests = 100): string {
  const q = promql(metrics, excludePaths);
  // Low traffic: no alert unless the long window served enough requests to mean something.
  const enoughTraffic = (range: string) => (alertMinRequests > 0 ? `\n  and on()\n  ${q.requests(range)} >= ${alertMinRequests}` : "");
  const period = formatMinutes(windowMinutes);
  const groups = slos.map((slo) => {
    const labels = { slo: slo.name, slo_kind: slo.kind };
    const budget = budgetFraction(slo.objective);
    const budgetText = String(Number((Number(budget.num) / Number(budget.den)).toPrecision(12)));
    const recordings: Record<string, unknown>[] = [];
    const rates5m = eventRates(slo, metrics, excludePaths, "5m");
    recordings.push({ record: "slo:sli_errors:rate5m", expr: rates5m.errors, labels });
    recordings.push({ record: "slo:sli_total:rate5m", expr: rates5m.total, labels });
    if (slo.kind === "availability") {
      const minute = eventRates(slo, metrics, excludePaths, "1m");
      recordings.push({
        record: "slo:sli_slice_down:ratio_rate1m",
        expr: `(${minute.errors} / (${minute.total} > 0)) >= bool ${slo.downRatio}`,
        labels,
      });
    }
    for (const w of SHORT_WINDOWS) recordings.push({ record: `slo:sli_error:ratio_rate${w}`, expr: errorRatioExpr(slo, metrics, excludePaths, w), labels });
    for (const w of LONG_WINDOWS) recordings.push({ record: `slo:sli_error:ratio_rate${w}`, expr: longRatioExpr(slo, w), labels });
    recordings.push({ record: `slo:sli_error:ratio_rate_period`, expr: longRatioExpr(slo, period), labels: { ...labels, slo_period: period } });
    recordings.push({ record: "slo:objective:ratio", expr: `vector(${Number((slo.objective / 100).toPrecision(12))})`, labels });
    recordings.push({ record: "slo:error_budget:ratio", expr: `vector(${budgetText})`, labels });
    recordings.push({ record: "slo:current_burn_rate:ratio", expr: `slo:sli_error:ratio_rate5m{slo="${slo.name}"} / ${budgetText}`, labels });
    recordings.push({ record: "slo:period_burn_rate:ratio", expr: `slo:sli_error:ratio_rate_period{slo="${slo.name}"} / ${budgetText}`, labels: { ...labels, slo_period: period } });
    recordings.push({
      record: "slo:period_error_budget_remaining:ratio",
      expr: `1 - slo:period_burn_rate:ratio{slo="${slo.name}"}`,
      labels: { ...labels, slo_period: period },
    });
    const alerts = (["page", "ticket"] as const).map((severity) => {
      const pairs = BURN_ALERTS.filter((a) => a.severity === severity).map(
        (a) =>
          `(\n  slo:sli_error:ratio_rate${a.longWindow}{slo="${slo.name}"} > ${threshold(a.factor, slo)}\n  and\n  slo:sli_error:ratio_rate${a.shortWindow}{slo="${slo.name}"} > ${threshold(a.factor, slo)}${enoughTraffic(a.longWindow)}\n)`,
      );
      const windows = BURN_ALERTS.filter((a) => a.severity === severity)
        .map((a) => `${a.factor}× over ${a.longWindow} and ${a.shortWindow}`)
        .join(", or ");
      return {
        alert: alertName(slo, severity),
        expr: pairs.join("\nor\n"),
        labels: { severity, slo: slo.name },
        annotations: {
          summary: `SLO ${slo.name} is burning its error budget too fast`,
          description: `${slo.description}: error budget burning ${windows} (SRE workbook multi-window alert).`,
        },
      };
    });
    return { name: `crm-devex-slo-${slo.name}`, rules: [...recordings, ...alerts] };
  });
  return `# Generated by crm-devex error-budget rules. Do not edit by hand; regenerate from the SLOs.\n${stringify({ groups }, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

export async function runRules(options: GeneratorOptions, ctx: RunContext): Promise<RawOutput> {
  const { slos, windowMinutes } = await loadSlos(ctx, options.openslo);
  // Prometheus has no calendar windows: `month` becomes a rolling 30 days here.
  const minutes = options.window ? rollingMinutes(parseWindow(options.window)) : (windowMinutes ?? durationMinutes("30d"));
  return { kind: "raw", text: generateRules(slos, metricNames(ctx.config.errorBudget?.metrics), options.excludePaths, minutes, options.alertMinRequests) };
}
