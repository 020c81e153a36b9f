import type { RawOutput, RunContext } from "../../cli/context.js";
import { durationMinutes, formatMinutes, parseWindow, rollingMinutes } from "./duration.js";
import { loadSlos } from "./load-slos.js";
import { baseMatchers, metricNames, selector, type MetricNames } from "./metrics.js";
import type { Slo } from "./model.js";
import type { GeneratorOptions } from "./options.js";

interface Panel {
  [key: string]: unknown;
}

/**
 * A Grafana dashboard (JSON model, schemaVersion 39) over the recording rules
 * `error-budget rules` writes and the raw instrumentator metrics: budget
 * remaining and burn rate per SLO, P50/P95/P99 latency, error rate per endpoint.
 */
export function generateDashboard(slos: Slo[], metrics: MetricNames, excludePaths: string[], windowMinutes: number, datasourceUid: string): Record<string, unknown> {
  const datasource = { type: "prometheus", uid: datasourceUid };
  const all = selector(baseMatchers(metrics, excludePaths));
  const errors = selector([...baseMatchers(metrics, excludePaths), `${metrics.statusLabel}=~"5.."`]);
  const panels: Panel[] = [];
  let id = 1;
  const period = formatMinutes(windowMinutes);
  slos.forEach((slo, index) => {
    panels.push({
      id: id++,
      type: "stat",
      title: `Error budget remaining · ${slo.name} (${period})`,
      description: slo.description,
      datasource,
      gridPos: { h: 5, w: 8, x: (index % 3) * 8, y: Math.floor(index / 3) * 5 },
      targets: [{ refId: "A", datasource, expr: `slo:period_error_budget_remaining:ratio{slo="${slo.name}"}`, legendFormat: slo.name }],
      fieldConfig: {
        defaults: {
          unit: "percentunit",
          decimals: 1,
          thresholds: { mode: "absolute", steps: [{ color: "red", value: null }, { color: "orange", value: 0 }, { color: "green", value: 0.5 }] },
        },
        overrides: [],
      },
      options: { reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false }, colorMode: "background", graphMode: "area" },
    });
  });
  const top = Math.ceil(slos.length / 3) * 5;
  const timeseries = (title: string, y: number, x: number, unit: string, targets: { expr: string; legendFormat: string }[], description: string): Panel => ({
    id: id++,
    type: "timeseries",
    title,
    description,
    datasource,
    gridPos: { h: 8, w: 12, x, y },
    targets: targets.map((target, i) => ({ refId: String.fromCharCode(65 + i), datasource, ...target })),
    fieldConfig: { defaults: { unit, custom: { lineWidth: 1, fillOpacity: 10 } }, overrides: [] },
    options: { legend: { displayMode: "table", placement: "bottom", calcs: ["lastNotNull", "max"] }, tooltip: { mode: "multi" } },
  });
  panels.push(
    timeseries(
      "Burn rate (1h and 5m)",
      top,
      0,
      "x",
      [
        { expr: `slo:sli_error:ratio_rate1h / on(slo) group_left() slo:error_budget:ratio`, legendFormat: "{{slo}} 1h" },
        { expr: `slo:sli_error:ratio_rate5m / on(slo) group_left() slo:error_budget:ratio`, legendFormat: "{{slo}} 5m" },
      ],
      "1× spends the budget exactly over the SLO window; pages fire at 14.4× (1h and 5m) and 6× (6h and 30m).",
    ),
    timeseries(
      "Latency P50 / P95 / P99",
      top,
      12,
      "s",
      [0.5, 0.95, 0.99].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (le) (rate(${metrics.duration}_bucket${all}[5m])))`,
        legendFormat: `P${Math.round(q * 100)}`,
      })),
      "Interpolated from histogram buckets; the SLO verdict itself counts requests within the threshold bucket exactly.",
    ),
    timeseries(
      "Error rate (5xx) per endpoint",
      top + 8,
      0,
      "percentunit",
      [
        {
          expr: `sum by (${metrics.handlerLabel}) (rate(${metrics.requests}${errors}[5m])) / sum by (${metrics.handlerLabel}) (rate(${metrics.requests}${all}[5m]))`,
          legendFormat: `{{${metrics.handlerLabel}}}`,
        },
      ],
      "Share of requests answered with 5xx, per route template.",
    ),
    timeseries(
      "Requests per second by status",
      top + 8,
      12,
      "reqps",
      [{ expr: `sum by (${metrics.statusLabel}) (rate(${metrics.requests}${all}[5m]))`, legendFormat: `{{${metrics.statusLabel}}}` }],
      "Traffic behind the ratios; burn rates at very low traffic are noisy.",
    ),
  );
  return {
    title: "CRM API · SLOs and error budgets",
    uid: "crm-devex-slos",
    tags: ["slo", "crm-devex"],
    timezone: "utc",
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: "now-24h", to: "now" },
    refresh: "1m",
    templating: {
      list: [{ name: "DS_PROMETHEUS", label: "Prometheus", type: "datasource", query: "prometheus", current: {}, hide: 0 }],
    },
    annotations: { list: [] },
    panels,
  };
}

export async function runDashboard(options: GeneratorOptions, ctx: RunContext): Promise<RawOutput> {
  const { slos, windowMinutes } = await loadSlos(ctx, options.openslo);
  // Prometheus has no calendar windows: `month` becomes a rolling 30 days here.
  const minutes = options.window ? rollingMinutes(parseWindow(options.window)) : (windowMinutes ?? durationMinutes("30d"));
  const dashboard = generateDashboard(slos, metricNames(ctx.config.errorBudget?.metrics), options.excludePaths, minutes, options.datasource);
  return { kind: "raw", text: `${JSON.stringify(dashboard, null, 2)}\n` };
}
