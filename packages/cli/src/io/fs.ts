import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { InputError } from "../kernel/errors.js";

/** Resolve `path` against `cwd` unless it is absolute. */
export function resolveFrom(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** A path relative to `cwd` with forward slashes, for reports; absolute when outside cwd. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return path.split(sep).join("/");
  return rel.split(sep).join("/");
}

/**
 * Read a UTF-8 text file, turning "not found", "is a directory" and permission
 * problems into one InputError line that names the file as the user gave it.
 */
export async function readTextFile(path: string, shownAs: string = path): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new InputError(describeFsError(error, "read"), { file: shownAs }, { cause: error });
  }
}

/** True when the path exists (file or directory). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Write a file so a reader never sees half of it: write a sibling temp file,
 * then rename over the target (atomic on the same filesystem).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, content);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  } catch (error) {
    throw new InputError(describeFsError(error, "write"), { file: path }, { cause: error });
  }
}

function describeFsError(error: unknown, verb: "read" | "write"): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return verb === "read" ? "file not found" : "directory does not exist";
    case "EISDIR":
      return "is a directory, expected a file";
    case "EACCES":
    case "EPERM":
      return `permission denied (cannot ${verb})`;
    default:
      return `cannot ${verb} file: ${(error as Error)?.message ?? String(error)}`;
  }
}
