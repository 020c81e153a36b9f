/**
 * Added and changed lines per file from `git diff -U0` output: the new-side
 * line numbers of every hunk (`@@ -a,b +c,d @@` adds lines c … c+d-1). Deleted
 * files, binary files and pure deletions add nothing.
 */

/** Undo git's C-style quoting of unusual paths (`"b/caf\303\251.py"`). */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== "\\") {
      bytes.push(...Buffer.from(char));
      continue;
    }
    const next = body[++i]!;
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, '"': 34, "\\": 92 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString("utf8");
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

export function changedLinesFromDiff(diff: string): Map<string, Set<number>> {
  const changed = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split("\n")) {
    if (line.startsWith("diff --git ")) {
      current = undefined;
    } else if (line.startsWith("+++ ")) {
      const target = line.slice(4).replace(/\t$/, "");
      if (target === "/dev/null") {
        current = undefined;
        continue;
      }
      const path = unquote(target).replace(/^b\//, "");
      current = changed.get(path) ?? new Set();
      changed.set(path, current);
    } else if (current && line.startsWith("@@")) {
      const match = HUNK.exec(line);
      if (!match) continue;
      const start = Number(match[1]);
      const count = match[2] === undefined ? 1 : Number(match[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  for (const [path, lines] of changed) if (lines.size === 0) changed.delete(path);
  return changed;
}
