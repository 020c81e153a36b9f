import { simpleGit } from "simple-git";

/** True when `ref` names a commit in the repository at `cwd` (`git rev-parse --verify REF^{commit}`). */
export async function revisionExists(cwd: string, ref: string): Promise<boolean> {
  try {
    // simple-git only rejects when git writes to stderr, so check the answer is a commit id.
    const output = await simpleGit({ baseDir: cwd }).raw(["rev-parse", "--verify", `${ref}^{commit}`]);
    return /^[0-9a-f]{40,64}$/.test(output.trim());
  } catch {
    return false;
  }
}

/** True when `path` (relative to the repository root) exists at revision `ref`. */
export async function fileExistsAtRevision(cwd: string, ref: string, path: string): Promise<boolean> {
  try {
    const output = await simpleGit({ baseDir: cwd }).raw(["ls-tree", "--full-tree", "--name-only", ref, "--", path]);
    return output.split("\n").some((line) => line.trim() === path);
  } catch {
    return false;
  }
}

/**
 * The branch a symbolic remote ref points at, e.g. `origin/HEAD` → `origin/master`
 * (set by `git clone`, or `git remote set-head origin --auto`); undefined when unset.
 */
export async function symbolicRefTarget(cwd: string, ref: string): Promise<string | undefined> {
  try {
    const output = await simpleGit({ baseDir: cwd }).raw(["symbolic-ref", "--short", "-q", `refs/remotes/${ref}`]);
    return output.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** True when `path` (relative to `cwd`) is tracked by git: in the index, so committed or staged. */
export async function isTracked(cwd: string, path: string): Promise<boolean> {
  try {
    const output = await simpleGit({ baseDir: cwd }).raw(["ls-files", "--cached", "--", path]);
    return output.trim().length > 0;
  } catch {
    return false;
  }
}

/** The ignore rule that makes git ignore `path`, as `FILE:LINE:PATTERN` (`git check-ignore -v`), if any. */
export async function ignoredBy(cwd: string, path: string): Promise<string | undefined> {
  try {
    const output = await simpleGit({ baseDir: cwd }).raw(["check-ignore", "-v", "--no-index", "--", path]);
    const match = /^(.+?):(\d+):(.*?)\t/.exec(output);
    return match ? `${match[1]}:${match[2]} (${match[3]})` : undefined;
  } catch {
    return undefined;
  }
}
