import { UsageError } from "../../kernel/errors.js";

const MINUTES = { m: 1, h: 60, d: 1440, w: 10080 } as const;

/**
 * Minutes in a duration such as `30d`, `6h`, `90m`, `4w`. Whole minutes only:
 * availability is counted in one-minute slices.
 *
 * @example durationMinutes("30d") // 43200
 */
export function durationMinutes(text: string, flag = "--window"): number {
  const match = /^(\d+)(m|h|d|w)$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} ${text}: expected a duration such as 30d, 28d, 6h or 90m, or month`);
  const minutes = Number(match[1]) * MINUTES[match[2] as keyof typeof MINUTES];
  if (minutes < 1) throw new UsageError(`${flag} ${text}: must be at least one minute`);
  return minutes;
}

/** A rolling window of N minutes, or the calendar month holding `--until`. */
export type WindowSpec = { kind: "rolling"; minutes: number } | { kind: "calendar-month" };

/**
 * `30d`, `28d`, `6h` (rolling) or `month` (the calendar month so far, with the whole
 * month's budget).
 */
export function parseWindow(text: string, flag = "--window"): WindowSpec {
  if (text.trim() === "month" || text.trim() === "calendar-month") return { kind: "calendar-month" };
  return { kind: "rolling", minutes: durationMinutes(text, flag) };
}

/** Minutes of a rolling window; a calendar month counts as 30 days (Prometheus rules are rolling). */
export function rollingMinutes(spec: WindowSpec): number {
  return spec.kind === "rolling" ? spec.minutes : 30 * 1440;
}

/** The shortest `Nd`/`Nh`/`Nm` spelling of a number of minutes. */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
