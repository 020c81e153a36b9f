import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { ExitCode } from "../kernel/exit-codes.js";
import { UsageError, describeError } from "../kernel/errors.js";
import { exitCodeFor, requireWork, type CommandResult } from "../kernel/result.js";
import type { ReportSink } from "../io/output.js";
import { REPORT_FORMATS, type ReportFormat } from "../reporters/types.js";
import { isRawOutput, type RunContext } from "./context.js";
import { isGate, type CommandDefinition, type RawFlags } from "./define-command.js";
import { TOOL_VERSION } from "./version.js";

/** Flags every command accepts (declared once on the program). */
export interface GlobalFlags {
  format?: string;
  output?: string;
  /** Also write the JSON report here, whatever --format prints (Action outputs read it). */
  jsonOutput?: string;
  cwd?: string;
  config?: string;
  debug?: boolean;
  color?: boolean;
}

export interface Environment {
  env: NodeJS.ProcessEnv;
  /** The process's working directory; --cwd resolves against it. */
  processCwd: string;
  sink: ReportSink;
  stdoutIsTTY: boolean;
  readStdin(): Promise<string>;
}

/** Build the RunContext for a command: resolve --cwd, load and validate config. */
export async function createRunContext(globals: GlobalFlags, environment: Environment): Promise<RunContext> {
  const cwd = resolve(environment.processCwd, globals.cwd ?? ".");
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--cwd ${globals.cwd}: not a directory`);
  // Loaded on first use so `--help` and `--version` never pay for the YAML parser.
  const { loadConfig } = await import("../config/load.js");
  const { config, file } = await loadConfig(cwd, globals.config);
  return {
    cwd,
    env: environment.env,
    config,
    configFile: file,
    debug: Boolean(globals.debug),
    readStdin: environment.readStdin,
    log: (line) => environment.sink.stderr(`${line}\n`),
  };
}

/** Check --format against what the command supports; default to its first format. */
export function chooseFormat(requested: string | undefined, supported: readonly ReportFormat[]): ReportFormat {
  if (requested === undefined) return supported[0]!;
  if (!(REPORT_FORMATS as readonly string[]).includes(requested)) {
    throw new UsageError(`--format ${requested}: unknown format (choose one of ${supported.join(", ")})`);
  }
  if (!supported.includes(requested as ReportFormat)) {
    throw new UsageError(`--format ${requested}: not supported by this command (choose one of ${supported.join(", ")})`);
  }
  return requested as ReportFormat;
}

/** Whether the text report gets ANSI colour: a TTY, no NO_COLOR, no --no-color; FORCE_COLOR wins. */
export function wantsColor(globals: GlobalFlags, environment: Environment): boolean {
  if (globals.color === false) return false;
  if (environment.env.FORCE_COLOR && environment.env.FORCE_COLOR !== "0") return true;
  if (environment.env.NO_COLOR) return false;
  return environment.stdoutIsTTY;
}

/**
 * Run one command end to end: options, implementation, report, exit code.
 * Never throws; every error becomes a message on stderr and exit code 2.
 */
export async function executeCommand<Options>(
  definition: CommandDefinition<Options>,
  args: string[],
  flags: RawFlags,
  globals: GlobalFlags,
  environment: Environment,
): Promise<ExitCode> {
  try {
    const format = chooseFormat(globals.format, definition.formats);
    const ctx = await createRunContext(globals, environment);
    const options = await definition.options(args, flags, ctx);
    const module = await definition.load();
    const outcome = await module.run(options, ctx);
    if (isRawOutput(outcome)) {
      environment.sink.stdout(outcome.text);
      const { writeReportFile } = await import("../io/output.js");
      if (globals.output) await writeReportFile(resolve(ctx.cwd, globals.output), outcome.text);
      return ExitCode.Passed;
    }
    const result = isGate(definition as CommandDefinition<unknown>) ? requireWork(outcome) : outcome;
    return await emitResult(result, format, globals, environment, ctx);
  } catch (error) {
    const { lines, exitCode } = describeError(error, Boolean(globals.debug));
    environment.sink.stderr(`${lines.join("\n")}\n`);
    return exitCode;
  }
}

/** Render a result, print it, write --output and the job summary, and return its exit code. */
export async function emitResult(
  result: CommandResult,
  format: ReportFormat,
  globals: GlobalFlags,
  environment: Environment,
  ctx: RunContext,
): Promise<ExitCode> {
  const [{ render, renderMarkdown }, { appendStepSummary, writeReportFile }] = await Promise.all([import("../reporters/index.js"), import("../io/output.js")]);
  const reportCtx = {
    color: format === "text" && wantsColor(globals, environment),
    toolVersion: TOOL_VERSION,
    cwd: ctx.cwd,
    annotationRoot: environment.env.GITHUB_WORKSPACE || undefined,
  };
  const report = render(result, format, reportCtx);
  environment.sink.stdout(report);
  if (globals.output) {
    const fileReport = format === "text" ? render(result, format, { ...reportCtx, color: false }) : report;
    await writeReportFile(resolve(ctx.cwd, globals.output), fileReport);
  }
  if (globals.jsonOutput) await writeReportFile(resolve(ctx.cwd, globals.jsonOutput), render(result, "json", { ...reportCtx, color: false }));
  if (format === "github") await appendStepSummary(environment.env, renderMarkdown(result, reportCtx));
  return result.exitCode ?? exitCodeFor(result.verdict);
}
