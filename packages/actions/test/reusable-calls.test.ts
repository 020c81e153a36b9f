// check-reusable-calls.mjs: what GitHub refuses when it loads a caller of a reusable workflow (permissions,
// secrets, inputs), which actionlint leaves alone for owner/repo/…@ref calls.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
// @ts-expect-error -- a plain .mjs script without types
import { checkFiles } from "../scripts/check-reusable-calls.mjs";

const actionsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dirname(actionsDir));
const script = join(actionsDir, "scripts", "check-reusable-calls.mjs");
const check = checkFiles as (files: string[]) => string[];

const CALLEE = `name: callee
on:
  workflow_call:
    inputs:
      stage:
        type: string
        required: true
      verbose:
        type: boolean
        default: false
      retries:
        type: number
        required: false
    secrets:
      token:
        required: true
      team:
        required: false
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - run: echo build
  deploy:
    if: \${{ inputs.stage == 'deploy' }}
    runs-on: ubuntu-latest
    permissions:
      actions: read
      pull-requests: write
    steps:
      - run: echo deploy
`;

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "crm-devex-calls-"));
  mkdirSync(join(repo, ".github/workflows"), { recursive: true });
  writeFileSync(join(repo, ".github/workflows/callee.yml"), CALLEE);
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

/** A caller workflow whose one job is `job` (YAML lines, indented under the job id). */
function caller(job: string, top = "permissions: {}\n"): string {
  const file = join(repo, ".github/workflows/caller.yml");
  writeFileSync(file, `name: caller\non: pull_request\n${top}jobs:\n  call:\n${job.replace(/^/gm, "    ")}\n`);
  return file;
}

const FULL = "permissions:\n  contents: read\n  actions: read\n  pull-requests: write\n";
const USES = "uses: ./.github/workflows/callee.yml\n";
const WITH = "with:\n  stage: build\n";
const SECRETS = "secrets:\n  token: ${{ secrets.T }}\n";

describe("permissions", () => {
  test.each([
    ["the union of every job, skipped ones included", USES + FULL + WITH + SECRETS, undefined, []],
    ["write covers read", USES + "permissions:\n  contents: write\n  actions: write\n  pull-requests: write\n" + WITH + SECRETS, undefined, []],
    ["write-all covers everything", USES + "permissions: write-all\n" + WITH + SECRETS, undefined, []],
    ["the workflow's permissions when the job has none", USES + WITH + SECRETS, FULL, []],
    [
      "only what the build job needs (the example's preview.yml before the fix)",
      USES + "permissions:\n  contents: read\n" + WITH + SECRETS,
      undefined,
      [
        /caller\.yml:7: job call grants actions: none but .*callee\.yml:31 \(job deploy\) needs actions: read; GitHub refuses the whole run before any if:/,
        /caller\.yml:7: job call grants pull-requests: none but .*callee\.yml:32 \(job deploy\) needs pull-requests: write/,
      ],
    ],
    ["read where write is needed", USES + "permissions:\n  contents: read\n  actions: read\n  pull-requests: read\n" + WITH + SECRETS, undefined, [/grants pull-requests: read but .* needs pull-requests: write/]],
    ["read-all lacks write", USES + "permissions: read-all\n" + WITH + SECRETS, undefined, [/grants pull-requests: read but/]],
    ["no permissions anywhere: the restricted default is assumed", USES + WITH + SECRETS, "", [/caller\.yml:5: job call grants actions: none \(no permissions: block/, /pull-requests: none \(no permissions: block/]],
  ])("%s", (_name, job, top, expected) => {
    const problems = check([caller(job, top)]);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, index) => expect(problems[index]).toMatch(pattern));
  });
});

describe("secrets and inputs", () => {
  test.each([
    ["secrets: inherit passes every secret", USES + FULL + WITH + "secrets: inherit\n", []],
    ["an undeclared secret", USES + FULL + WITH + SECRETS + "  vercel-token: ${{ secrets.X }}\n", [/caller\.yml:\d+: job call: secret vercel-token is not declared by .*callee\.yml \(declared: token, team\)/]],
    ["a required secret not passed", USES + FULL + WITH, [/caller\.yml:6: job call: required secret token of .*callee\.yml is not passed/]],
    ["an undeclared input", USES + FULL + WITH + "  frontend-dir: web\n" + SECRETS, [/caller\.yml:13: job call: input frontend-dir is not declared/]],
    ["a required input not passed", USES + FULL + SECRETS, [/required input stage of .*callee\.yml is not passed/]],
    ["a string for a boolean", USES + FULL + WITH + '  verbose: "yes"\n' + SECRETS, [/input verbose is a boolean in .*callee\.yml, got "yes"/]],
    ["a string for a number", USES + FULL + WITH + "  retries: three\n" + SECRETS, [/input retries is a number/]],
    ["expressions are not type-checked", USES + FULL + WITH + "  verbose: ${{ github.event_name == 'push' }}\n" + SECRETS, []],
    ["a missing callee", "uses: ./.github/workflows/nope.yml\n", [/job call: \.\/\.github\/workflows\/nope\.yml does not exist/]],
  ])("%s", (_name, job, expected) => {
    const problems = check([caller(job)]);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, index) => expect(problems[index]).toMatch(pattern));
  });

  test("a reusable workflow that calls another one needs what that one needs", () => {
    writeFileSync(
      join(repo, ".github/workflows/outer.yml"),
      "on:\n  workflow_call:\n    inputs:\n      stage:\n        type: string\n        required: true\n    secrets:\n      token:\n        required: true\njobs:\n  inner:\n    uses: ./.github/workflows/callee.yml\n    with:\n      stage: ${{ inputs.stage }}\n    secrets: inherit\n",
    );
    const file = caller("uses: ./.github/workflows/outer.yml\npermissions:\n  contents: read\n" + WITH + SECRETS);
    const problems = check([file]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/grants actions: none but .*outer\.yml:11 \(job inner\) → .*callee\.yml:31 \(job deploy\) needs actions: read/);
  });

  test("a call to another repository is not ours to check", () => {
    expect(check([caller("uses: octo/other/.github/workflows/x.yml@v1\n")])).toEqual([]);
  });
});

describe("this repository", () => {
  const workflowFiles = () =>
    [".github/workflows", "workflows-templates", "workflow-templates", "examples/crm/.github/workflows"].flatMap((dir) =>
      readdirSync(join(root, dir)).filter((name) => name.endsWith(".yml")).map((name) => join(root, dir, name)),
    );

  test("every caller grants what the reusable workflows need (exit 0)", () => {
    const out = execFileSync("node", [script, ...workflowFiles()], { encoding: "utf8" });
    expect(out).toMatch(/check-reusable-calls: \d+ workflows, 0 problems/);
  });

  test("the example's preview callers as they were before the fix fail with file:line (exit 1)", () => {
    const examples = join(repo, "examples/crm/.github/workflows");
    mkdirSync(examples, { recursive: true });
    // The two callers as they were: each granted only what its own stage's job uses.
    writeFileSync(join(examples, "preview.yml"), "name: Preview\non: pull_request\npermissions: {}\njobs:\n  preview:\n    uses: crm-devex/crm-devex/.github/workflows/reusable-preview.yml@v1\n    permissions:\n      contents: read\n    with:\n      stage: build\n");
    writeFileSync(join(examples, "preview-deploy.yml"), "name: Preview deploy\non: workflow_run\npermissions: {}\njobs:\n  deploy:\n    uses: crm-devex/crm-devex/.github/workflows/reusable-preview.yml@v1\n    permissions:\n      actions: read\n      pull-requests: write\n    with:\n      stage: deploy\n    secrets:\n      vercel-token: ${{ secrets.VERCEL_TOKEN }}\n");
    const run = spawnSync("node", [script, join(examples, "preview.yml"), join(examples, "preview-deploy.yml")], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/preview\.yml:7: job preview grants actions: none but \.github\/workflows\/reusable-preview\.yml:\d+ \(job deploy\) needs actions: read/);
    expect(run.stderr).toMatch(/preview\.yml:7: job preview grants pull-requests: none/);
    expect(run.stderr).toMatch(/preview-deploy\.yml:7: job deploy grants contents: none but \.github\/workflows\/reusable-preview\.yml:\d+ \(job build\) needs contents: read/);
    expect(run.stdout).toContain("2 workflows, 3 problems");
  });
});
