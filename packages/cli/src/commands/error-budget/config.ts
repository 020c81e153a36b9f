import { z } from "zod";

/** A duration such as `30d`, `6h`, `90m`, `4w`. */
const duration = z.string().regex(/^(?:\d+(?:w|d|h|m)|month|calendar-month)$/, "expected a duration such as 30d, 28d, 6h or 90m, or month");

/**
 * One SLO of the top-level `slos` list. Objectives are percentages (99.9, not 0.999).
 * - availability: time slices; a minute is down when at least `downRatio` of its requests failed with 5xx
 * - latency: `objective`% of requests complete within `thresholdMs`
 * - error-rate: occurrences; at most (100 − objective)% of requests fail with 5xx
 */
export const sloConfig = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "expected a kebab-case name"),
    kind: z.enum(["availability", "latency", "error-rate"]),
    objective: z.number().gt(0).lt(100),
    thresholdMs: z.number().positive().optional(),
    downRatio: z.number().gt(0).lte(1).optional(),
    description: z.string().optional(),
  })
  .strict()
  // Checked here rather than when SLOs are built so the config loader can name the line.
  .refine((slo) => slo.kind !== "latency" || slo.thresholdMs !== undefined, { message: "a latency SLO needs thresholdMs (e.g. thresholdMs: 500)", path: ["thresholdMs"] });

/** The top-level `slos` list of crm-devex.config. */
export const slosConfig = z.array(sloConfig);

/** Field names in the JSON log lines, by meaning. Dotted paths (`res.statusCode`) reach into objects. */
const fieldsConfig = z
  .object({
    timestamp: z.string().optional(),
    status: z.string().optional(),
    latency: z.string().optional(),
    path: z.string().optional(),
    method: z.string().optional(),
    event: z.string().optional(),
  })
  .strict();

/** Prometheus metric names and labels (defaults: prometheus-fastapi-instrumentator). */
const metricsConfig = z
  .object({
    requests: z.string().optional(),
    duration: z.string().optional(),
    statusLabel: z.string().optional(),
    handlerLabel: z.string().optional(),
    selector: z.string().optional(),
  })
  .strict();

/** The `errorBudget` section of crm-devex.config. */
export const errorBudgetConfig = z
  .object({
    /** Globs of JSON-lines log files (`.gz` too), relative to the config's directory. */
    logs: z.array(z.string()).optional(),
    /** Prometheus base URL, e.g. http://127.0.0.1:9090. */
    prometheus: z.string().url().optional(),
    window: duration.optional(),
    fields: fieldsConfig.optional(),
    /** Latency field unit in the logs. */
    latencyUnit: z.enum(["ms", "s"]).optional(),
    /** Value of the event field that marks a request line; lines with another event are ignored. */
    requestEvent: z.string().nullable().optional(),
    /** Request paths left out of every SLI (picomatch globs). Default: /health, /metrics. */
    excludePaths: z.array(z.string()).optional(),
    /** Where to write the /health fragment on every run. */
    healthOut: z.string().optional(),
    /** Fail `check` (and the command) at this status. */
    failOn: z.enum(["warning", "critical"]).optional(),
    metrics: metricsConfig.optional(),
    /** Burn alerts fire only when their long window served at least this many requests (default 100). */
    alertMinRequests: z.number().int().nonnegative().optional(),
    /** OpenSLO v1 files whose SLO documents replace the `slos` list. */
    openslo: z.array(z.string()).optional(),
  })
  .strict();

export type SloConfig = z.infer<typeof sloConfig>;
export type ErrorBudgetConfig = z.infer<typeof errorBudgetConfig>;
