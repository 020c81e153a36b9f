import { z } from "zod";

/** Options of `error-budget`, shared by the CLI and the Action. Paths resolve against the working directory. */
export const errorBudgetOptionsSchema = z.object({
  /** Globs of JSON-lines files (`.gz` too); "-" reads standard input. */
  logs: z.array(z.string()),
  prometheus: z.string().url().optional(),
  window: z.string().optional(),
  /** ISO 8601 end of the window; default: the latest timestamp in the logs (logs) or now (Prometheus). */
  until: z.string().optional(),
  /** Field mapping, e.g. { status: ["status_code"] }. */
  fields: z.record(z.array(z.string())).default({}),
  latencyUnit: z.enum(["ms", "s"]).default("ms"),
  requestEvent: z.string().nullable().default("request"),
  excludePaths: z.array(z.string()).default(["/health", "/metrics"]),
  openslo: z.array(z.string()).default([]),
  healthOut: z.string().optional(),
  failOn: z.enum(["warning", "critical"]).optional(),
  /** Burn alerts need at least this many requests in their long window. */
  alertMinRequests: z.number().int().nonnegative().default(100),
  /** Reader threads for large files (default: the machine's cores). */
  threads: z.number().int().positive().optional(),
});

export type ErrorBudgetOptions = z.infer<typeof errorBudgetOptionsSchema>;

/** Options of `error-budget rules` and `error-budget dashboard`. */
export const generatorOptionsSchema = z.object({
  openslo: z.array(z.string()).default([]),
  excludePaths: z.array(z.string()).default(["/health", "/metrics"]),
  window: z.string().optional(),
  alertMinRequests: z.number().int().nonnegative().default(100),
  /** Grafana datasource uid (dashboard only). */
  datasource: z.string().default("${DS_PROMETHEUS}"),
});

export type GeneratorOptions = z.infer<typeof generatorOptionsSchema>;
