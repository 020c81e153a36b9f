/**
 * Pure gate logic: files (already mapped to repo paths and merged) → per-module
 * figures and verdicts, and the patch gate over changed lines. No I/O here.
 */
import picomatch from "picomatch";
import { countFile, truncatedPercent, type FileCoverage } from "./model.js";
import { contiguousRanges, missingRanges, type LineRange } from "./ranges.js";

/**
 * What a percentage counts: executable lines, or lines and branch outcomes
 * together — coverage.py's own "Cover" figure when branch coverage is on.
 */
export type Metric = "lines" | "lines+branches";

export interface ModuleSpec {
  name: string;
  paths: string[];
  /** Minimum line coverage, percent. */
  threshold: number;
  /** Minimum branch coverage, percent (optional). */
  branches?: number;
}

export interface Ratio {
  percent: number;
  covered: number;
  total: number;
}

export interface FileResult {
  path: string;
  /** By the gate's metric. */
  percent: number;
  covered: number;
  total: number;
  lines: Ratio;
  missing: LineRange[];
  branches?: Ratio;
  /** Counted as 0% because no report mentions it (--all-files); lines are an estimate. */
  unreported?: boolean;
  /** Only totals are known (Istanbul coverage-summary.json): no missing ranges. */
  summaryOnly?: boolean;
}

export interface ModuleResult {
  name: string;
  paths: string[];
  metric: Metric;
  threshold: number;
  /** By the metric: the figure compared with the threshold. */
  percent: number;
  covered: number;
  total: number;
  passed: boolean;
  lines: Ratio;
  /** Why the module failed other than by its percentage (matches no file, no branch data). */
  problem?: string;
  branches?: { percent: number; covered: number; total: number; threshold?: number; passed: boolean };
  files: FileResult[];
}

export interface PatchFileResult {
  path: string;
  modules: string[];
  covered: number;
  total: number;
  uncovered: LineRange[];
}

export interface PatchResult {
  base: string;
  mergeBase: string;
  threshold: number;
  percent: number;
  covered: number;
  total: number;
  passed: boolean;
  files: PatchFileResult[];
  /** Changed files in a module that have totals only, so their changed lines cannot be judged. */
  withoutLineData: string[];
}

function ratio(covered: number, total: number): Ratio {
  return { percent: truncatedPercent(covered, total), covered, total };
}

/** The metric's covered/total from line and branch counts. */
function byMetric(metric: Metric, lines: Ratio, branchesCovered: number, branchesTotal: number): Ratio {
  return metric === "lines" ? lines : ratio(lines.covered + branchesCovered, lines.total + branchesTotal);
}

export function fileResult(file: FileCoverage, metric: Metric = "lines", unreported = false): FileResult {
  const counts = countFile(file);
  const lines = ratio(counts.covered, counts.total);
  const result: FileResult = {
    path: file.path,
    ...byMetric(metric, lines, counts.branchesCovered, counts.branchesTotal),
    lines,
    missing: missingRanges(file.lines),
  };
  if (counts.branchesTotal > 0) result.branches = ratio(counts.branchesCovered, counts.branchesTotal);
  if (unreported) result.unreported = true;
  if (file.summaryOnly && file.lines.size === 0) result.summaryOnly = true;
  return result;
}

/** Weakest first: lowest percentage, then most missed lines, then path. */
export function byWeakness(a: FileResult, b: FileResult): number {
  return a.percent - b.percent || b.total - b.covered - (a.total - a.covered) || a.path.localeCompare(b.path);
}

export function moduleMatcher(spec: ModuleSpec): (path: string) => boolean {
  return picomatch(spec.paths.map((glob) => glob.replace(/^\.\//, "")), { dot: true });
}

/**
 * Gate one module. A module whose globs match no covered file fails: a glob
 * that matches nothing must never pass as 100%.
 */
export function analyseModule(spec: ModuleSpec, files: readonly FileResult[], metric: Metric = "lines"): ModuleResult {
  const matches = moduleMatcher(spec);
  const own = files.filter((file) => matches(file.path)).sort(byWeakness);
  let covered = 0;
  let total = 0;
  let branchesCovered = 0;
  let branchesTotal = 0;
  for (const file of own) {
    covered += file.lines.covered;
    total += file.lines.total;
    branchesCovered += file.branches?.covered ?? 0;
    branchesTotal += file.branches?.total ?? 0;
  }
  const lines = ratio(covered, total);
  const gated = byMetric(metric, lines, branchesCovered, branchesTotal);
  const result: ModuleResult = { name: spec.name, paths: spec.paths, metric, threshold: spec.threshold, ...gated, passed: gated.percent >= spec.threshold, lines, files: own };
  if (own.length === 0) {
    result.passed = false;
    result.percent = 0;
    result.problem = `no file in the coverage reports matches ${spec.paths.join(", ")}`;
  }
  if (branchesTotal > 0 || spec.branches !== undefined) {
    const branchPercent = truncatedPercent(branchesCovered, branchesTotal);
    const branchPassed = spec.branches === undefined || (branchesTotal > 0 && branchPercent >= spec.branches);
    result.branches = { percent: branchPercent, covered: branchesCovered, total: branchesTotal, passed: branchPassed };
    if (spec.branches !== undefined) result.branches.threshold = spec.branches;
    if (!branchPassed) {
      result.passed = false;
      if (branchesTotal === 0 && own.length > 0) result.problem = "a branch threshold is set but the reports have no branch data for this module (enable branch coverage)";
    }
  }
  return result;
}

/**
 * Gate the changed lines that fall in any module: of the changed lines a report
 * lists as executable, how many ran. Lines no report lists (blank, comments,
 * files outside every report) are not counted, as diff-cover does.
 */
export function analysePatch(
  changed: ReadonlyMap<string, ReadonlySet<number>>,
  files: ReadonlyMap<string, FileCoverage>,
  modules: readonly ModuleSpec[],
  options: { base: string; mergeBase: string; threshold: number },
): PatchResult {
  const matchers = modules.map((spec) => ({ name: spec.name, matches: moduleMatcher(spec) }));
  const results: PatchFileResult[] = [];
  const withoutLineData: string[] = [];
  let covered = 0;
  let total = 0;
  for (const [path, lines] of [...changed].sort(([a], [b]) => a.localeCompare(b))) {
    const owners = matchers.filter((matcher) => matcher.matches(path)).map((matcher) => matcher.name);
    const file = files.get(path);
    if (owners.length === 0 || !file) continue;
    if (file.lines.size === 0) {
      if (file.summaryOnly) withoutLineData.push(path);
      continue;
    }
    const coverable = [...lines].filter((line) => file.lines.has(line));
    if (coverable.length === 0) continue;
    const hit = coverable.filter((line) => (file.lines.get(line) ?? 0) > 0).length;
    const uncovered = contiguousRanges(coverable.filter((line) => (file.lines.get(line) ?? 0) === 0));
    covered += hit;
    total += coverable.length;
    results.push({ path, modules: owners, covered: hit, total: coverable.length, uncovered: mergeAcrossNonExecutable(uncovered, file) });
  }
  const percent = truncatedPercent(covered, total);
  return { base: options.base, mergeBase: options.mergeBase, threshold: options.threshold, percent, covered, total, passed: percent >= options.threshold, files: results, withoutLineData };
}

/** Join uncovered ranges separated only by non-executable lines (one annotation per block, not per line). */
function mergeAcrossNonExecutable(ranges: LineRange[], file: FileCoverage): LineRange[] {
  const merged: LineRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last) {
      let executableBetween = false;
      for (let line = last[1] + 1; line < range[0]; line++) if (file.lines.has(line)) executableBetween = true;
      if (!executableBetween) {
        last[1] = range[1];
        continue;
      }
    }
    merged.push([range[0], range[1]]);
  }
  return merged;
}
