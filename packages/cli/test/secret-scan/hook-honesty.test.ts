/**
 * The installed pre-commit hook tells a finding from a CLI that could not run: only a real
 * finding prints the secret-found text; a checkout without node_modules (a new git worktree,
 * npm's E404 from npx, a missing command) says crm-devex is not installed and blocks with that.
 */
import { spawnSync } from "node:child_process";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NOT_INSTALLED } from "../../src/commands/hooks/script.js";
import { fakeSecrets } from "../../src/commands/secret-scan/rules/fake.js";
import { runCommand } from "../helpers.js";
import { GIT_ENV, PATH_WITHOUT_CLI, SOURCE_CLI_RUNNER as RUNNER, git, makeRepo, writeTree } from "./git-fixture.js";

const SECRET_TEXT = "contain a secret or a .env file";
const f = fakeSecrets("hook-honesty");
const stripe = (): string => "sk_" + "live_" + f.alnum(32);


const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function repo(): Promise<string> {
  const { dir, cleanup } = await makeRepo({ "README.md": "# crm\n", ".gitignore": "node_modules/\n" });
  cleanups.push(cleanup);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  return dir;
}

/** `git commit` for real, with a PATH that has no global crm-devex. */
function commit(dir: string, message: string, ...flags: string[]): { status: number; output: string } {
  const run = spawnSync("git", ["commit", "-q", "-m", message, ...flags], { cwd: dir, env: { ...process.env, ...GIT_ENV, HOME: dir, PATH: PATH_WITHOUT_CLI }, encoding: "utf8" });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

/** A `node_modules/.bin/crm-devex` in `dir` running `body` (sh). */
async function fakeInstall(dir: string, body: string): Promise<void> {
  await mkdir(join(dir, "node_modules/.bin"), { recursive: true });
  await writeFile(join(dir, "node_modules/.bin/crm-devex"), `#!/bin/sh\n${body}\n`);
  await chmod(join(dir, "node_modules/.bin/crm-devex"), 0o755);
}

async function stage(dir: string, files: Record<string, string>): Promise<void> {
  await writeTree(dir, files);
  git(dir, "add", ...Object.keys(files));
}

describe("the pre-commit hook says what happened", () => {
  it("a git worktree before npm install: blocked with 'not installed', while the main checkout scans and finds", async () => {
    const dir = await repo();
    expect((await runCommand(["hooks", "install"], { cwd: dir })).exitCode).toBe(0);
    // The main checkout "has run npm install": its local bin is this repo's CLI.
    await fakeInstall(dir, `exec ${RUNNER} "$@"`);
    await stage(dir, { "src/pay.ts": `export const key = "${stripe()}";\n` });
    const found = commit(dir, "add payments");
    expect(found.status).toBe(1);
    expect(found.output).toContain("stripe-secret-key");
    expect(found.output).toContain(SECRET_TEXT);
    git(dir, "rm", "-q", "--cached", "src/pay.ts");

    const worktree = join(dir, "..", `${dir.split("/").pop()}-wt`);
    cleanups.push(async () => void spawnSync("rm", ["-rf", worktree]));
    git(dir, "worktree", "add", "-q", "-b", "feature", worktree);
    await stage(worktree, { "src/ok.ts": "export const port = 8000;\n" });
    const blocked = commit(worktree, "clean change in a fresh worktree");
    expect(blocked.status).toBe(1);
    expect(blocked.output).toContain(NOT_INSTALLED);
    expect(blocked.output).not.toContain(SECRET_TEXT);

    // After installing in the worktree, the same commit goes through.
    await fakeInstall(worktree, `exec ${RUNNER} "$@"`);
    expect(commit(worktree, "clean change in a fresh worktree")).toMatchObject({ status: 0 });
  });

  it.each([
    ["npx answering E404 (exit 1, no report)", 'echo "npm error code E404" >&2; echo "npm error 404 Not Found - GET https://registry.npmjs.org/crm-devex" >&2; exit 1', NOT_INSTALLED],
    ["node failing to load the CLI (exit 1, no report)", "echo \"Error: Cannot find module '/x/dist/bin.js'\" >&2; exit 1", NOT_INSTALLED],
    ["a command that is not there (exit 127)", "exit 127", NOT_INSTALLED],
    ["a scan that broke (exit 2: bad config)", 'echo "error: crm-devex.config.yaml:3: unknown key" >&2; exit 2', "the secret scan could not run (exit 2)"],
  ])("%s: blocked, naming the cause, never the secret-found text", async (_name, body, expected) => {
    const dir = await repo();
    expect((await runCommand(["hooks", "install"], { cwd: dir })).exitCode).toBe(0);
    await fakeInstall(dir, body);
    await stage(dir, { "src/ok.ts": "export const port = 8000;\n" });
    const run = commit(dir, "change");
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(expected);
    expect(run.output).not.toContain(SECRET_TEXT);
  });

  it("a pinned --command that does not exist says not installed (exit 127), not 'secret found'", async () => {
    const dir = await repo();
    expect((await runCommand(["hooks", "install", "--command", "./tools/crm-devex-missing"], { cwd: dir })).exitCode).toBe(0);
    await stage(dir, { "src/ok.ts": "export const port = 8000;\n" });
    const run = commit(dir, "change");
    expect(run.status).toBe(1);
    expect(run.output).toContain(NOT_INSTALLED);
    expect(run.output).not.toContain(SECRET_TEXT);
  });

  it("nothing staged: the hook does not scan (and so cannot block an empty commit)", async () => {
    const dir = await repo();
    expect((await runCommand(["hooks", "install"], { cwd: dir })).exitCode).toBe(0);
    await fakeInstall(dir, "echo scanned >&2; exit 2");
    const run = commit(dir, "empty", "--allow-empty");
    expect(run).toMatchObject({ status: 0 });
    expect(run.output).not.toContain("scanned");
  });
});
