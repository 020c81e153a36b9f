/** A throwaway checkout of another commit, for commands that must run against the base branch's code. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { InputError } from "../kernel/errors.js";

/**
 * Check `ref` out into a temporary `git worktree` (detached), run `use` on its root, and remove
 * the worktree afterwards — also when `use` throws — so no stray checkout or
 * `.git/worktrees` entry is left behind.
 *
 * @example
 * const spec = await withWorktree(repo, "origin/main", (root) => readFile(join(root, "openapi.json"), "utf8"));
 */
export async function withWorktree<T>(cwd: string, ref: string, use: (root: string) => Promise<T>): Promise<T> {
  const parent = await mkdtemp(join(tmpdir(), "crm-devex-base-"));
  const root = join(parent, "checkout");
  const git = simpleGit({ baseDir: cwd });
  try {
    try {
      await git.raw(["worktree", "add", "--detach", "--quiet", root, ref]);
    } catch (error) {
      const detail = (error as Error).message.split("\n").find((line) => line.trim()) ?? "git worktree add failed";
      throw new InputError(`cannot check out ${ref} into a temporary worktree: ${detail.replace(/^fatal:\s*/, "")}`, { file: ref }, { cause: error });
    }
    return await use(root);
  } finally {
    await git.raw(["worktree", "remove", "--force", root]).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    await git.raw(["worktree", "prune"]).catch(() => undefined);
  }
}
