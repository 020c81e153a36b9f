/**
 * The kernel rule, gate by gate: a gate that compared, scanned or measured nothing never reports
 * "passed" — not on its own (exit 1, verdict not-checked), not in `check` (counted apart, exit 1).
 */
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, test } from "vitest";
import { makeTree, runCommand } from "./helpers.js";

const ENV = { PATH: process.env.PATH, HOME: process.env.HOME };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tree(files: Record<string, string>, options: { git?: boolean } = {}): Promise<string> {
  const made = await makeTree(files);
  cleanups.push(made.cleanup);
  if (options.git) execFileSync("git", ["init", "-q", "-b", "main"], { cwd: made.dir });
  return made.dir;
}

describe("no pass without work", () => {
  test.each<[string, Record<string, string>, string[], string]>([
    ["env-validate: an example that declares no variable", { ".env.example": "# nothing yet\n" }, ["env-validate", "--example", ".env.example", "--format", "json"], "the schema declares no variable"],
    ["secret-scan: a repository with no tracked file", {}, ["secret-scan", "--format", "json"], "nothing to scan"],
    [
      "coverage-gate: reports with no executable line in the modules",
      { "src/empty.ts": "\n", "lcov.info": "SF:src/empty.ts\nend_of_record\n" },
      ["coverage-gate", "lcov.info", "--format", "json"],
      "the reports list no executable line",
    ],
    ["error-budget: logs with no request", { "api.jsonl": "" }, ["error-budget", "--logs", "api.jsonl", "--until", "2026-11-25T00:00:00Z", "--format", "json"], "no request in the window"],
  ])("%s is not checked (exit 1), naming what is missing", async (_name, files, argv, missing) => {
    const dir = await tree(files, { git: true });
    const run = await runCommand(argv, { cwd: dir, env: ENV });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout);
    expect(report.verdict).toBe("not-checked");
    expect(report.summary).toContain(`not checked: ${missing}`);
    expect(report.work).toMatchObject({ count: 0, missing: expect.stringContaining(missing) });
    expect(run.exitCode).toBe(1);
  });

  test("the same gates pass once they have work, with the work in the JSON", async () => {
    const dir = await tree({ ".env.example": "# The port\nPORT=8000\n", "README.md": "hello\n" }, { git: true });
    execFileSync("git", ["add", "-A"], { cwd: dir });
    const env = await runCommand(["env-validate", "--example", ".env.example", "--no-environment", "--format", "json"], { cwd: dir, env: ENV });
    expect(env.exitCode).toBe(0);
    expect(JSON.parse(env.stdout).work).toEqual({ count: 1, what: "variables checked (schema)" });
    const secrets = await runCommand(["secret-scan", "--format", "json"], { cwd: dir, env: ENV });
    expect(secrets.exitCode).toBe(0);
    expect(JSON.parse(secrets.stdout)).toMatchObject({ verdict: "passed", work: { count: 2 } });
  });

  test("check: a gate that did nothing is counted as not checked, the check fails, and JSON never says passed for it", async () => {
    const dir = await tree(
      {
        "README.md": "hello\n",
        ".env.example": "# nothing yet\n",
        "crm-devex.config.yaml": "coverage:\n  reports: [coverage/lcov.info]\n",
      },
      { git: true },
    );
    execFileSync("git", ["add", "-A"], { cwd: dir });
    const run = await runCommand(["check", "--format", "json"], { cwd: dir, env: ENV });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    const verdicts = Object.fromEntries(report.gates.map((gate: { name: string; verdict: string }) => [gate.name, gate.verdict]));
    expect(verdicts).toEqual({
      "contract-diff": "not-configured",
      "env-validate": "not-checked",
      "secret-scan": "passed",
      "coverage-gate": "not-checked",
      "error-budget": "not-configured",
    });
    expect(report.verdict).toBe("failed");
    expect(report.summary).toBe("1 passed, 0 failed, 2 not checked, 2 not configured");

    const text = await runCommand(["check"], { cwd: dir, env: ENV });
    expect(text.stdout).toMatch(/env-validate\s+not checked\s+not checked: the schema declares no variable/);
    const markdown = await runCommand(["env-validate", "--example", ".env.example", "--format", "markdown"], { cwd: dir, env: ENV });
    expect(markdown.stdout).toContain("### crm-devex env-validate: ⚠️ not checked");
  });
});
