import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";

/**
 * Every regular file under `root` (relative paths, forward slashes), entering
 * every directory except `.git` — for scans that were asked for "everything",
 * such as `secret-scan --no-git node_modules`. Symlinks are not followed.
 */
export async function walkAllFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  async function visit(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== ".git") await visit(path);
        } else if (entry.isFile()) {
          files.push(relative(root, path).split(sep).join("/"));
        }
      }),
    );
  }
  await visit(root);
  return files.sort();
}
