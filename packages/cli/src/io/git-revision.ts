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
