import { burnWindowMinutes } from "./analyse.js";
import type { EvaluationInput } from "./analyse.js";
import { BURN_WINDOWS, type BurnWindow, type LineRef, type LogScan, type MinuteStats, type Slo, type WindowCounts } from "./model.js";
import { decimal } from "./rational.js";
import { formatMinutes, type WindowSpec } from "./duration.js";
import { mergeSketch, newSketch, sketchQuantile } from "./sketch.js";

/** Columns of the burn-over-time chart. */
export const CHART_COLUMNS = 30;

/** The window in whole UTC minutes: [startMinute, endMinute], the last one holding `until`. */
export interface MinuteWindow {
  startMinute: number;
  endMinute: number;
  /** Minutes from start to end (what was measured). */
  minutes: number;
  /** Minutes the budget is computed over: the window's length (a whole calendar month for `month`). */
  budgetMinutes: number;
  /** "30d", or "calendar month 2026-11". */
  label: string;
}

export function resolveWindow(spec: WindowSpec, untilMs: number): MinuteWindow {
  const endMinute = Math.floor(untilMs / 60_000);
  if (spec.kind === "rolling") {
    return { startMinute: endMinute - spec.minutes + 1, endMinute, minutes: spec.minutes, budgetMinutes: spec.minutes, label: formatMinutes(spec.minutes) };
  }
  const until = new Date(untilMs);
  const monthStart = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), 1);
  const nextMonth = Date.UTC(until.getUTCFullYear(), until.getUTCMonth() + 1, 1);
  const startMinute = monthStart / 60_000;
  return {
    startMinute,
    endMinute,
    minutes: endMinute - startMinute + 1,
    budgetMinutes: (nextMonth - monthStart) / 60_000,
    label: `calendar month ${until.toISOString().slice(0, 7)}`,
  };
}

/** The scan's minutes outside the window: lines to count as skipped, and where the first of them are. */
export function outsideWindow(scan: LogScan, window: MinuteWindow): { lines: number; examples: LineRef[] } {
  let lines = 0;
  const outside: [number, LineRef][] = [];
  for (const [minute, stats] of scan.minutes) {
    if (minute >= window.startMinute && minute <= window.endMinute) continue;
    lines += stats.lines;
    outside.push([minute, stats.firstRef]);
  }
  outside.sort((a, b) => a[0] - b[0]);
  return { lines, examples: outside.slice(0, 5).map(([, ref]) => ref) };
}

/** Fold the minutes of [from, to] into counts for the given SLOs. */
function countMinutes(entries: [number, MinuteStats][], from: number, to: number, slos: Slo[], thresholdsMs: number[]): WindowCounts {
  const ratios = [...new Set(slos.filter((slo) => slo.kind === "availability").map((slo) => slo.downRatio))].map((ratio) => ({
    ratio,
    exact: decimal(ratio),
    down: 0,
  }));
  const within = thresholdsMs.map(() => 0);
  let requests = 0;
  let errors = 0;
  let knownMinutes = 0;
  for (const [minute, stats] of entries) {
    if (minute < from || minute > to || stats.total === 0) continue;
    knownMinutes++;
    requests += stats.total;
    errors += stats.errors;
    for (let i = 0; i < within.length; i++) within[i]! += stats.withinThreshold[i]!;
    // Down when errors / total ≥ ratio, compared on integers: errors × den ≥ total × num.
    for (const r of ratios) if (BigInt(stats.errors) * r.exact.den >= BigInt(stats.total) * r.exact.num) r.down++;
  }
  return {
    requests,
    errors,
    withinThreshold: new Map(thresholdsMs.map((threshold, i) => [threshold, within[i]!])),
    knownMinutes,
    downMinutes: new Map(ratios.map((r) => [r.ratio, r.down])),
  };
}

/** Counts for the window, each burn window ending with it, the chart columns, and the latency quantiles. */
export function evaluationInputFromScan(scan: LogScan, window: MinuteWindow, slos: Slo[], thresholdsMs: number[]): EvaluationInput {
  const entries = [...scan.minutes].filter(([minute]) => minute >= window.startMinute && minute <= window.endMinute);
  const counts = (from: number, to: number) => countMinutes(entries, from, to, slos, thresholdsMs);
  const burnMinutes = burnWindowMinutes(window.minutes);
  const burn = Object.fromEntries(
    BURN_WINDOWS.map((w) => [w, counts(window.endMinute - burnMinutes[w] + 1, window.endMinute)]),
  ) as Record<BurnWindow, WindowCounts>;
  const columns = Math.min(CHART_COLUMNS, window.minutes);
  const history: WindowCounts[] = [];
  for (let column = 0; column < columns; column++) {
    const from = window.startMinute + Math.floor((window.minutes * column) / columns);
    const to = window.startMinute + Math.floor((window.minutes * (column + 1)) / columns) - 1;
    history.push(counts(from, to));
  }
  // Sketches cover `sketchMinutes` each; those starting inside the window count, so at
  // the window's start up to sketchMinutes − 1 minutes (1/720 of the window) may be left out.
  const sketch = newSketch();
  for (const [start, part] of scan.sketches) if (start >= window.startMinute && start <= window.endMinute) mergeSketch(sketch, part);
  return {
    windowMinutes: window.budgetMinutes,
    elapsedMinutes: window.minutes,
    window: counts(window.startMinute, window.endMinute),
    burn,
    history,
    quantiles: { p50Ms: sketchQuantile(sketch, 0.5), p95Ms: sketchQuantile(sketch, 0.95), p99Ms: sketchQuantile(sketch, 0.99) },
  };
}

/** Requests to excluded paths inside the window. */
export function excludedInWindow(scan: LogScan, window: MinuteWindow): number {
  let excluded = 0;
  for (const [minute, stats] of scan.minutes) if (minute >= window.startMinute && minute <= window.endMinute) excluded += stats.lines - stats.total;
  return excluded;
}
