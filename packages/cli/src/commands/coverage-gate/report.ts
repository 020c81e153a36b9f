/**
 * Build the CommandResult: a table of modules, each module's weakest files with
 * their missing ranges, the patch gate, findings (failed modules; uncovered
 * changed lines for annotations) and the documented JSON shape.
 */
import type { CommandResult, Finding, ReportBlock } from "../../kernel/result.js";
import type { FileResult, Metric, ModuleResult, PatchResult } from "./analyse.js";
import { FORMAT_NAMES, type ReportFormat } from "./model.js";
import { formatRanges, type LineRange } from "./ranges.js";
import { ruleDescriptors } from "./rules.js";

export interface ReportSummary {
  path: string;
  format: ReportFormat;
  files: number;
  unmatched: number;
}

export interface GateOutcome {
  metric: Metric;
  modules: ModuleResult[];
  patch?: PatchResult;
  reports: ReportSummary[];
  unmatched: string[];
  weakest: number;
  warnings: string[];
}

export const pct = (value: number): string => `${value.toFixed(2)}%`;
const threshold = (value: number): string => `${Number.isInteger(value) ? value : value.toFixed(2)}%`;
const rangesJson = (ranges: readonly LineRange[]): string => formatRanges(ranges).replace(/, /g, ",");

function fileJson(file: FileResult): Record<string, unknown> {
  return {
    path: file.path,
    percent: file.percent,
    covered: file.covered,
    total: file.total,
    lines: file.lines,
    missing: rangesJson(file.missing),
    ...(file.branches ? { branches: file.branches } : {}),
    ...(file.unreported ? { unreported: true } : {}),
    ...(file.summaryOnly ? { summaryOnly: true } : {}),
  };
}

function missingText(file: FileResult): string {
  if (file.summaryOnly) return "(totals only: summary report)";
  const ranges = formatRanges(file.missing, 60);
  return file.unreported ? `not in any report (${ranges ? "all lines" : "no lines"})` : ranges;
}

function weakestBlock(module: ModuleResult, count: number): ReportBlock | undefined {
  const weak = module.files.filter((file) => file.covered < file.total).slice(0, count);
  if (weak.length === 0) return undefined;
  const more = module.files.filter((file) => file.covered < file.total).length - weak.length;
  return {
    kind: "details",
    summary: `${module.name}: weakest files${more > 0 ? ` (${weak.length} of ${weak.length + more})` : ""}`,
    blocks: [
      {
        kind: "table",
        columns: ["file", "coverage", "missing lines"],
        rows: weak.map((file) => [file.path, `${pct(file.percent)} (${file.covered}/${file.total})`, missingText(file)]),
        align: ["left", "right", "left"],
      },
    ],
  };
}

function moduleVerdict(module: ModuleResult): string {
  if (module.passed) return "pass";
  if (module.problem) return "FAIL (see below)";
  const lineFail = module.percent < module.threshold;
  const branchFail = module.branches && !module.branches.passed;
  return `FAIL${lineFail ? ` < ${threshold(module.threshold)}` : ""}${branchFail ? ` branches < ${threshold(module.branches!.threshold!)}` : ""}`;
}

function moduleFinding(module: ModuleResult): Finding {
  if (module.problem) {
    return {
      ruleId: module.files.length === 0 ? "module-matches-nothing" : "module-below-threshold",
      level: "error",
      message: `Module ${module.name}: ${module.problem}.`,
      title: `coverage: ${module.name}`,
      fingerprint: `coverage:${module.name}`,
    };
  }
  const parts: string[] = [];
  const what = module.metric === "lines" ? "line coverage" : "line+branch coverage";
  if (module.percent < module.threshold) parts.push(`${what} ${pct(module.percent)} (${module.covered}/${module.total}) is below ${threshold(module.threshold)}`);
  if (module.branches && !module.branches.passed) parts.push(`branch coverage ${pct(module.branches.percent)} is below ${threshold(module.branches.threshold!)}`);
  const weakest = module.files.find((file) => file.covered < file.total);
  const hint = weakest ? ` Weakest: ${weakest.path} ${pct(weakest.percent)}${weakest.missing.length ? ` (missing ${formatRanges(weakest.missing, 60)})` : ""}.` : "";
  return { ruleId: "module-below-threshold", level: "error", message: `Module ${module.name}: ${parts.join("; ")}.${hint}`, title: `coverage: ${module.name}`, fingerprint: `coverage:${module.name}` };
}

function patchBlocks(patch: PatchResult): ReportBlock[] {
  const blocks: ReportBlock[] = [{ kind: "heading", text: `Changed lines since ${patch.base} (merge base ${patch.mergeBase.slice(0, 12)})` }];
  if (patch.total === 0) {
    blocks.push({ kind: "paragraph", text: "No executable line in the modules was added or changed.", tone: "muted" });
  } else {
    blocks.push({
      kind: "bar",
      label: "patch",
      fraction: patch.covered / patch.total,
      caption: `${pct(patch.percent)} (${patch.covered}/${patch.total} lines), threshold ${threshold(patch.threshold)}: ${patch.passed ? "pass" : "FAIL"}`,
      tone: patch.passed ? "good" : "bad",
    });
    const withGaps = patch.files.filter((file) => file.uncovered.length > 0);
    if (withGaps.length > 0) {
      blocks.push({
        kind: "table",
        columns: ["file", "changed lines covered", "not covered"],
        rows: withGaps.map((file) => [file.path, `${file.covered}/${file.total}`, formatRanges(file.uncovered, 60)]),
        align: ["left", "right", "left"],
      });
    }
  }
  if (patch.withoutLineData.length > 0) {
    blocks.push({ kind: "paragraph", text: `Changed, but the reports give only totals (no lines) for: ${patch.withoutLineData.join(", ")}`, tone: "warn" });
  }
  return blocks;
}

function patchFindings(patch: PatchResult): Finding[] {
  const findings: Finding[] = [];
  if (!patch.passed) {
    findings.push({
      ruleId: "patch-below-threshold",
      level: "error",
      message: `Changed lines are ${pct(patch.percent)} covered (${patch.covered}/${patch.total}), below ${threshold(patch.threshold)}.`,
      title: "coverage: changed lines",
      fingerprint: "coverage:patch",
    });
  }
  for (const file of patch.files) {
    for (const [start, end] of file.uncovered) {
      findings.push({
        ruleId: "uncovered-changed-lines",
        level: patch.passed ? "warning" : "error",
        message: `${start === end ? `Line ${start} was` : `Lines ${start}-${end} were`} added or changed but no test runs ${start === end ? "it" : "them"} (module ${file.modules.join(", ")}).`,
        location: { file: file.path, line: start, ...(end !== start ? { endLine: end } : {}) },
        title: "Uncovered changed lines",
        fingerprint: `coverage:patch:${file.path}:${start}`,
      });
    }
  }
  return findings;
}

export function buildResult(outcome: GateOutcome): CommandResult {
  const { modules, patch } = outcome;
  const failed = modules.filter((module) => !module.passed);
  const verdict = failed.length > 0 || (patch && !patch.passed) ? "failed" : "passed";

  const summaryParts = [
    modules.length === 1
      ? `${modules[0]!.name} ${modules[0]!.files.length ? pct(modules[0]!.percent) : "no files"} (threshold ${threshold(modules[0]!.threshold)})`
      : `${modules.length - failed.length} of ${modules.length} modules at or above threshold${failed.length ? `; below: ${failed.map((module) => `${module.name} ${module.files.length ? pct(module.percent) : "no files"}`).join(", ")}` : ""}`,
  ];
  if (patch) summaryParts.push(`changed lines ${patch.total ? `${pct(patch.percent)} (${patch.covered}/${patch.total})` : "none coverable"}`);

  const blocks: ReportBlock[] = [
    {
      kind: "table",
      columns: ["module", outcome.metric === "lines" ? "lines" : "lines+branches", "covered", "threshold", "branches", "files", "result"],
      rows: modules.map((module) => [
        module.name,
        module.files.length ? pct(module.percent) : "-",
        `${module.covered}/${module.total}`,
        threshold(module.threshold),
        module.branches ? `${pct(module.branches.percent)} (${module.branches.covered}/${module.branches.total})${module.branches.threshold !== undefined ? ` min ${threshold(module.branches.threshold)}` : ""}` : "-",
        String(module.files.length),
        moduleVerdict(module),
      ]),
      align: ["left", "right", "right", "right", "right", "right", "left"],
    },
  ];
  const problems = modules.filter((module) => module.problem).map((module) => `${module.name}: ${module.problem}`);
  if (problems.length > 0) blocks.push({ kind: "list", items: problems, tone: "bad" });
  const weakest = modules.map((module) => weakestBlock(module, outcome.weakest)).filter((block): block is ReportBlock => block !== undefined);
  if (weakest.length > 0) blocks.push({ kind: "heading", text: "Weakest files" }, ...weakest);
  if (patch) blocks.push(...patchBlocks(patch));
  blocks.push({
    kind: "paragraph",
    text: `Reports: ${outcome.reports.map((report) => `${report.path} (${FORMAT_NAMES[report.format]}, ${report.files} files)`).join("; ")}. ${outcome.metric === "lines" ? "Coverage counts executable lines" : "Coverage counts lines and branch outcomes together, as coverage.py's Cover does"}; percentages are truncated to 2 decimals before comparing.`,
    tone: "muted",
  });

  const findings = [...failed.map(moduleFinding), ...(patch ? patchFindings(patch) : [])];
  const json: Record<string, unknown> = {
    metric: outcome.metric,
    modules: modules.map((module) => ({
      name: module.name,
      paths: module.paths,
      percent: module.percent,
      covered: module.covered,
      total: module.total,
      threshold: module.threshold,
      passed: module.passed,
      lines: module.lines,
      ...(module.problem ? { problem: module.problem } : {}),
      ...(module.branches ? { branches: module.branches } : {}),
      files: module.files.map(fileJson),
    })),
    reports: outcome.reports,
    unmatchedFiles: outcome.unmatched,
  };
  if (patch) {
    json.patch = {
      base: patch.base,
      mergeBase: patch.mergeBase,
      percent: patch.percent,
      covered: patch.covered,
      total: patch.total,
      threshold: patch.threshold,
      passed: patch.passed,
      files: patch.files.map((file) => ({ path: file.path, modules: file.modules, covered: file.covered, total: file.total, uncovered: rangesJson(file.uncovered) })),
      withoutLineData: patch.withoutLineData,
    };
  }
  const measured = modules.reduce((sum, module) => sum + module.total, 0);
  return {
    command: "coverage-gate",
    verdict,
    summary: summaryParts.join("; "),
    work: { count: measured, what: "executable lines measured", missing: measured ? undefined : "the reports list no executable line in the gated modules" },
    blocks,
    findings,
    rules: ruleDescriptors(findings.map((finding) => finding.ruleId)),
    warnings: outcome.warnings,
    json,
  };
}
