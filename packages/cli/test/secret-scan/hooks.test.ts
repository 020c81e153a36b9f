import { spawnSync } from "node:child_process";
import { access, chmod, constants, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { lefthookRun } from "../../src/commands/hooks/script.js";
import { fakeSecrets } from "../../src/commands/secret-scan/rules/fake.js";
import { makeTree, runCommand } from "../helpers.js";
import { GIT_ENV, git, makeRepo, writeTree } from "./git-fixture.js";

const root = resolve(import.meta.dirname, "../../../..");
/** The hook runs this checkout's CLI from source, as a project's local install would. */
const RUNNER = `${join(root, "node_modules/.bin/tsx")} ${join(root, "packages/cli/src/bin.ts")}`;
const f = fakeSecrets("hooks");
const stripe = (): string => "sk_" + "live_" + f.alnum(32);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function repo(files: Record<string, string> = { "README.md": "# crm\n" }): Promise<string> {
  const { dir, cleanup } = await makeRepo(files);
  cleanups.push(cleanup);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  return dir;
}

/** `git commit` for real, hooks and all. */
function commit(dir: string, message: string, ...flags: string[]): { status: number; output: string } {
  const run = spawnSync("git", ["commit", "-q", "-m", message, ...flags], { cwd: dir, env: { ...process.env, ...GIT_ENV, HOME: dir }, encoding: "utf8" });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

async function install(dir: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return runCommand(["hooks", "install", "--command", RUNNER, "--format", "json"], { cwd: dir });
}

describe("crm-devex hooks install", () => {
  it("plain .git/hooks: blocks a secret and a .env.production, lets a clean commit through; --no-verify is caught by the CI scan", async () => {
    const dir = await repo();
    const installed = await install(dir);
    expect(installed.exitCode).toBe(0);
    expect(JSON.parse(installed.stdout)).toMatchObject({ manager: "git", file: ".git/hooks/pre-commit", action: "created" });

    await writeTree(dir, { "src/pay.ts": `export const key = "${stripe()}";\n` });
    git(dir, "add", "src/pay.ts");
    const blocked = commit(dir, "add payments");
    expect(blocked.status).toBe(1);
    expect(blocked.output).toContain("src/pay.ts:1:21");
    expect(blocked.output).toContain("stripe-secret-key");
    expect(blocked.output).toContain("commit blocked");
    expect(blocked.output).toContain("crm-devex:allow");
    git(dir, "rm", "-q", "--cached", "src/pay.ts");

    await writeTree(dir, { ".env.production": "DEBUG=false\n" });
    git(dir, "add", "-f", ".env.production");
    const envBlocked = commit(dir, "add env");
    expect(envBlocked.status).toBe(1);
    expect(envBlocked.output).toContain("dotenv-file");
    git(dir, "rm", "-q", "--cached", ".env.production");

    await writeTree(dir, { "src/ok.ts": "export const key = process.env.STRIPE_KEY;\n" });
    git(dir, "add", "src/ok.ts");
    expect(commit(dir, "clean change")).toMatchObject({ status: 0 });

    git(dir, "add", "src/pay.ts");
    expect(commit(dir, "bypass", "--no-verify").status).toBe(0);
    const ci = await runCommand(["secret-scan", "--format", "github"], { cwd: dir, env: { PATH: process.env.PATH, CI: "true" } });
    expect(ci.exitCode).toBe(1);
    expect(ci.stdout).toContain("::error file=src/pay.ts,line=1");
  });

  it("chains an existing plain hook (it runs first and can still block), and re-installing does not chain twice", async () => {
    const dir = await repo();
    const hook = join(dir, ".git/hooks/pre-commit");
    await writeFile(hook, '#!/bin/sh\necho ran > "$(git rev-parse --show-toplevel)/previous-hook-ran"\n[ ! -f block-me ]\n');
    await chmod(hook, 0o755);
    expect(JSON.parse((await install(dir)).stdout)).toMatchObject({ action: "chained", chained: ".git/hooks/pre-commit.chained-by-crm-devex" });
    expect(JSON.parse((await install(dir)).stdout)).toMatchObject({ action: "updated" });
    expect(await readFile(`${hook}.chained-by-crm-devex`, "utf8")).toContain("previous-hook-ran");

    await writeTree(dir, { "a.ts": "export {};\n" });
    git(dir, "add", "a.ts");
    expect(commit(dir, "clean").status).toBe(0);
    await access(join(dir, "previous-hook-ran"));
    await writeTree(dir, { "block-me": "", "b.ts": "export {};\n" });
    git(dir, "add", "b.ts");
    expect(commit(dir, "blocked by the previous hook").status).not.toBe(0);
  });

  it("husky: appends to .husky/pre-commit, keeping what is there, and the hook blocks through core.hooksPath", async () => {
    const dir = await repo({ ".husky/pre-commit": "npx lint-staged\n", "README.md": "# crm\n" });
    const installed = JSON.parse((await install(dir)).stdout);
    expect(installed).toMatchObject({ manager: "husky", file: ".husky/pre-commit", action: "appended" });
    const text = await readFile(join(dir, ".husky/pre-commit"), "utf8");
    expect(text.startsWith("npx lint-staged\n")).toBe(true);
    expect(text).toContain("secret-scan --staged");
    await access(join(dir, ".husky/pre-commit"), constants.X_OK);
    // Stand in for husky's runner: point hooksPath at .husky and drop the lint-staged line.
    await writeFile(join(dir, ".husky/pre-commit"), `#!/bin/sh\n${text.replace("npx lint-staged\n", "")}`);
    git(dir, "config", "core.hooksPath", ".husky");
    await writeTree(dir, { "k.ts": `k = "${stripe()}"\n` });
    git(dir, "add", "k.ts");
    expect(commit(dir, "leak").status).toBe(1);
  });

  it("lefthook: adds a pre-commit command to lefthook.yml and keeps the existing ones", async () => {
    const dir = await repo({ "lefthook.yml": "# team hooks\npre-commit:\n  commands:\n    lint:\n      run: npx eslint {staged_files}\n" });
    expect(JSON.parse((await install(dir)).stdout)).toMatchObject({ manager: "lefthook", file: "lefthook.yml", action: "appended" });
    const text = await readFile(join(dir, "lefthook.yml"), "utf8");
    expect(text).toContain("# team hooks");
    expect(parse(text)).toEqual({
      "pre-commit": { commands: { lint: { run: "npx eslint {staged_files}" }, "crm-devex-secret-scan": { run: lefthookRun(RUNNER) } } },
    });
    expect(JSON.parse((await install(dir)).stdout)).toMatchObject({ action: "updated" });
  });

  it("core.hooksPath: installs into that directory and chains the hook found there", async () => {
    const dir = await repo();
    await mkdir(join(dir, ".githooks"));
    await writeFile(join(dir, ".githooks/pre-commit"), "#!/bin/sh\nexit 0\n");
    await chmod(join(dir, ".githooks/pre-commit"), 0o755);
    git(dir, "config", "core.hooksPath", ".githooks");
    expect(JSON.parse((await install(dir)).stdout)).toMatchObject({ manager: "core.hooksPath", file: ".githooks/pre-commit", action: "chained" });
    await writeTree(dir, { ".env.local": "A=1\n" });
    git(dir, "add", "-f", ".env.local");
    expect(commit(dir, "env").status).toBe(1);
  });

  it("outside a git repository, or with a broken lefthook.yml, it is an input error (exit 2)", async () => {
    const { dir, cleanup } = await makeTree({ "a.txt": "x" });
    cleanups.push(cleanup);
    const outside = await runCommand(["hooks", "install"], { cwd: dir });
    expect(outside.exitCode).toBe(2);
    expect(outside.stderr).toContain("not a git repository");
    const broken = await repo({ "lefthook.yml": "pre-commit:\n  commands: [\n" });
    const bad = await runCommand(["hooks", "install"], { cwd: broken });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("lefthook.yml");
    expect((await runCommand(["hooks"], { cwd: broken })).exitCode).toBe(2);
  });
});
