/** A problem in a report at a known line (1-based), turned into an InputError by the reader. */
export class ReportSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly expected?: string,
  ) {
    super(message);
  }
}

/** A strictly positive integer, or undefined. */
export function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 && Number.isSafeInteger(value) ? value : undefined;
}

/** A hit count: a non-negative integer (some tools write negative counts on overflow: those count as hit). */
export function hitCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^-?\d+(\.0+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value < 0 ? 1 : value;
}
