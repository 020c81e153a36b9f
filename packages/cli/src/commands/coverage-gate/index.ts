/**
 * coverage-gate: read every report (format from content), map its files to the
 * repo, merge by line, gate each module (and the changed lines), build the report.
 */
import { stat } from "node:fs/promises";
import { dirname, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import type { RunContext } from "../../cli/context.js";
import { InputError } from "../../kernel/errors.js";
import type { CommandResult } from "../../kernel/result.js";
import { displayPath, readTextFile } from "../../io/fs.js";
import { gitTopLevel } from "../../io/git.js";
import { diffAgainstMergeBase } from "../../io/git-diff.js";
import { hasGlobSyntax, matchFiles } from "../../io/match-files.js";
import { listRepoFiles } from "../../io/repo-files.js";
import { analyseModule, analysePatch, fileResult, type FileResult, type PatchResult } from "./analyse.js";
import { changedLinesFromDiff } from "./diff.js";
import { emptyFile, mergeInto, type FileCoverage } from "./model.js";
import type { CoverageGateOptions } from "./options.js";
import { readReport } from "./parse/read-report.js";
import { PathMapper } from "./paths.js";
import { buildResult, type ReportSummary } from "./report.js";
import { estimateExecutableLines, isSourceFile } from "./unreported.js";

const slashes = (path: string): string => path.split(sep).join("/");

async function whyNoReport(cwd: string, pattern: string): Promise<string> {
  if (hasGlobSyntax(pattern)) return "no coverage report matches this glob";
  // matchFiles lists files only; a directory (e.g. `coverage/`) deserves its own hint.
  const info = await stat(resolve(cwd, pattern)).catch(() => undefined);
  return info?.isDirectory() ? "is a directory; pass the report file inside it (e.g. coverage/lcov.info) or a glob" : "coverage report not found";
}

/** Expand the report globs; explicit arguments must each match, config globs that miss are warnings. */
async function findReports(options: CoverageGateOptions, ctx: RunContext, warnings: string[]): Promise<{ found: string[]; missed: string[] }> {
  const found = new Set<string>();
  const missed: string[] = [];
  for (const pattern of options.reports) {
    const matches = await matchFiles(ctx.cwd, pattern);
    if (matches.length === 0) {
      if (options.reportsFrom === "arguments") {
        throw new InputError(await whyNoReport(ctx.cwd, pattern), { file: pattern });
      }
      missed.push(pattern);
    }
    for (const match of matches) found.add(match);
  }
  if (found.size === 0) {
    throw new InputError(`no coverage report found: ${missed.join(", ")} matched nothing (run the tests with coverage first)`, { file: ctx.configFile ?? "coverage.reports" });
  }
  if (missed.length > 0) warnings.push(`coverage.reports ${missed.join(", ")} matched no file`);
  return { found: [...found], missed };
}

/** Source files under the modules' globs that no report mentions, as 0%-covered files (--all-files). */
async function unreportedFiles(options: CoverageGateOptions, ctx: RunContext, repoFiles: readonly string[], covered: ReadonlyMap<string, FileCoverage>): Promise<FileCoverage[]> {
  const matchers = options.modules.map((module) => picomatch(module.paths.map((glob) => glob.replace(/^\.\//, "")), { dot: true }));
  const files: FileCoverage[] = [];
  for (const path of repoFiles) {
    if (covered.has(path) || !isSourceFile(path) || !matchers.some((matches) => matches(path))) continue;
    const text = await readTextFile(resolve(ctx.cwd, path), path).catch(() => undefined);
    if (text === undefined) continue;
    const file = emptyFile(path);
    for (const line of estimateExecutableLines(path, text)) file.lines.set(line, 0);
    files.push(file);
  }
  return files;
}

export async function run(options: CoverageGateOptions, ctx: RunContext): Promise<CommandResult> {
  const warnings: string[] = [];
  const { found: reportPaths, missed } = await findReports(options, ctx, warnings);
  const [{ files: repoFiles, source }, gitTop] = await Promise.all([listRepoFiles(ctx.cwd), gitTopLevel(ctx.cwd)]);
  const mapper = new PathMapper({
    cwd: slashes(resolve(ctx.cwd)),
    repoFiles,
    gitTop: gitTop ? slashes(gitTop) : undefined,
    workspace: ctx.env.GITHUB_WORKSPACE ? slashes(resolve(ctx.env.GITHUB_WORKSPACE)) : undefined,
    pathMaps: options.pathMaps,
  });

  const merged = new Map<string, FileCoverage>();
  const reports: ReportSummary[] = [];
  const unmatchedPaths = new Set<string>();
  const ambiguous = new Map<string, string>();
  for (const absolute of reportPaths) {
    const shown = displayPath(ctx.cwd, absolute);
    const report = await readReport(absolute, shown);
    const reportDir = slashes(relative(ctx.cwd, dirname(absolute)));
    let misses = 0;
    for (const [reportPath, file] of report.files) {
      const mapped = mapper.map(reportPath, report.sourceRoots, reportDir);
      if (!mapped.path) {
        misses++;
        unmatchedPaths.add(reportPath);
        if ("ambiguous" in mapped && mapped.ambiguous) ambiguous.set(reportPath, `${reportPath} (could be ${mapped.ambiguous.join(", ")})`);
        continue;
      }
      const target = merged.get(mapped.path);
      if (target) mergeInto(target, file);
      else merged.set(mapped.path, { ...file, path: mapped.path });
    }
    reports.push({ path: shown, format: report.format, files: report.files.size, unmatched: misses });
    if (report.files.size === 0) warnings.push(`${shown}: the report lists no file`);
    if (report.countMismatches.length > 0) {
      const [first] = report.countMismatches;
      warnings.push(
        `${shown}: ${report.countMismatches.length} file${report.countMismatches.length === 1 ? "" : "s"} list${report.countMismatches.length === 1 ? "s" : ""} a different number of executable lines than the report counts (e.g. ${first!.path}: ${first!.listed} listed, ${first!.declared} counted); the listed lines are used. coverage.py before 7.14 lists docstring lines as executed in its JSON and LCOV: its Cobertura XML is exact`,
      );
    }
  }
  const unmatched = [...unmatchedPaths];
  if (unmatched.length > 0) {
    const sample = unmatched.slice(0, 5).join(", ");
    warnings.push(
      `${unmatched.length} report file${unmatched.length === 1 ? "" : "s"} match${unmatched.length === 1 ? "es" : ""} no file of this ${source === "git" ? "repository" : "directory"} and ${unmatched.length === 1 ? "is" : "are"} left out: ${sample}${unmatched.length > 5 ? ", …" : ""} (map them with --path-map FROM=TO)`,
    );
  }
  if (ambiguous.size > 0) warnings.push(`ambiguous report paths (several repo files end the same way; add --path-map): ${[...ambiguous.values()].slice(0, 3).join("; ")}`);

  const fileResults: FileResult[] = [...merged.values()].map((file) => fileResult(file, options.metric));
  if (options.allFiles) {
    for (const file of await unreportedFiles(options, ctx, repoFiles, merged)) {
      merged.set(file.path, file);
      fileResults.push(fileResult(file, options.metric, true));
    }
  }
  const modules = options.modules.map((spec) => analyseModule(spec, fileResults, options.metric));
  for (const module of modules) {
    // The likeliest cause of an empty module is a report that was not produced.
    if (module.files.length === 0 && missed.length > 0) module.problem += ` (and coverage.reports ${missed.join(", ")} matched no file: did that test run write its report?)`;
  }

  let patch: PatchResult | undefined;
  if (options.diffBase) {
    const { mergeBase, diff } = await diffAgainstMergeBase(ctx.cwd, options.diffBase);
    patch = analysePatch(changedLinesFromDiff(diff), merged, options.modules, { base: options.diffBase, mergeBase, threshold: options.patchThreshold });
  }
  return buildResult({ metric: options.metric, modules, patch, reports, unmatched, weakest: options.weakest, warnings });
}
