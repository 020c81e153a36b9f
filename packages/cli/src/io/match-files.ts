import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";

/** Directories a `**` walk never enters (dependencies, VCS, Python caches). */
const NEVER_WALKED = new Set(["node_modules", ".git", ".venv", "venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"]);

const GLOB_CHARS = /[*?[\]{}()!]/;

/** True when `pattern` has glob syntax (otherwise it names one path). */
export function hasGlobSyntax(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * Existing files matching `pattern` (relative to `cwd`, or absolute), as absolute
 * paths, sorted; a plain path gives itself when it is a file, else nothing. Walks
 * only from the pattern's fixed prefix (`examples/crm/frontend/coverage/**` walks
 * that folder, not the repo), matches dotfiles, and enters `coverage/` and
 * `build/` folders (where reports live) but never node_modules or .git.
 *
 * @example
 * await matchFiles("/repo", "examples/crm/*\/coverage.xml");
 */
export async function matchFiles(cwd: string, pattern: string): Promise<string[]> {
  const normalized = pattern.replace(/\\/g, "/");
  const absolute = isAbsolute(normalized) ? normalized : `${resolve(cwd).split(sep).join("/")}/${normalized.replace(/^\.\//, "")}`;
  if (!hasGlobSyntax(normalized)) {
    const info = await stat(absolute).catch(() => undefined);
    return info?.isFile() ? [resolve(absolute)] : [];
  }
  const segments = absolute.split("/");
  const firstGlob = segments.findIndex((segment) => hasGlobSyntax(segment));
  const base = segments.slice(0, firstGlob).join("/") || "/";
  const matcher = picomatch(segments.slice(firstGlob).join("/"), { dot: true });
  const found: string[] = [];
  async function visit(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NEVER_WALKED.has(entry.name)) await visit(path);
      } else if (entry.isFile() && matcher(relative(base, path).split(sep).join("/"))) {
        found.push(path);
      }
    }
  }
  await visit(base);
  return found.sort();
}
