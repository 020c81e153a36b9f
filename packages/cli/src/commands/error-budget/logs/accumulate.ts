import { StringDecoder } from "node:string_decoder";
import type { LogScan, MinuteStats, SkippedLine } from "../model.js";
import type { LatencySketch } from "../sketch.js";
import { addToSketch, mergeSketch, newSketch } from "../sketch.js";
import { createLineParser, type LineParserSettings } from "./line-parser.js";

/** How many skipped lines a scan remembers by file:line (the rest are only counted). */
export const SKIPPED_EXAMPLES = 5;

export interface ScanSettings extends LineParserSettings {
  /** Latency thresholds (ms) counted per minute, one per latency SLO. */
  thresholdsMs: number[];
  /** Minutes per latency sketch (see LogScan.sketches). */
  sketchMinutes: number;
}

/** Minutes per latency sketch for a window: at most 720 sketches per window. */
export function sketchMinutesFor(windowMinutes: number): number {
  return Math.max(1, Math.ceil(windowMinutes / 720));
}

export function emptyScan(sketchMinutes = 1): LogScan {
  return {
    minutes: new Map(),
    sketches: new Map(),
    sketchMinutes,
    lines: 0,
    blankLines: 0,
    excluded: 0,
    otherEvents: 0,
    skipped: { notJson: 0, missingField: 0, wrongType: 0, outsideWindow: 0 },
    skippedExamples: [],
    bytes: 0,
    latestMs: null,
  };
}

/**
 * Folds JSON lines into per-minute counts. Fed text chunks in order (any split,
 * including mid-line and mid-character when fed bytes), it never holds more
 * than one line plus the minute table in memory.
 */
export class LineAccumulator {
  readonly scan: LogScan;
  private readonly parse: (line: string) => ReturnType<ReturnType<typeof createLineParser>>;
  private readonly decoder = new StringDecoder("utf8");
  private rest = "";

  constructor(
    private readonly settings: ScanSettings,
    private readonly file: string,
    /** Line number of the first line fed, minus one. */
    private lineNumber = 0,
  ) {
    this.parse = createLineParser(settings);
    this.scan = emptyScan(settings.sketchMinutes);
  }

  pushBytes(chunk: Buffer): void {
    this.scan.bytes += chunk.length;
    this.pushText(this.decoder.write(chunk));
  }

  pushText(text: string): void {
    let start = 0;
    let text2 = this.rest.length > 0 ? this.rest + text : text;
    this.rest = "";
    for (;;) {
      const end = text2.indexOf("\n", start);
      if (end === -1) break;
      this.line(text2.slice(start, end));
      start = end + 1;
    }
    this.rest = text2.slice(start);
    text2 = "";
  }

  /** Flush the last line (a file need not end with a newline) and return the scan. */
  end(): LogScan {
    const tail = this.rest + this.decoder.end();
    this.rest = "";
    if (tail.length > 0) this.line(tail);
    return this.scan;
  }

  private line(raw: string): void {
    this.lineNumber++;
    const scan = this.scan;
    scan.lines++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    if (text.length === 0 || (text.charCodeAt(0) !== 123 && text.trim().length === 0)) {
      scan.blankLines++;
      return;
    }
    const parsed = this.parse(text);
    switch (parsed.kind) {
      case "other":
        scan.otherEvents++;
        return;
      case "skip":
        scan.skipped[parsed.reason]++;
        if (scan.skippedExamples.length < SKIPPED_EXAMPLES) {
          scan.skippedExamples.push({ file: this.file, line: this.lineNumber, reason: parsed.reason, detail: parsed.detail });
        }
        return;
      case "excluded":
        scan.excluded++;
        this.minute(parsed.timeMs).lines++;
        return;
      case "request": {
        const minute = this.minute(parsed.timeMs);
        minute.lines++;
        minute.total++;
        if (parsed.status >= 500) minute.errors++;
        const thresholds = this.settings.thresholdsMs;
        for (let i = 0; i < thresholds.length; i++) if (parsed.latencyMs <= thresholds[i]!) minute.withinThreshold[i]!++;
        addToSketch(this.sketch(parsed.timeMs), parsed.latencyMs);
        return;
      }
    }
  }

  private lastSketchKey = NaN;
  private lastSketch: LatencySketch | undefined;

  private sketch(timeMs: number): LatencySketch {
    const size = this.scan.sketchMinutes;
    const key = Math.floor(timeMs / 60_000 / size) * size;
    if (key === this.lastSketchKey && this.lastSketch) return this.lastSketch;
    let sketch = this.scan.sketches.get(key);
    if (!sketch) {
      sketch = newSketch();
      this.scan.sketches.set(key, sketch);
    }
    this.lastSketchKey = key;
    this.lastSketch = sketch;
    return sketch;
  }

  private minute(timeMs: number): MinuteStats {
    const scan = this.scan;
    if (scan.latestMs === null || timeMs > scan.latestMs) scan.latestMs = timeMs;
    const key = Math.floor(timeMs / 60_000);
    let stats = scan.minutes.get(key);
    if (!stats) {
      stats = {
        total: 0,
        errors: 0,
        withinThreshold: this.settings.thresholdsMs.map(() => 0),
        firstRef: { file: this.file, line: this.lineNumber },
        lines: 0,
      };
      scan.minutes.set(key, stats);
    }
    return stats;
  }
}

/**
 * Fold `from` into `into`. Scans must be merged in input order so that the
 * remembered skipped lines and first lines per minute are the earliest ones.
 */
export function mergeScan(into: LogScan, from: LogScan): void {
  into.lines += from.lines;
  into.blankLines += from.blankLines;
  into.excluded += from.excluded;
  into.otherEvents += from.otherEvents;
  into.bytes += from.bytes;
  for (const key of Object.keys(into.skipped) as (keyof LogScan["skipped"])[]) into.skipped[key] += from.skipped[key];
  for (const example of from.skippedExamples) if (into.skippedExamples.length < SKIPPED_EXAMPLES) into.skippedExamples.push(example);
  if (from.latestMs !== null && (into.latestMs === null || from.latestMs > into.latestMs)) into.latestMs = from.latestMs;
  for (const [key, stats] of from.minutes) {
    const existing = into.minutes.get(key);
    if (!existing) {
      into.minutes.set(key, stats);
      continue;
    }
    existing.total += stats.total;
    existing.errors += stats.errors;
    existing.lines += stats.lines;
    for (let i = 0; i < existing.withinThreshold.length; i++) existing.withinThreshold[i]! += stats.withinThreshold[i] ?? 0;
  }
  for (const [key, sketch] of from.sketches) {
    const existing = into.sketches.get(key);
    if (existing) mergeSketch(existing, sketch);
    else into.sketches.set(key, sketch);
  }
}

/** Shift the line numbers a scan of a byte range recorded (counted from the range start) to file line numbers. */
export function rebaseLines(scan: LogScan, offset: number): void {
  if (offset === 0) return;
  for (const example of scan.skippedExamples) example.line += offset;
  for (const stats of scan.minutes.values()) stats.firstRef.line += offset;
}

export type { SkippedLine };
