import { describeError } from "../../kernel/errors.js";
import { ExitCode } from "../../kernel/exit-codes.js";
import { exitCodeFor, notChecked, notConfigured, requireWork, worstExitCode, type CommandResult, type ReportBlock } from "../../kernel/result.js";
import { isRawOutput, type RunContext } from "../../cli/context.js";
import { isNotChecked, isNotConfigured, type CommandDefinition, type GateRun } from "../../cli/define-command.js";
import { GATE_NAMES, type GateName } from "../../config/schema.js";
import { GATES } from "../registry.js";
import type { CheckOptions } from "./options.js";
import { createProgress } from "./progress.js";

/** Run one gate as `check` would: its options from config, errors turned into an exit-2 result. */
export async function runGate(name: string, definition: CommandDefinition<unknown>, ctx: RunContext): Promise<GateRun> {
  const started = performance.now();
  let result: CommandResult;
  let exitCode: ExitCode;
  try {
    const options = definition.forCheck ? await definition.forCheck(ctx) : { notConfigured: "not part of check" };
    if (isNotConfigured(options)) {
      result = notConfigured(name, options.notConfigured);
    } else if (isNotChecked(options)) {
      result = notChecked(name, options.notChecked);
    } else {
      const outcome = await (await definition.load()).run(options, ctx);
      if (isRawOutput(outcome)) throw new Error(`${name} returned raw output where a report was expected`);
      // The kernel rule: a gate that compared, scanned or measured nothing has not passed.
      result = requireWork(outcome);
    }
    exitCode = result.exitCode ?? exitCodeFor(result.verdict);
  } catch (error) {
    const { lines, exitCode: code } = describeError(error, ctx.debug);
    result = {
      command: name,
      verdict: "failed",
      summary: `could not run: ${lines[0]!.replace(/^error: /, "")}`,
      blocks: [{ kind: "code", text: lines.join("\n") }],
      findings: [],
      warnings: [],
      json: { error: lines[0] },
      exitCode: code,
    };
    exitCode = code;
  }
  return { name, result, exitCode, durationMs: Math.round(performance.now() - started) };
}

const VERDICT_WORD = { passed: "passed", failed: "failed", "not-checked": "not checked", "not-configured": "not configured" } as const;

function verdictText(run: GateRun): string {
  return run.exitCode === ExitCode.Error ? "error" : VERDICT_WORD[run.result.verdict];
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Run the selected gates concurrently (they are independent: each reads its own
 * inputs) and fold them into one result whose exit code is the worst gate's.
 */
export async function run(options: CheckOptions, ctx: RunContext): Promise<CommandResult> {
  const selected = GATE_NAMES.filter((name) => (options.only ? options.only.includes(name) : true) && !options.skip.includes(name));
  const progress = createProgress(selected, options.live, ctx.log);
  const runs = await Promise.all(
    selected.map(async (name: GateName) => {
      progress.started(name);
      const gate = await runGate(name, GATES[name], ctx);
      progress.finished(name, verdictText(gate), formatDuration(gate.durationMs), gate.result.summary);
      return gate;
    }),
  );
  progress.done();

  const ran = runs.filter((gate) => gate.result.verdict !== "not-configured");
  const unchecked = runs.filter((gate) => gate.result.verdict === "not-checked" && gate.exitCode !== ExitCode.Error);
  const failed = runs.filter((gate) => gate.exitCode === ExitCode.Failed && gate.result.verdict !== "not-checked");
  const broken = runs.filter((gate) => gate.exitCode === ExitCode.Error);
  let exitCode = worstExitCode(runs.map((gate) => gate.exitCode as ExitCode));
  const warnings = runs.flatMap((gate) => gate.result.warnings.map((warning) => `${gate.name}: ${warning}`));
  // A check where nothing ran cannot pass: it would be a green light with no gate behind it.
  if (ran.length === 0) {
    exitCode = ExitCode.Error;
    warnings.unshift("no gate is configured for this repository: add a crm-devex.config.yaml (see the README)");
  }

  const table: ReportBlock = {
    kind: "table",
    columns: ["gate", "verdict", "result", "time"],
    rows: runs.map((gate) => [gate.name, verdictText(gate), gate.result.summary, formatDuration(gate.durationMs)]),
    align: ["left", "left", "left", "right"],
  };
  const details: ReportBlock[] = runs
    .filter((gate) => gate.result.verdict !== "not-configured" && gate.result.blocks.length > 0)
    .map((gate) => ({ kind: "details", summary: `${gate.name}: ${verdictText(gate)}`, blocks: gate.result.blocks }));

  const passed = runs.filter((gate) => gate.result.verdict === "passed" && gate.exitCode === ExitCode.Passed);
  const parts = [`${passed.length} passed`, `${failed.length} failed`];
  if (unchecked.length) parts.push(`${unchecked.length} not checked`);
  if (broken.length) parts.push(`${broken.length} could not run`);
  parts.push(`${runs.length - ran.length} not configured`);

  return {
    command: "check",
    // A gate that did not check is not a pass, so neither is the check that ran it.
    verdict: failed.length || unchecked.length || broken.length || ran.length === 0 ? "failed" : "passed",
    summary: parts.join(", "),
    blocks: [table, ...details],
    findings: runs.flatMap((gate) => gate.result.findings),
    rules: runs.flatMap((gate) => gate.result.rules ?? []),
    warnings,
    json: {
      gates: runs.map((gate) => ({
        name: gate.name,
        verdict: gate.result.verdict,
        exitCode: gate.exitCode,
        summary: gate.result.summary,
        ...(gate.result.work ? { work: gate.result.work } : {}),
        durationMs: gate.durationMs,
        report: gate.result.json,
      })),
    },
    exitCode,
  };
}
