/**
 * JSON reports: coverage.py's `coverage json` (formats 1–3), Istanbul's
 * `coverage-final.json` (Vitest, Jest, nyc) and `coverage-summary.json`.
 *
 * coverage.py: executed_lines count 1, missing_lines 0; branch arcs
 * (executed_branches / missing_branches) are grouped by their source line.
 * Istanbul final: a line's hits are the highest count of the statements that
 * start on it (istanbul-lib-coverage's getLineCoverage, which is what Vitest's
 * "% Lines" is computed from); branch outcomes are grouped by the branch's line.
 * Istanbul summary has totals only: those files have no missing ranges.
 */
import { addLineBranches, addLineHits, emptyFile, type CountMismatch, type FileCoverage, type ReportFormat } from "../model.js";
import { ReportSyntaxError, hitCount } from "./syntax-error.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The line where `"key":` first appears, to point errors into a large JSON file. */
export function lineOfKey(text: string, key: string): number | undefined {
  const index = text.indexOf(`${JSON.stringify(key)}:`);
  const at = index === -1 ? text.indexOf(JSON.stringify(key)) : index;
  if (at === -1) return undefined;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Line of a JSON.parse error, from V8's "at position N" or "(line L column C)". */
export function jsonErrorLine(text: string, message: string): number | undefined {
  const lineMatch = /line (\d+) column/.exec(message);
  if (lineMatch) return Number(lineMatch[1]);
  const position = /position (\d+)/.exec(message);
  if (!position) return text.trim() ? undefined : 1;
  let line = 1;
  const at = Number(position[1]);
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

export function detectJsonFormat(document: unknown): ReportFormat {
  if (!isObject(document)) throw new ReportSyntaxError("a JSON coverage report is an object", 1, "coverage.py JSON or Istanbul coverage-final.json / coverage-summary.json");
  if (isObject(document.meta) && isObject(document.files)) return "coveragepy-json";
  const entries = Object.entries(document).filter(([key]) => key !== "total");
  const sample = entries[0]?.[1];
  if (entries.length === 0) return isObject(document.total) ? "istanbul-summary" : "istanbul-final";
  if (isObject(sample) && (isObject(sample.statementMap) || (isObject(sample.data) && isObject(sample.data.statementMap)))) return "istanbul-final";
  if (isObject(sample) && isObject(sample.lines) && "total" in sample.lines) return "istanbul-summary";
  throw new ReportSyntaxError("JSON is not a coverage report this tool reads", 1, "coverage.py JSON (meta + files) or Istanbul coverage-final.json / coverage-summary.json");
}

function integers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => Number.isInteger(item));
}

function arcs(value: unknown): value is [number, number][] {
  return Array.isArray(value) && value.every((arc) => Array.isArray(arc) && arc.length === 2 && Number.isInteger(arc[0]) && Number.isInteger(arc[1]));
}

export function parseCoveragePyJson(document: Json, text: string, countMismatches: CountMismatch[] = []): Map<string, FileCoverage> {
  const meta = document.meta as Json;
  const format = meta.format ?? 1;
  if (typeof format !== "number" || format < 1 || format > 3) {
    throw new ReportSyntaxError(`coverage.py JSON format ${JSON.stringify(format)} is not supported`, lineOfKey(text, "format"), "meta.format 1, 2 or 3");
  }
  const files = new Map<string, FileCoverage>();
  for (const [path, entry] of Object.entries(document.files as Json)) {
    const where = lineOfKey(text, path);
    if (!isObject(entry) || !integers(entry.executed_lines) || !integers(entry.missing_lines)) {
      throw new ReportSyntaxError(`files["${path}"] needs executed_lines and missing_lines lists of line numbers`, where, '"executed_lines": [1, 2], "missing_lines": [5]');
    }
    const file = emptyFile(path.replace(/\\/g, "/"));
    for (const line of entry.missing_lines) if (line > 0) addLineHits(file, line, 0);
    for (const line of entry.executed_lines) if (line > 0) addLineHits(file, line, 1);
    const declared = isObject(entry.summary) ? entry.summary.num_statements : undefined;
    if (typeof declared === "number" && declared !== file.lines.size) countMismatches.push({ path: file.path, listed: file.lines.size, declared });
    if (entry.executed_branches !== undefined || entry.missing_branches !== undefined) {
      const executed = entry.executed_branches ?? [];
      const missing = entry.missing_branches ?? [];
      if (!arcs(executed) || !arcs(missing)) {
        throw new ReportSyntaxError(`files["${path}"] has malformed executed_branches/missing_branches`, where, '"executed_branches": [[3, 4], [3, 6]]');
      }
      const byLine = new Map<number, { covered: number; total: number }>();
      const tally = (from: number, covered: boolean) => {
        const counts = byLine.get(from) ?? { covered: 0, total: 0 };
        counts.total++;
        if (covered) counts.covered++;
        byLine.set(from, counts);
      };
      for (const [from] of executed) tally(from, true);
      for (const [from] of missing) tally(from, false);
      for (const [line, counts] of byLine) if (line > 0) addLineBranches(file, line, counts.covered, counts.total);
    }
    files.set(file.path, file);
  }
  return files;
}

interface Location {
  start?: { line?: unknown };
}

function startLine(location: unknown): number | undefined {
  const line = (location as Location | undefined)?.start?.line;
  return typeof line === "number" && line > 0 ? line : undefined;
}

export function parseIstanbulFinal(document: Json, text: string): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  for (const [key, raw] of Object.entries(document)) {
    const entry = isObject(raw) && isObject(raw.data) ? raw.data : raw;
    const where = lineOfKey(text, key);
    if (!isObject(entry) || !isObject(entry.statementMap) || !isObject(entry.s)) {
      throw new ReportSyntaxError(`"${key}" has no statementMap/s`, where, '{"path": "…", "statementMap": {…}, "s": {…}, "branchMap": {…}, "b": {…}}');
    }
    const path = (typeof entry.path === "string" && entry.path ? entry.path : key).replace(/\\/g, "/");
    const file = files.get(path) ?? emptyFile(path);
    for (const [id, count] of Object.entries(entry.s)) {
      const line = startLine(entry.statementMap[id]);
      const hits = typeof count === "number" ? count : hitCount(String(count));
      if (line === undefined) continue;
      if (hits === undefined) throw new ReportSyntaxError(`"${key}" statement ${id} has count ${JSON.stringify(count)}`, where, "a number");
      addLineHits(file, line, hits);
    }
    if (isObject(entry.branchMap) && isObject(entry.b)) {
      const byLine = new Map<number, { covered: number; total: number }>();
      for (const [id, counts] of Object.entries(entry.b)) {
        const branch = entry.branchMap[id] as { loc?: unknown; line?: unknown; locations?: unknown[] } | undefined;
        if (!branch || !Array.isArray(counts)) continue;
        const line = startLine(branch.loc) ?? (typeof branch.line === "number" ? branch.line : undefined) ?? startLine(branch.locations?.[0]);
        if (line === undefined) continue;
        const tally = byLine.get(line) ?? { covered: 0, total: 0 };
        for (const count of counts) {
          tally.total++;
          if (typeof count === "number" && count > 0) tally.covered++;
        }
        byLine.set(line, tally);
      }
      for (const [line, tally] of byLine) addLineBranches(file, line, tally.covered, tally.total);
    }
    files.set(path, file);
  }
  return files;
}

function totals(value: unknown): { covered: number; total: number } | undefined {
  if (!isObject(value)) return undefined;
  const { covered, total } = value;
  return typeof covered === "number" && typeof total === "number" && covered >= 0 && covered <= total ? { covered, total } : undefined;
}

export function parseIstanbulSummary(document: Json, text: string): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  for (const [key, entry] of Object.entries(document)) {
    if (key === "total") continue;
    const lines = isObject(entry) ? totals(entry.lines) : undefined;
    if (!lines) throw new ReportSyntaxError(`"${key}" needs lines.covered and lines.total`, lineOfKey(text, key), '"lines": {"total": 10, "covered": 8, …}');
    const branches = isObject(entry) ? totals(entry.branches) : undefined;
    const path = key.replace(/\\/g, "/");
    const file = emptyFile(path);
    file.summaryOnly = { covered: lines.covered, total: lines.total, branchesCovered: branches?.covered ?? 0, branchesTotal: branches?.total ?? 0 };
    files.set(path, file);
  }
  return files;
}
