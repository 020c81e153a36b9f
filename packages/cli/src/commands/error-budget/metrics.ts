import type { ErrorBudgetConfig } from "./config.js";

/** Metric names and labels, defaulting to what prometheus-fastapi-instrumentator exports. */
export interface MetricNames {
  /** Counter of requests, labelled by handler, method and status ("2xx" grouped, or "200"). */
  requests: string;
  /** Histogram of request durations in seconds (`_bucket{le}`, `_count`). */
  duration: string;
  statusLabel: string;
  handlerLabel: string;
  /** Extra label matchers for every series, e.g. `job="crm-api"`. */
  selector: string;
}

export const DEFAULT_METRICS: MetricNames = {
  requests: "http_requests_total",
  duration: "http_request_duration_seconds",
  statusLabel: "status",
  handlerLabel: "handler",
  selector: "",
};

export function metricNames(config: ErrorBudgetConfig["metrics"]): MetricNames {
  return { ...DEFAULT_METRICS, ...Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => v !== undefined)) };
}

/** A PromQL regex (RE2, fully anchored) matching the excluded path globs. */
export function excludeRegex(globs: string[]): string {
  return globs
    .map((glob) =>
      glob
        .split("")
        .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : /[.+^${}()|[\]\\]/.test(ch) ? `\\\\${ch}` : ch))
        .join(""),
    )
    .join("|");
}

/** The label matchers every query uses: excluded handlers out, the user's selector in. */
export function baseMatchers(metrics: MetricNames, excludePaths: string[]): string[] {
  const matchers: string[] = [];
  if (excludePaths.length > 0) matchers.push(`${metrics.handlerLabel}!~"${excludeRegex(excludePaths)}"`);
  if (metrics.selector.trim()) matchers.push(metrics.selector.trim());
  return matchers;
}

export function selector(matchers: string[]): string {
  return `{${matchers.join(",")}}`;
}

/** The PromQL for each SLI, shared by the `--prometheus` source and the generated rules. */
export function promql(metrics: MetricNames, excludePaths: string[]) {
  const base = baseMatchers(metrics, excludePaths);
  const all = selector(base);
  const errors = selector([...base, `${metrics.statusLabel}=~"5.."`]);
  const buckets = `${metrics.duration}_bucket${all}`;
  return {
    requests: (range: string) => `sum(increase(${metrics.requests}${all}[${range}]))`,
    errors: (range: string) => `sum(increase(${metrics.requests}${errors}[${range}]))`,
    bucketsByLe: (range: string) => `sum by (le) (increase(${buckets}[${range}]))`,
    quantile: (q: number, range: string) => `histogram_quantile(${q}, sum by (le) (increase(${buckets}[${range}])))`,
    /** Minutes with at least one request over the range. */
    knownMinutes: (range: string) => `count_over_time((sum(increase(${metrics.requests}${all}[1m])) > 0)[${range}:1m])`,
    /** Minutes whose 5xx share reached the ratio. */
    downMinutes: (ratio: number, range: string) =>
      `sum_over_time((sum(increase(${metrics.requests}${errors}[1m])) / sum(increase(${metrics.requests}${all}[1m])) >= bool ${ratio})[${range}:1m])`,
    // Rates for the rules, per second.
    requestRate: (range: string) => `sum(rate(${metrics.requests}${all}[${range}]))`,
    errorRate: (range: string) => `sum(rate(${metrics.requests}${errors}[${range}]))`,
    bucketRate: (le: string, range: string) => `sum(rate(${metrics.duration}_bucket${selector([...base, `le="${le}"`])}[${range}]))`,
    countRate: (range: string) => `sum(rate(${metrics.duration}_count${all}[${range}]))`,
  };
}
