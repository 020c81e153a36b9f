/**
 * A unified diff (as `git diff` prints it) between two texts, for `init --dry-run`.
 * Longest common subsequence over lines: init's files are small, so the quadratic
 * table is cheaper than a dependency.
 */

type Edit = { kind: " " | "-" | "+"; text: string };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function edits(before: string[], after: string[]): Edit[] {
  const rows = before.length;
  const cols = after.length;
  const lcs: Uint32Array[] = Array.from({ length: rows + 1 }, () => new Uint32Array(cols + 1));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < cols) {
    if (i < rows && j < cols && before[i] === after[j]) {
      out.push({ kind: " ", text: before[i]! });
      i++;
      j++;
    } else if (i < rows && (j === cols || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ kind: "-", text: before[i++]! }); // removals first, as git prints them
    } else {
      out.push({ kind: "+", text: after[j++]! });
    }
  }
  return out;
}

/**
 * `--- a/PATH` / `+++ b/PATH` and hunks with `context` lines around each change;
 * an empty string when the texts are equal. A missing file diffs from /dev/null.
 *
 * @example
 * unifiedDiff(".env.example", "A=\n", "A=\nB=\n") // "--- a/.env.example\n+++ b/.env.example\n@@ -1 +1,2 @@\n A=\n+B=\n"
 */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  if (before === after) return "";
  const all = edits(splitLines(before ?? ""), splitLines(after));
  const changed = all.map((edit, index) => (edit.kind === " " ? -1 : index)).filter((index) => index !== -1);
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(all.length, index + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const out = [`--- ${before === undefined ? "/dev/null" : `a/${path}`}`, `+++ b/${path}`];
  for (const [start, end] of hunks) {
    const oldStart = all.slice(0, start).filter((edit) => edit.kind !== "+").length;
    const newStart = all.slice(0, start).filter((edit) => edit.kind !== "-").length;
    const body = all.slice(start, end);
    const oldCount = body.filter((edit) => edit.kind !== "+").length;
    const newCount = body.filter((edit) => edit.kind !== "-").length;
    const range = (first: number, count: number) => (count === 1 ? `${first + 1}` : `${count === 0 ? first : first + 1},${count}`);
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...body.map((edit) => `${edit.kind}${edit.text}`));
  }
  return `${out.join("\n")}\n`;
}
