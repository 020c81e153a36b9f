/**
 * The coverage model every parser produces: per file, hits by line and branch
 * outcomes by line. Reports never contribute their own rates; every percentage
 * is computed from these counts, so two reports of one file merge by line
 * (max hits) and nothing is counted twice.
 */

/** Branch outcomes recorded on one line. */
export interface LineBranches {
  covered: number;
  total: number;
}

/** Coverage of one source file as one report (or several, merged) saw it. */
export interface FileCoverage {
  /** The path as written in the report (after separator normalisation), or the repo path once mapped. */
  path: string;
  /** Line number → execution count (0 = not run). Only executable lines appear. */
  lines: Map<number, number>;
  /** Line number → branch outcomes on that line. */
  branches: Map<number, LineBranches>;
  /**
   * Set when the report carries only totals for the file (Istanbul coverage-summary.json):
   * no line data, so no missing ranges and no patch coverage.
   */
  summaryOnly?: { covered: number; total: number; branchesCovered: number; branchesTotal: number };
}

export type ReportFormat =
  | "lcov"
  | "cobertura"
  | "clover"
  | "coveragepy-json"
  | "istanbul-final"
  | "istanbul-summary"
  | "go";

export const FORMAT_NAMES: Record<ReportFormat, string> = {
  lcov: "LCOV",
  cobertura: "Cobertura XML",
  clover: "Clover XML",
  "coveragepy-json": "coverage.py JSON",
  "istanbul-final": "Istanbul coverage-final.json",
  "istanbul-summary": "Istanbul coverage-summary.json",
  go: "Go cover profile",
};

/** One parsed report: its files keyed by the path it wrote, plus roots it declared (Cobertura `<source>`). */
export interface ParsedReport {
  format: ReportFormat;
  files: Map<string, FileCoverage>;
  /** Directories the report says its relative paths are relative to. */
  sourceRoots: string[];
  /**
   * Files whose line data disagrees with the count the report declares for them
   * (LCOV `LF:`, coverage.py's `num_statements`): the line data is used, and the
   * user is told. Older coverage.py lists docstring lines as executed in its JSON and LCOV.
   */
  countMismatches: CountMismatch[];
}

export interface CountMismatch {
  path: string;
  /** Executable lines in the line data. */
  listed: number;
  /** What the report itself says the file has. */
  declared: number;
}

export function emptyFile(path: string): FileCoverage {
  return { path, lines: new Map(), branches: new Map() };
}

/** Record `hits` for `line`, keeping the highest count seen (merging records never double-counts). */
export function addLineHits(file: FileCoverage, line: number, hits: number): void {
  const previous = file.lines.get(line);
  const value = hits > 0 ? hits : 0;
  if (previous === undefined || previous < value) file.lines.set(line, value);
}

/** Record branch outcomes for `line`, keeping the larger of each count. */
export function addLineBranches(file: FileCoverage, line: number, covered: number, total: number): void {
  const previous = file.branches.get(line);
  if (!previous) file.branches.set(line, { covered: Math.min(covered, total), total });
  else file.branches.set(line, { covered: Math.min(Math.max(previous.covered, covered), Math.max(previous.total, total)), total: Math.max(previous.total, total) });
}

/**
 * Merge `source` into `target` by line (max hits, max branch outcomes). Summary-only
 * data is kept only while no line data exists for the file: totals cannot be merged
 * by line, so the line data wins and of two summaries the one covering more wins.
 */
export function mergeInto(target: FileCoverage, source: FileCoverage): void {
  for (const [line, hits] of source.lines) addLineHits(target, line, hits);
  for (const [line, branch] of source.branches) addLineBranches(target, line, branch.covered, branch.total);
  if (source.summaryOnly && (!target.summaryOnly || source.summaryOnly.covered > target.summaryOnly.covered)) {
    target.summaryOnly = { ...source.summaryOnly };
  }
  if (target.lines.size > 0) delete target.summaryOnly;
}

/** Covered and total executable lines and branches of one file. */
export interface Counts {
  covered: number;
  total: number;
  branchesCovered: number;
  branchesTotal: number;
}

export function countFile(file: FileCoverage): Counts {
  if (file.summaryOnly && file.lines.size === 0) return { ...file.summaryOnly };
  let covered = 0;
  for (const hits of file.lines.values()) if (hits > 0) covered++;
  let branchesCovered = 0;
  let branchesTotal = 0;
  for (const branch of file.branches.values()) {
    branchesCovered += branch.covered;
    branchesTotal += branch.total;
  }
  return { covered, total: file.lines.size, branchesCovered, branchesTotal };
}

/**
 * Percentage truncated (not rounded) to two decimals: 79.999 is 79.99 and fails
 * an 80 threshold, where coverage.py's display rounding would show 80. Integer
 * arithmetic keeps 4/5 at exactly 80. No executable lines counts as 100, as
 * coverage.py and Istanbul do.
 */
export function truncatedPercent(covered: number, total: number): number {
  if (total <= 0) return 100;
  return Math.floor((covered * 10000) / total) / 100;
}
