import { UsageError } from "../../kernel/errors.js";
import { defineCommand, type RawFlags } from "../../cli/define-command.js";
import type { RunContext } from "../../cli/context.js";
import { errorBudgetOptionsSchema, generatorOptionsSchema, type ErrorBudgetOptions, type GeneratorOptions } from "./options.js";

function list(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `--field status=status_code --field latency=duration_ms` → { status: ["status_code"], latency: ["duration_ms"] }. */
export function parseFieldFlags(values: string[] | undefined): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const value of values ?? []) {
    const match = /^([a-z]+)=(.+)$/.exec(value);
    if (!match) throw new UsageError(`--field ${value}: expected NAME=JSON_FIELD, e.g. status=status_code`);
    fields[match[1]!] = [match[2]!];
  }
  return fields;
}

function parseFlags(flags: RawFlags, ctx: RunContext): ErrorBudgetOptions {
  const config = ctx.config.errorBudget ?? {};
  const logsFlag = list(flags.logs);
  const prometheusFlag = flags.prometheus as string | undefined;
  if (logsFlag && prometheusFlag) throw new UsageError("--logs and --prometheus: choose one source");
  const prometheus = logsFlag ? undefined : (prometheusFlag ?? config.prometheus);
  const logs = prometheus ? [] : (logsFlag ?? config.logs ?? []);
  if (!prometheus && logs.length === 0) {
    throw new UsageError("error-budget needs a source: --logs GLOB… (or - for stdin) or --prometheus URL, or errorBudget.logs / errorBudget.prometheus in crm-devex.config");
  }
  const failOn = (flags.failOn as string | undefined) ?? config.failOn;
  if (failOn !== undefined && failOn !== "warning" && failOn !== "critical") throw new UsageError(`--fail-on ${failOn}: choose warning or critical`);
  const latencyUnit = (flags.latencyUnit as string | undefined) ?? config.latencyUnit ?? "ms";
  if (latencyUnit !== "ms" && latencyUnit !== "s") throw new UsageError(`--latency-unit ${latencyUnit}: choose ms or s`);
  let threads: number | undefined;
  if (flags.threads !== undefined) {
    threads = Number(flags.threads);
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--threads ${String(flags.threads)}: expected a whole number ≥ 1`);
  }
  const configFields = Object.fromEntries(Object.entries(config.fields ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, [v as string]]));
  const parsed = errorBudgetOptionsSchema.safeParse({
    logs,
    prometheus,
    window: (flags.window as string | undefined) ?? config.window,
    until: flags.until as string | undefined,
    fields: { ...configFields, ...parseFieldFlags(list(flags.field)) },
    latencyUnit,
    requestEvent: config.requestEvent === undefined ? "request" : config.requestEvent,
    excludePaths: list(flags.excludePath) ?? config.excludePaths ?? ["/health", "/metrics"],
    openslo: list(flags.openslo) ?? config.openslo ?? [],
    healthOut: (flags.healthOut as string | undefined) ?? config.healthOut,
    failOn,
    threads,
    alertMinRequests: config.alertMinRequests,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

function generatorOptions(flags: RawFlags, ctx: RunContext): GeneratorOptions {
  const config = ctx.config.errorBudget ?? {};
  return generatorOptionsSchema.parse({
    openslo: list(flags.openslo) ?? config.openslo ?? [],
    excludePaths: list(flags.excludePath) ?? config.excludePaths ?? ["/health", "/metrics"],
    window: (flags.window as string | undefined) ?? config.window,
    alertMinRequests: config.alertMinRequests,
    ...(flags.datasource ? { datasource: String(flags.datasource) } : {}),
  });
}

const rulesCommand = defineCommand<GeneratorOptions>({
  name: "rules",
  description: "Print Prometheus recording and multi-window burn-rate alert rules for the SLOs",
  formats: ["text"],
  configure: (command) =>
    void command
      .option("--openslo <files...>", "read SLOs from OpenSLO v1 documents")
      .option("--window <duration>", "SLO window for the budget-remaining rule (default 30d)")
      .option("--exclude-path <globs...>", "handlers left out of the SLIs (default /health /metrics)"),
  options: (_args, flags, ctx) => generatorOptions(flags, ctx),
  load: async () => ({ run: (await import("./index.js")).runRules }),
});

const dashboardCommand = defineCommand<GeneratorOptions>({
  name: "dashboard",
  description: "Print a Grafana dashboard (JSON) for the SLOs: budget remaining, burn rate, P50/P95/P99, error rate per endpoint",
  formats: ["text"],
  configure: (command) =>
    void command
      .option("--openslo <files...>", "read SLOs from OpenSLO v1 documents")
      .option("--window <duration>", "SLO window (default 30d)")
      .option("--exclude-path <globs...>", "handlers left out of the panels (default /health /metrics)")
      .option("--datasource <uid>", "Grafana Prometheus datasource uid (default: a ${DS_PROMETHEUS} input)"),
  options: (_args, flags, ctx) => generatorOptions(flags, ctx),
  load: async () => ({ run: (await import("./index.js")).runDashboard }),
});

export const errorBudgetCommand = defineCommand<ErrorBudgetOptions>({
  name: "error-budget",
  description: "SLO error budgets and burn rates from structured logs or Prometheus",
  formats: ["text", "json", "markdown", "github", "sarif"],
  configure: (command) =>
    void command
      .option("--logs <globs...>", "JSON-lines log files (globs, .gz, - for stdin)")
      .option("--prometheus <url>", "read the SLIs from Prometheus' HTTP API instead")
      .option("--window <duration>", "SLO window: 30d, 28d, 7d, 6h… or month (calendar month so far); default 30d")
      .option("--until <time>", "end of the window, ISO 8601 (default: latest log timestamp, or now for Prometheus)")
      .option("--field <name=json-field...>", "map a field: timestamp, status, latency, path, event (e.g. status=status_code)")
      .option("--latency-unit <unit>", "unit of the latency field: ms or s (default ms)")
      .option("--openslo <files...>", "read SLOs from OpenSLO v1 documents")
      .option("--exclude-path <globs...>", "paths left out of the SLIs (default /health /metrics)")
      .option("--health-out <file>", "write an application/health+json fragment for a /health endpoint")
      .option("--fail-on <level>", "exit 1 at this status: warning or critical (default: never)")
      .option("--threads <n>", "reader threads for large files (default: CPU cores)"),
  options: (_args, flags, ctx) => parseFlags(flags, ctx),
  load: () => import("./index.js"),
  forCheck: async (ctx) => {
    const config = ctx.config.errorBudget;
    if (config?.prometheus) return parseFlags({}, ctx);
    if (!config?.logs?.length) return { notConfigured: "no errorBudget.logs or errorBudget.prometheus in crm-devex.config" };
    const { expandGlob } = await import("../../io/glob.js");
    const { pathExists } = await import("../../io/fs.js");
    for (const pattern of config.logs) {
      for (const file of await expandGlob(ctx.cwd, pattern)) if (await pathExists(file)) return parseFlags({}, ctx);
    }
    return { notChecked: `errorBudget.logs (${config.logs.join(", ")}) matches no files` };
  },
  subcommands: [rulesCommand as never, dashboardCommand as never],
});
