import { simpleGit } from "simple-git";
import { UsageError } from "../kernel/errors.js";

/**
 * The zero-context diff (`git diff -U0`) from the merge base of `base` and HEAD
 * to the working tree, paths relative to `cwd` — what a PR changes plus any
 * uncommitted edits, the same span diff-cover gates. Throws a UsageError naming
 * the ref when git cannot resolve it.
 */
export async function diffAgainstMergeBase(cwd: string, base: string): Promise<{ mergeBase: string; diff: string }> {
  const git = simpleGit({ baseDir: cwd });
  let mergeBase: string;
  try {
    mergeBase = (await git.raw(["merge-base", base, "HEAD"])).trim();
  } catch (error) {
    const detail = (error as Error).message.split("\n").find((line) => line.trim()) ?? "";
    throw new UsageError(`--diff-base ${base}: no merge base with HEAD (${detail.replace(/^fatal:\s*/, "") || "unknown revision"}); in CI fetch it first, e.g. actions/checkout with fetch-depth: 0`);
  }
  const diff = await git.raw(["-c", "core.quotePath=false", "diff", "-U0", "--no-color", "--no-ext-diff", "--relative", mergeBase, "--"]);
  return { mergeBase, diff };
}
