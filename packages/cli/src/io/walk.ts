import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/** Directories no source walk should enter: dependencies, build output, caches, VCS. */
export const SKIPPED_DIRECTORIES = new Set([
  "node_modules",
  ".git",
  ".venv",
  "venv",
  "dist",
  "build",
  "coverage",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".cache",
  ".next",
]);

/** Every file under `root` (relative paths with forward slashes), skipping SKIPPED_DIRECTORIES. */
export async function walkFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  async function visit(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await visit(path);
      } else if (entry.isFile()) {
        files.push(relative(root, path).split(sep).join("/"));
      }
    }
  }
  await visit(root);
  return files.sort();
}
