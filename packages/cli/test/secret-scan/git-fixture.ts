/** Temporary git repositories for secret-scan and hooks tests. */
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { existsSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../../../..");

/** Runs this checkout's CLI from source, as a hook's runner command. */
export const SOURCE_CLI_RUNNER = `${join(ROOT, "node_modules/.bin/tsx")} ${join(ROOT, "packages/cli/src/bin.ts")}`;

/** PATH without any directory that holds a `crm-devex` command, so only the checkout's install counts. */
export const PATH_WITHOUT_CLI = (process.env.PATH ?? "")
  .split(delimiter)
  .filter((dir) => dir && !existsSync(join(dir, "crm-devex")))
  .join(delimiter);

export const GIT_ENV = {
  GIT_AUTHOR_NAME: "CRM Test",
  GIT_AUTHOR_EMAIL: "test@crm.invalid",
  GIT_COMMITTER_NAME: "CRM Test",
  GIT_COMMITTER_EMAIL: "test@crm.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: { ...process.env, ...GIT_ENV, HOME: cwd }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export async function writeTree(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** A new repository (branch main) holding `files`, not yet committed. */
export async function makeRepo(files: Record<string, string | Buffer> = {}): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "crm-devex-secret-"));
  git(dir, "init", "-q", "-b", "main");
  await writeTree(dir, files);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
