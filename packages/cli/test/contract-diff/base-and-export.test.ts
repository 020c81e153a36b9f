/**
 * contract-diff against real git layouts made in the test: a `master` default branch reached
 * through origin/HEAD, an unfetched GITHUB_BASE_REF, a gitignored spec with and without
 * contractDiff.export (a FastAPI-shaped `app.openapi()` dumped by python3), a spec new on the branch.
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runCommand } from "../helpers.js";

const GIT_ENV = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.test", GIT_CONFIG_NOSYSTEM: "1" };
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME };

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV }, stdio: ["ignore", "pipe", "pipe"] });
}

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** An OpenAPI 3.1 document with one 200 response per `METHOD /path`. */
function spec(operations: string[]): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const [method, path] = operation.split(" ") as [string, string];
    (paths[path] ??= {})[method.toLowerCase()] = { operationId: `${method}${path}`.replace(/\W/g, "_"), responses: { "200": { description: "ok" } } };
  }
  return `${JSON.stringify({ openapi: "3.1.0", info: { title: "crm", version: "1" }, paths }, null, 2)}\n`;
}

/** A FastAPI-shaped module: `from app.main import app; app.openapi()` returns the spec of these routes. */
function fastapiLikeApp(operations: string[]): string {
  return `import json\n\nclass App:\n    def openapi(self):\n        return json.loads(${JSON.stringify(spec(operations))})\n\napp = App()\n`;
}

/** The export command docs/contract-diff.md documents for FastAPI (python3, run in the checkout root). */
const FASTAPI_EXPORT = `python3 -c "import json; from app.main import app; print(json.dumps(app.openapi()))" > openapi.json`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A clone of a local bare "origin" whose default branch is `master` holding `files`, so
 * origin/HEAD → origin/master exactly as `git clone` of a GitHub repo leaves it; the clone is
 * on a new `feature` branch.
 */
async function cloneWithMaster(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "crm-devex-base-test-"));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const seed = join(root, "seed");
  await mkdir(seed);
  git(seed, "init", "-q", "-b", "master");
  await write(seed, files);
  git(seed, "add", "-A");
  git(seed, "commit", "-q", "-m", "initial");
  git(root, "clone", "-q", "--bare", seed, "origin.git");
  git(root, "clone", "-q", "origin.git", "work");
  const work = join(root, "work");
  git(work, "checkout", "-q", "-b", "feature");
  return work;
}

function commitAll(dir: string, message: string): void {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
}

function worktrees(dir: string): number {
  return git(dir, "worktree", "list", "--porcelain").split("\n").filter((line) => line.startsWith("worktree ")).length;
}

function leftoverBaseDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith("crm-devex-base-") && !name.startsWith("crm-devex-base-test-"));
}

const API = ["GET /clients", "POST /clients", "DELETE /clients/{id}"];
const API_WITHOUT_DELETE = ["GET /clients", "POST /clients"];

describe("contract-diff base resolution", () => {
  test("a master default branch is found through origin/HEAD and named in the report", async () => {
    const work = await cloneWithMaster({ "openapi.json": spec(API), "crm-devex.config.yaml": "contractDiff:\n  head: openapi.json\n" });
    expect(git(work, "branch", "-r")).not.toMatch(/origin\/main/);
    await writeFile(join(work, "openapi.json"), spec(API_WITHOUT_DELETE));
    commitAll(work, "drop delete");

    const run = await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ base: "git:origin/master:openapi.json", baseRef: "origin/master", baseChosenBy: "origin/HEAD", work: { count: 3, what: "operations compared" } });
    expect(report.summary).toContain("base origin/master");
    expect(report.changes[0]).toMatchObject({ id: "endpoint-removed", operation: "DELETE /clients/{id}" });

    const text = await runCommand(["check", "--only", "contract-diff"], { cwd: work, env: ENV });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain("base: origin/master, chosen by the remote's default branch (origin/HEAD)");
  });

  test("without origin/HEAD the fallbacks are tried in order: origin/main before origin/master before main", async () => {
    const work = await cloneWithMaster({ "openapi.json": spec(API) });
    git(work, "remote", "set-head", "origin", "--delete");
    git(work, "update-ref", "refs/remotes/origin/main", "HEAD");
    await writeFile(join(work, "openapi.json"), spec(API_WITHOUT_DELETE));
    commitAll(work, "drop delete");
    const viaMain = JSON.parse((await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV })).stdout);
    expect(viaMain).toMatchObject({ baseRef: "origin/main", baseChosenBy: "default" });
    git(work, "update-ref", "-d", "refs/remotes/origin/main");
    const viaMaster = JSON.parse((await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV })).stdout);
    expect(viaMaster).toMatchObject({ baseRef: "origin/master", baseChosenBy: "default" });
  });

  test("GITHUB_BASE_REF that was not fetched is exit 2 naming the ref and the fix, never a fallback", async () => {
    const work = await cloneWithMaster({ "openapi.json": spec(API), "crm-devex.config.yaml": "contractDiff:\n  head: openapi.json\n" });
    const env = { ...ENV, GITHUB_BASE_REF: "release/2.0" };
    const run = await runCommand(["contract-diff"], { cwd: work, env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('GITHUB_BASE_REF is "release/2.0" but origin/release/2.0 is not in this clone');
    expect(run.stderr).toContain("actions/checkout with fetch-depth: 0");
    const check = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: work, env });
    expect(check.exitCode).toBe(2);
    expect(JSON.parse(check.stdout).gates[0]).toMatchObject({ exitCode: 2, summary: expect.stringContaining("fetch-depth: 0") });

    // Once fetched, the PR base wins over origin/HEAD.
    git(work, "update-ref", "refs/remotes/origin/release/2.0", "HEAD");
    const fetched = await runCommand(["contract-diff", "--format", "json"], { cwd: work, env });
    expect(fetched.exitCode).toBe(0);
    expect(JSON.parse(fetched.stdout)).toMatchObject({ baseRef: "origin/release/2.0", baseChosenBy: "GITHUB_BASE_REF" });
  });

  test("--base and contractDiff.base name a ref; a missing one is exit 2", async () => {
    const work = await cloneWithMaster({ "openapi.json": spec(API), "crm-devex.config.yaml": "contractDiff:\n  head: openapi.json\n  base: master\n" });
    await writeFile(join(work, "openapi.json"), spec(API_WITHOUT_DELETE));
    commitAll(work, "drop delete");
    const configured = JSON.parse((await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV })).stdout);
    expect(configured).toMatchObject({ base: "git:master:openapi.json", baseRef: "master", baseChosenBy: "contractDiff.base" });
    const flag = JSON.parse((await runCommand(["contract-diff", "--base", "feature~1", "--format", "json"], { cwd: work, env: ENV })).stdout);
    expect(flag).toMatchObject({ baseRef: "feature~1", baseChosenBy: "--base", breaking: 1 });
    const missing = await runCommand(["contract-diff", "--base", "origin/develop"], { cwd: work, env: ENV });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("--base origin/develop: no such git revision");
  });

  test("no base branch at all: check says not checked (exit 1), never passed", async () => {
    const root = await mkdtemp(join(tmpdir(), "crm-devex-base-test-"));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    git(root, "init", "-q", "-b", "trunk");
    await write(root, { "openapi.json": spec(API) });
    commitAll(root, "spec");
    const check = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: root, env: ENV });
    expect(check.exitCode).toBe(1);
    const report = JSON.parse(check.stdout);
    expect(report.gates[0]).toMatchObject({ verdict: "not-checked", summary: expect.stringContaining("no base branch found (tried origin/HEAD, origin/main, origin/master, main, master)") });
    expect(report.summary).toBe("0 passed, 0 failed, 1 not checked, 0 not configured");
  });
});

describe("contract-diff: specs that are not committed", () => {
  test("a gitignored head spec without export fails with the fix, on every run (it would otherwise pass forever)", async () => {
    const work = await cloneWithMaster({ ".gitignore": "frontend/openapi.json\n", "crm-devex.config.yaml": "contractDiff:\n  head: frontend/openapi.json\n", "README.md": "x\n" });
    await write(work, { "frontend/openapi.json": spec(API) });
    const check = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(check.exitCode).toBe(1);
    const gate = JSON.parse(check.stdout).gates[0];
    expect(gate.verdict).toBe("failed");
    expect(gate.summary).toBe("frontend/openapi.json is not tracked by git (it is ignored by .gitignore:1 (frontend/openapi.json)), so origin/master can never have it: nothing would ever be compared");
    const text = await runCommand(["contract-diff"], { cwd: work, env: ENV });
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain("git add -f frontend/openapi.json");
    expect(text.stdout).toContain("set contractDiff.export");
  });

  test("export: the gitignored spec is generated at head and in a removed worktree of the base commit", async () => {
    const config = `contractDiff:\n  head: openapi.json\n  export: '${FASTAPI_EXPORT}'\n`;
    const work = await cloneWithMaster({ ".gitignore": "openapi.json\n__pycache__/\n", "crm-devex.config.yaml": config, "app/main.py": fastapiLikeApp(API) });
    const before = leftoverBaseDirs();
    await write(work, { "app/main.py": fastapiLikeApp(API_WITHOUT_DELETE) });
    commitAll(work, "drop the delete route");

    const run = await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ base: "openapi.json exported at origin/master", head: "openapi.json", baseRef: "origin/master", exported: true, breaking: 1 });
    expect(report.changes[0]).toMatchObject({ id: "endpoint-removed", operation: "DELETE /clients/{id}" });
    expect(worktrees(work)).toBe(1);
    expect(leftoverBaseDirs()).toEqual(before);

    // The same routes on both sides: compared, and a pass.
    await write(work, { "app/main.py": fastapiLikeApp(API) });
    commitAll(work, "restore");
    const same = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(same.exitCode).toBe(0);
    expect(JSON.parse(same.stdout).gates[0]).toMatchObject({ verdict: "passed", work: { count: 3, what: "operations compared" } });
  });

  test("a failing export is exit 2 with its stderr, and the base worktree is removed also then", async () => {
    const config = `contractDiff:\n  head: openapi.json\n  export: '${FASTAPI_EXPORT}'\n`;
    // The base commit has no app module: the export fails there, after succeeding at head.
    const work = await cloneWithMaster({ ".gitignore": "openapi.json\n__pycache__/\n", "crm-devex.config.yaml": config, "README.md": "x\n" });
    await write(work, { "app/main.py": fastapiLikeApp(API) });
    commitAll(work, "add the app");
    const before = leftoverBaseDirs();
    const run = await runCommand(["contract-diff"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("contractDiff.export exited 1 for the base (origin/master)");
    expect(run.stderr).toContain("ModuleNotFoundError: No module named 'app'");
    expect(worktrees(work)).toBe(1);
    expect(leftoverBaseDirs()).toEqual(before);

    // A broken head export never reaches the base.
    await write(work, { "app/main.py": "raise RuntimeError('settings missing: SECRET_KEY')\n" });
    const head = await runCommand(["contract-diff"], { cwd: work, env: ENV });
    expect(head.exitCode).toBe(2);
    expect(head.stderr).toContain("contractDiff.export exited 1 for the head");
    expect(head.stderr).toContain("RuntimeError: settings missing: SECRET_KEY");
  });

  test("an export that writes nothing is exit 2, not a comparison of a stale file", async () => {
    const work = await cloneWithMaster({ ".gitignore": "openapi.json\n", "crm-devex.config.yaml": "contractDiff:\n  head: openapi.json\n  export: 'true'\n", "README.md": "x\n" });
    await write(work, { "openapi.json": spec(API) });
    const run = await runCommand(["contract-diff"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("contractDiff.export succeeded for the head but did not write openapi.json");
  });

  test("a spec tracked at head but not at base is a first introduction: read, validated, passed with a notice", async () => {
    const work = await cloneWithMaster({ "README.md": "x\n", "crm-devex.config.yaml": "contractDiff:\n  head: openapi.json\n" });
    await write(work, { "openapi.json": spec(API) });
    commitAll(work, "add spec");
    const run = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(0);
    const gate = JSON.parse(run.stdout).gates[0];
    expect(gate).toMatchObject({ verdict: "passed", work: { count: 3, what: "operations read in the new spec" }, report: { newSpec: true, operations: 3, baseRef: "origin/master" } });
    expect(gate.summary).toContain("openapi.json does not exist at origin/master: a new spec (3 operations, valid)");

    // A broken new spec is an input error, not a pass.
    await writeFile(join(work, "openapi.json"), '{"openapi": "3.1.0", "paths": {"/a": {"get": {"$ref": "#/nowhere"}}}}');
    commitAll(work, "break it");
    const broken = await runCommand(["contract-diff"], { cwd: work, env: ENV });
    expect(broken.exitCode).toBe(2);

    // A new spec with no operation validated nothing: not checked.
    await writeFile(join(work, "openapi.json"), spec([]));
    commitAll(work, "empty it");
    const empty = await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(empty.exitCode).toBe(1);
    expect(JSON.parse(empty.stdout)).toMatchObject({ verdict: "not-checked", summary: "not checked: openapi.json declares no operation" });
  });

  // Six operations, so dropping one leaves the file well above git's 50 % rename similarity.
  const WIDE_API = [...API, "GET /clients/{id}", "GET /viewings", "POST /viewings"];
  const WIDE_API_WITHOUT_DELETE = WIDE_API.filter((operation) => operation !== "DELETE /clients/{id}");
  const MOVED_CONFIG = "contractDiff:\n  head: openapi.json\n";

  test("a spec moved on the branch is compared with its old path at base: a removed operation fails contract-diff and check", async () => {
    const work = await cloneWithMaster({ "backend/openapi.json": spec(WIDE_API), "crm-devex.config.yaml": "contractDiff:\n  head: backend/openapi.json\n" });
    git(work, "mv", "backend/openapi.json", "openapi.json");
    await write(work, { "openapi.json": spec(WIDE_API_WITHOUT_DELETE), "crm-devex.config.yaml": MOVED_CONFIG });
    commitAll(work, "move the spec to the root and drop delete");

    const run = await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ verdict: "failed", base: "git:origin/master:backend/openapi.json", baseRenamedFrom: "backend/openapi.json", baseRename: "renamed", breaking: 1 });
    expect(report.newSpec).toBeUndefined();
    expect(report.changes[0]).toMatchObject({ id: "endpoint-removed", operation: "DELETE /clients/{id}" });
    expect(report.summary).toContain("compared with backend/openapi.json at origin/master (renamed");

    const check = await runCommand(["check", "--only", "contract-diff"], { cwd: work, env: ENV });
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain("DELETE /clients/{id}");
    expect(check.stdout).toContain("compared with backend/openapi.json at origin/master (renamed");
  });

  test("a spec moved with git mv and not committed yet is compared with its old path and passes unchanged, the rename noted", async () => {
    const work = await cloneWithMaster({ "backend/openapi.json": spec(WIDE_API), "crm-devex.config.yaml": MOVED_CONFIG });
    git(work, "mv", "backend/openapi.json", "openapi.json");

    const run = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(0);
    const gate = JSON.parse(run.stdout).gates[0];
    expect(gate).toMatchObject({ verdict: "passed", work: { count: 6, what: "operations compared" }, report: { baseRenamedFrom: "backend/openapi.json", baseRename: "renamed", breaking: 0 } });
    expect(gate.report.newSpec).toBeUndefined();
    expect(gate.summary).toContain("no breaking changes");
    expect(gate.summary).toContain("compared with backend/openapi.json at origin/master (renamed, 100% similar)");
  });

  test("a copied spec (the old one kept) is compared with the copy source, so a break in the copy fails", async () => {
    const work = await cloneWithMaster({ "backend/openapi.json": spec(WIDE_API), "crm-devex.config.yaml": MOVED_CONFIG });
    await write(work, { "openapi.json": spec(WIDE_API_WITHOUT_DELETE) });
    commitAll(work, "copy the spec to the root, without delete");

    const run = await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ baseRenamedFrom: "backend/openapi.json", baseRename: "copied", breaking: 1 });
    expect(report.summary).toContain("compared with backend/openapi.json at origin/master (copied");
  });

  test("a genuinely new spec is still a first introduction, even when another file was deleted on the branch", async () => {
    const work = await cloneWithMaster({ "README.md": "# crm\n\nAn estate agent CRM.\n", "crm-devex.config.yaml": MOVED_CONFIG });
    git(work, "rm", "-q", "README.md");
    await write(work, { "openapi.json": spec(WIDE_API) });
    commitAll(work, "add spec, drop readme");
    const run = await runCommand(["contract-diff", "--format", "json"], { cwd: work, env: ENV });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ verdict: "passed", newSpec: true, operations: 6 });
    expect(report.baseRenamedFrom).toBeUndefined();
    expect(report.summary).toContain("openapi.json does not exist at origin/master: a new spec (6 operations, valid)");
  });
});
