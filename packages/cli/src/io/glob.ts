import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import picomatch from "picomatch";

const MAGIC = /[*?[\]{}()!]/;

/**
 * Files matching a glob (`logs/*.jsonl`, `logs/**\/*.gz`), absolute paths, sorted.
 * A pattern without glob characters is returned as is, existing or not, so the
 * reader can report "file not found" naming it. Walks only below the pattern's
 * fixed prefix, and never into node_modules or .git unless the pattern names them.
 *
 * @example await expandGlob("/repo", "logs/*.jsonl") // ["/repo/logs/a.jsonl", ...]
 */
export async function expandGlob(cwd: string, pattern: string): Promise<string[]> {
  if (!MAGIC.test(pattern)) return [isAbsolute(pattern) ? pattern : resolve(cwd, pattern)];
  const absolute = (isAbsolute(pattern) ? pattern : join(cwd, pattern)).split("\\").join("/");
  const segments = absolute.split("/");
  const firstMagic = segments.findIndex((segment) => MAGIC.test(segment));
  const base = segments.slice(0, firstMagic).join("/") || "/";
  const rest = segments.slice(firstMagic);
  const maxDepth = rest.includes("**") ? Infinity : rest.length;
  const skipHidden = !/node_modules|\.git\b/.test(pattern);
  const matches = picomatch(absolute, { dot: true });
  const found: string[] = [];
  async function visit(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = `${dir === "/" ? "" : dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < maxDepth && !(skipHidden && (entry.name === "node_modules" || entry.name === ".git"))) await visit(path, depth + 1);
      } else if ((entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile())) && matches(path)) {
        found.push(path);
      }
    }
  }
  await visit(base, 1);
  return found.sort();
}
