import type { RunContext } from "../../cli/context.js";
import { UsageError, InputError } from "../../kernel/errors.js";
import type { CommandResult } from "../../kernel/result.js";
import { displayPath, resolveFrom, writeFileAtomic } from "../../io/fs.js";
import { expandGlob } from "../../io/glob.js";
import { evaluateSlo, overallStatus, type EvaluationInput } from "./analyse.js";
import { durationMinutes, parseWindow, rollingMinutes, type WindowSpec } from "./duration.js";
import { loadSlos } from "./load-slos.js";
import { DEFAULT_FIELDS, FIELD_NAMES, type FieldPaths } from "./logs/line-parser.js";
import { scanInputs, type LogInput } from "./logs/scan.js";
import { sketchMinutesFor } from "./logs/accumulate.js";
import { metricNames } from "./metrics.js";
import type { LogScan, SloReport } from "./model.js";
import type { ErrorBudgetOptions } from "./options.js";
import { evaluationInputFromPrometheus } from "./prometheus.js";
import { RULES, alertLogLines, buildBlocks, buildFindings, formatPercent, healthFragment } from "./report.js";
import { evaluationInputFromScan, excludedInWindow, outsideWindow, resolveWindow } from "./series.js";

export { runRules } from "./rules.js";
export { runDashboard } from "./dashboard.js";

/** Parse `--until`: ISO 8601 (UTC unless a zone is given). */
export function parseUntil(text: string | undefined): number | null {
  if (text === undefined) return null;
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  const ms = iso ? Date.parse(iso[1] || text.length <= 10 ? text : `${text}Z`) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--until ${text}: expected an ISO 8601 time such as 2026-11-25T09:00:00Z`);
  return ms;
}

/** Field paths: each --field/config mapping replaces the candidates for that field. */
export function resolveFields(overrides: Record<string, string[]>): FieldPaths {
  const fields: FieldPaths = { ...DEFAULT_FIELDS };
  for (const [name, paths] of Object.entries(overrides)) {
    if (!(FIELD_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--field ${name}=…: unknown field (choose from ${FIELD_NAMES.join(", ")})`);
    }
    fields[name as keyof FieldPaths] = paths;
  }
  return fields;
}

async function logInputs(options: ErrorBudgetOptions, ctx: RunContext): Promise<{ inputs: LogInput[]; warnings: string[] }> {
  const inputs: LogInput[] = [];
  const warnings: string[] = [];
  for (const pattern of options.logs) {
    if (pattern === "-") {
      inputs.push({ kind: "stdin", text: await ctx.readStdin() });
      continue;
    }
    const files = await expandGlob(ctx.cwd, pattern);
    if (files.length === 0) warnings.push(`--logs ${pattern}: no files match`);
    for (const path of files) inputs.push({ kind: "file", path, label: displayPath(ctx.cwd, resolveFrom(ctx.cwd, path)) });
  }
  if (inputs.length === 0) throw new InputError(`no log files match ${options.logs.join(", ")}`, { file: options.logs[0] ?? "--logs" });
  return { inputs, warnings };
}

const REASONS = { notJson: "not JSON", missingField: "missing field", wrongType: "wrong type", outsideWindow: "outside the window" } as const;

export async function run(options: ErrorBudgetOptions, ctx: RunContext): Promise<CommandResult> {
  const loaded = await loadSlos(ctx, options.openslo);
  const { slos } = loaded;
  const warnings = [...loaded.warnings];
  const windowSpec: WindowSpec = options.window ? parseWindow(options.window) : { kind: "rolling", minutes: loaded.windowMinutes ?? durationMinutes("30d") };
  let windowLabel: string;
  const untilMs = parseUntil(options.until);
  const thresholdsMs = [...new Set(slos.filter((slo) => slo.kind === "latency").map((slo) => slo.thresholdMs!))];
  let input: EvaluationInput;
  let startMs: number;
  let endMs: number;
  let source: string;
  const json: Record<string, unknown> = {};
  let skippedLines = 0;
  if (options.prometheus) {
    endMs = untilMs ?? Date.now();
    const window = resolveWindow(windowSpec, endMs);
    windowLabel = window.label;
    startMs = windowSpec.kind === "rolling" ? endMs - window.minutes * 60_000 : window.startMinute * 60_000;
    const result = await evaluationInputFromPrometheus(options.prometheus, metricNames(ctx.config.errorBudget?.metrics), options.excludePaths, slos, window, endMs);
    input = result.input;
    source = `Prometheus ${options.prometheus} (${input.window.requests} requests)`;
    json.source = { kind: "prometheus", url: options.prometheus, requests: input.window.requests };
  } else {
    const { inputs, warnings: inputWarnings } = await logInputs(options, ctx);
    warnings.push(...inputWarnings);
    const probeWindow = untilMs === null ? null : resolveWindow(windowSpec, untilMs);
    const scan: LogScan = await scanInputs(
      inputs,
      {
        fields: resolveFields(options.fields),
        latencyScale: options.latencyUnit === "s" ? 1000 : 1,
        requestEvent: options.requestEvent,
        excludePaths: options.excludePaths,
        windowMs: probeWindow && untilMs !== null ? [probeWindow.startMinute * 60_000, untilMs + 1] : null,
        thresholdsMs,
        sketchMinutes: sketchMinutesFor(rollingMinutes(windowSpec)),
      },
      options.threads ? { threads: options.threads } : undefined,
    );
    const window = resolveWindow(windowSpec, untilMs ?? scan.latestMs ?? Date.now());
    windowLabel = window.label;
    const outside = outsideWindow(scan, window);
    scan.skipped.outsideWindow += outside.lines;
    skippedLines = Object.values(scan.skipped).reduce((a, b) => a + b, 0);
    const examples = [
      ...scan.skippedExamples.map((e) => `${e.file}:${e.line} (${e.detail})`),
      ...outside.examples.map((ref) => `${ref.file}:${ref.line} (outside the window)`),
    ].slice(0, 5);
    if (skippedLines > 0) {
      const reasons = Object.entries(scan.skipped)
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${n} ${REASONS[reason as keyof typeof REASONS]}`)
        .join(", ");
      warnings.push(`skipped ${skippedLines} of ${scan.lines} lines (${reasons}); first: ${examples.join("; ")}`);
    }
    input = evaluationInputFromScan(scan, window, slos, thresholdsMs);
    startMs = window.startMinute * 60_000;
    endMs = untilMs ?? scan.latestMs ?? Date.now();
    const files = inputs.length === 1 ? (inputs[0]!.kind === "file" ? inputs[0]!.label : "stdin") : `${inputs.length} inputs`;
    source = `logs ${files} (${input.window.requests} requests, ${skippedLines} lines skipped)`;
    json.source = { kind: "logs", inputs: inputs.map((i) => (i.kind === "file" ? i.label : "-")), bytes: scan.bytes, lines: scan.lines };
    json.requests = { counted: input.window.requests, excluded: excludedInWindow(scan, window), otherEvents: scan.otherEvents };
    json.skipped = scan.skipped;
    json.skippedExamples = examples;
  }
  const reports: SloReport[] = slos.map((slo) => evaluateSlo(slo, { ...input, alertMinRequests: options.alertMinRequests }));
  const status = overallStatus(reports.map((r) => r.status));
  const generatedAt = new Date().toISOString();
  const window = { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), duration: windowLabel };
  for (const line of alertLogLines(reports, window.duration, generatedAt)) ctx.log(line);
  const healthOut = options.healthOut;
  if (healthOut) await writeFileAtomic(resolveFrom(ctx.cwd, healthOut), `${JSON.stringify(healthFragment(reports, generatedAt), null, 2)}\n`);
  const failed =
    (options.failOn === "warning" && (status === "warning" || status === "critical")) || (options.failOn === "critical" && status === "critical");
  const summary = reports
    .map((r) => (r.status === "no-data" ? `${r.name}: no data` : `${r.name} ${formatPercent(r.budgetConsumedPercent)} used (${r.status})`))
    .join(" · ");
  const measured = slos.length ? input.window.requests : 0;
  return {
    command: "error-budget",
    verdict: failed ? "failed" : "passed",
    summary,
    work: {
      count: measured,
      what: `requests measured against ${slos.length} SLO${slos.length === 1 ? "" : "s"}`,
      missing: measured ? undefined : slos.length ? `no request in the window ${windowLabel} (${source})` : "no SLO to evaluate",
    },
    blocks: buildBlocks(reports, { source, windowLabel, windowMinutes: input.elapsedMinutes ?? input.windowMinutes, startIso: window.start, endIso: window.end }),
    findings: buildFindings(reports),
    rules: RULES,
    warnings,
    json: { window, status, skippedLines, ...json, slos: reports, ...(healthOut ? { healthOut } : {}) },
  };
}
