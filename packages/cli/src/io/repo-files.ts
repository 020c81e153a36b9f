import { simpleGit } from "simple-git";
import { walkFiles } from "./walk.js";

/**
 * The repository's files under `cwd`, relative to it with forward slashes:
 * tracked plus untracked-but-not-ignored (a new file in a PR is not committed
 * yet when tests run locally). Outside a git repository, a file walk.
 */
export async function listRepoFiles(cwd: string): Promise<{ files: string[]; source: "git" | "walk" }> {
  try {
    const output = await simpleGit({ baseDir: cwd }).raw(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."]);
    return { files: [...new Set(output.split("\0").filter(Boolean))].sort(), source: "git" };
  } catch {
    return { files: await walkFiles(cwd), source: "walk" };
  }
}
