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

/** Where a file at the work tree came from at `ref`, when git sees it as a rename or a copy. */
export interface RenameSource {
  /** The path (relative to the repository root) at `ref`. */
  from: string;
  how: "renamed" | "copied";
  /** git's similarity score, 0–100. */
  similarity: number;
}

/**
 * The path `path` had at `ref` when the file was moved or copied since: git's own rename and
 * copy detection (`git diff -M --find-copies-harder --name-status ref`) between `ref` and the work
 * tree, so a move committed on the branch, staged (`git mv`) or both is found, and a copy whose
 * source stayed unchanged too. Undefined for a genuinely new file, or when git cannot tell
 * (similarity below its 50 % default). Only run when the head path is missing at `ref`, so the
 * harder copy search costs nothing on ordinary runs.
 */
export async function renameSourceAtRevision(cwd: string, ref: string, path: string): Promise<RenameSource | undefined> {
  let output: string;
  try {
    output = await simpleGit({ baseDir: cwd }).raw(["diff", "--find-renames", "--find-copies-harder", "--name-status", "-z", "--diff-filter=RC", "--no-ext-diff", ref, "--"]);
  } catch {
    return undefined;
  }
  // -z: "R093\0old\0new\0" per entry, paths relative to the repository root.
  const fields = output.split("\0");
  let best: RenameSource | undefined;
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const status = fields[i]!.trim();
    const match = /^([RC])(\d*)$/.exec(status);
    if (!match || fields[i + 2] !== path) continue;
    const found: RenameSource = { from: fields[i + 1]!, how: match[1] === "R" ? "renamed" : "copied", similarity: Number(match[2] || 100) };
    // A rename beats a copy; otherwise the most similar source.
    if (!best || (found.how === "renamed" && best.how === "copied") || (found.how === best.how && found.similarity > best.similarity)) best = found;
  }
  return best;
}
