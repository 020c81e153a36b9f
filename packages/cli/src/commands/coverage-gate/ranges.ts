/**
 * Missing line ranges the way coverage.py prints them: a range runs over missed
 * executable lines and only ends at an executed one, so non-executable lines
 * (blank, comments) between two misses do not split it (`21-30`, not `21-24, 26-30`).
 */
export type LineRange = [start: number, end: number];

/**
 * Ranges of lines in `lines` with zero hits. With `only` (changed lines), executable
 * lines outside it also end a range.
 */
export function missingRanges(lines: ReadonlyMap<number, number>, only?: ReadonlySet<number>): LineRange[] {
  const numbers = [...lines.keys()].sort((a, b) => a - b);
  const ranges: LineRange[] = [];
  let current: LineRange | undefined;
  for (const line of numbers) {
    if ((lines.get(line) ?? 0) > 0 || (only && !only.has(line))) {
      current = undefined;
    } else if (current) {
      current[1] = line;
    } else {
      current = [line, line];
      ranges.push(current);
    }
  }
  return ranges;
}

/** Contiguous runs of the given line numbers (for changed-line hunks). */
export function contiguousRanges(numbers: Iterable<number>): LineRange[] {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const ranges: LineRange[] = [];
  for (const line of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === line - 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}

/** "21-30, 45" — shortened with "…" past `maxLength` characters. */
export function formatRanges(ranges: readonly LineRange[], maxLength = Infinity): string {
  let text = "";
  for (const [start, end] of ranges) {
    const part = start === end ? `${start}` : `${start}-${end}`;
    const next = text ? `${text}, ${part}` : part;
    if (next.length > maxLength) return `${text}, …`;
    text = next;
  }
  return text;
}
