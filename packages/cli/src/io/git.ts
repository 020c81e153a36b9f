import { simpleGit } from "simple-git";
import { InputError } from "../kernel/errors.js";

/** The top level of the git work tree containing `cwd`, or undefined outside a repo. */
export async function gitTopLevel(cwd: string): Promise<string | undefined> {
  try {
    const top = await simpleGit({ baseDir: cwd }).revparse(["--show-toplevel"]);
    return top.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The content of `path` at revision `ref` (`git show REF:PATH`), without a checkout.
 * `path` is relative to the repository root, as git expects.
 */
export async function readFileAtRevision(cwd: string, ref: string, path: string): Promise<string> {
  try {
    return await simpleGit({ baseDir: cwd }).show([`${ref}:${path}`]);
  } catch (error) {
    const detail = (error as Error).message.split("\n").find((line) => line.trim()) ?? "git show failed";
    throw new InputError(`cannot read ${path} at ${ref}: ${detail.replace(/^fatal:\s*/, "")}`, { file: `git:${ref}:${path}` }, { cause: error });
  }
}
