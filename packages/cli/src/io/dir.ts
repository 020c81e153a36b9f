/** Directory listings and path facts for commands that must not touch node:fs themselves. */
import { constants } from "node:fs";
import { access, readdir, realpath } from "node:fs/promises";

/** The names in a folder, or none when it is missing or unreadable (callers treat both as "nothing there"). */
export async function listNames(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [] as string[]);
}

/** Whether `path` is a file this process may execute (what `command -v` checks per PATH folder). */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path with symlinks resolved, to compare two spellings of one folder. */
export async function canonicalPath(path: string): Promise<string> {
  return realpath(path);
}
