/**
 * LCOV tracefiles: classic geninfo output, LCOV 2.x (VER:, FNL:/FNA:, BRDA with
 * exception blocks and expression branch names, MCDC:), coverage.py's `lcov`
 * and Istanbul/Vitest's `lcov.info`. Only DA (line hits) and BRDA (branch
 * outcomes) feed the numbers; function records are read past whatever their
 * shape (`FN:line,name` or `FN:start,end,name`), since a function's coverage
 * is already in its lines. Fed line by line, so a tracefile of any size streams.
 */
import { addLineBranches, addLineHits, emptyFile, mergeInto, type CountMismatch, type FileCoverage } from "../model.js";
import { ReportSyntaxError, hitCount, positiveInt } from "./syntax-error.js";

const IGNORED_KEYS = new Set(["TN", "VER", "FN", "FNDA", "FNF", "FNH", "FNL", "FNA", "LH", "BRF", "BRH", "MCDC", "LN"]);

export class LcovParser {
  readonly files = new Map<string, FileCoverage>();
  readonly countMismatches: CountMismatch[] = [];
  private current: FileCoverage | undefined;
  /** The record's LF: count, checked against its DA lines. */
  private declaredLines: number | undefined;
  /** Branch outcomes of the current record: line → "block,branch" → taken (max). */
  private branches = new Map<number, Map<string, number>>();

  line(raw: string, lineNumber: number): void {
    // Fast path for the bulk of every tracefile: "DA:<line>,<hits>[,<checksum>]".
    if (raw.startsWith("DA:") && this.current && this.fastDa(raw)) return;
    const text = raw.trim();
    if (!text) return;
    if (text === "end_of_record") {
      this.finishRecord();
      return;
    }
    const colon = text.indexOf(":");
    const key = colon > 0 ? text.slice(0, colon) : "";
    const value = text.slice(colon + 1);
    switch (key) {
      case "SF":
        this.finishRecord();
        if (!value.trim()) throw new ReportSyntaxError("SF: without a file name", lineNumber, "SF:<path of the source file>");
        this.current = emptyFile(value.trim());
        return;
      case "DA": {
        const file = this.record(key, lineNumber);
        const [lineText, hitsText] = value.split(",");
        const line = positiveInt(lineText);
        const hits = hitCount(hitsText);
        if (line === undefined || hits === undefined) throw new ReportSyntaxError(`malformed DA record "${text}"`, lineNumber, "DA:<line number>,<execution count>[,<checksum>]");
        addLineHits(file, line, hits);
        return;
      }
      case "LF": {
        const declared = Number(value.trim());
        if (this.current && Number.isSafeInteger(declared)) this.declaredLines = declared;
        return;
      }
      case "BRDA": {
        this.record(key, lineNumber);
        const fields = value.split(",");
        const line = positiveInt(fields[0]);
        const takenText = fields[fields.length - 1];
        const taken = takenText === "-" ? 0 : hitCount(takenText);
        if (fields.length < 4 || line === undefined || taken === undefined) {
          throw new ReportSyntaxError(`malformed BRDA record "${text}"`, lineNumber, "BRDA:<line number>,<block>,<branch>,<taken or ->");
        }
        const branchKey = fields.slice(1, -1).join(",");
        let onLine = this.branches.get(line);
        if (!onLine) this.branches.set(line, (onLine = new Map()));
        onLine.set(branchKey, Math.max(onLine.get(branchKey) ?? 0, taken));
        return;
      }
      default:
        if (IGNORED_KEYS.has(key) || /^[A-Z]{2,5}$/.test(key)) return;
        throw new ReportSyntaxError(`not an LCOV record: "${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`, lineNumber, "KEY:value lines (SF:, DA:, BRDA:, …) and end_of_record");
    }
  }

  /** Parse a well-formed DA line without allocating; false sends it down the validating path. */
  private fastDa(raw: string): boolean {
    let index = 3;
    let line = 0;
    let code = raw.charCodeAt(index);
    while (code >= 48 && code <= 57) {
      line = line * 10 + code - 48;
      code = raw.charCodeAt(++index);
    }
    if (code !== 44 || line === 0 || index === 3) return false;
    const start = ++index;
    let hits = 0;
    code = raw.charCodeAt(index);
    while (code >= 48 && code <= 57) {
      hits = hits * 10 + code - 48;
      code = raw.charCodeAt(++index);
    }
    // the count must be followed by the end, a checksum or a CR
    if (index === start || !(index === raw.length || code === 44 || (code === 13 && index === raw.length - 1))) return false;
    if (!Number.isSafeInteger(line) || !Number.isSafeInteger(hits)) return false;
    addLineHits(this.current!, line, hits);
    return true;
  }

  /** The end of the tracefile: a last record without end_of_record still counts. */
  end(): Map<string, FileCoverage> {
    this.finishRecord();
    return this.files;
  }

  private record(key: string, lineNumber: number): FileCoverage {
    if (!this.current) throw new ReportSyntaxError(`${key}: record outside a file section`, lineNumber, "SF:<path> before the file's records");
    return this.current;
  }

  private finishRecord(): void {
    const file = this.current;
    if (!file) return;
    for (const [line, outcomes] of this.branches) {
      let covered = 0;
      for (const taken of outcomes.values()) if (taken > 0) covered++;
      addLineBranches(file, line, covered, outcomes.size);
    }
    this.branches = new Map();
    if (this.declaredLines !== undefined && this.declaredLines !== file.lines.size) {
      this.countMismatches.push({ path: file.path, listed: file.lines.size, declared: this.declaredLines });
    }
    this.declaredLines = undefined;
    const existing = this.files.get(file.path);
    if (existing) mergeInto(existing, file);
    else this.files.set(file.path, file);
    this.current = undefined;
  }
}
