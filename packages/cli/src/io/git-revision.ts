import { simpleGit } from "simple-git";

/** True when `ref` names a commit in the repository at `cwd` (`git rev-parse --verify REF^{commit}`). */
export async function revisionExists(cwd: string, ref: string): Promise<boolean> {
  try {
    await simpleGit({ baseDir: cwd }).raw(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** True when `path` (relative to the repository root) exists at revision `ref`. */
export async function fileExistsAtRevision(cwd: string, ref: string, path: string): Promise<boolean> {
  try {
    await simpleGit({ baseDir: cwd }).raw(["cat-file", "-e", `${ref}:${path}`]);
    return true;
  } catch {
    return false;
  }
}
