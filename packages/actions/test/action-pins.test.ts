// Third-party pins: one table, and every `uses:` a user runs or copies (our workflows, templates, actions,
// docs, the workflows `crm-devex init` writes) pinned to its row's commit with its version as the comment.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ACTION_PINS, pinnedUses } from "../../cli/src/commands/init/action-pins.js";
import type { Detection, Project } from "../../cli/src/commands/init/model.js";
import { renderWorkflow } from "../../cli/src/commands/init/render-workflow.js";
// @ts-expect-error -- plain .mjs scripts without types
import * as pinsScript from "../scripts/check-action-pins.mjs";
// @ts-expect-error -- plain .mjs scripts without types
import { pinInternalRefs } from "../scripts/pin-internal-refs.mjs";
// @ts-expect-error -- plain .mjs scripts without types
import { docFiles } from "../../../scripts/docs-as-tests/extract.mjs";

type Pin = { version: string; sha: string; verified: string };
type Use = { line: number; repository: string; path: string; ref: string; comment: string; internal: boolean };
type Verified = { repository: string; version: string; sha: string; commit?: string; error?: string; ok: boolean };
const { findUses, pinProblem, checkText, pinnedPlaces, readPins, verifyPins } = pinsScript as {
  findUses: (text: string) => Use[];
  pinProblem: (use: Use, pins: Record<string, Pin>) => string | undefined;
  checkText: (text: string, pins: Record<string, Pin>) => { uses: Use[]; problems: { line: number; message: string }[] };
  pinnedPlaces: () => string[];
  readPins: () => Record<string, Pin>;
  verifyPins: (pins: Record<string, Pin>, template: string) => Verified[];
};
const pinInternal = pinInternalRefs as (text: string, sha: string) => { text: string; pinned: number };

const actionsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dirname(actionsDir));
const script = join(actionsDir, "scripts", "check-action-pins.mjs");
const CHECKOUT = "11bd71901bbe5b1630ceea73d27597364c9af683";
const OTHER = "0123456789abcdef0123456789abcdef01234567";
const PINS: Record<string, Pin> = {
  "actions/checkout": { version: "v4.2.2", sha: CHECKOUT, verified: "2026-12-05" },
  "github/codeql-action": { version: "v4.31.9", sha: "5d4e8d1aca955e8d8589aabd499c5cae939e33c7", verified: "2026-12-05" },
};

describe("findUses: every owner/repo@ref a user could copy", () => {
  test.each([
    ["a step", `      - uses: actions/checkout@${CHECKOUT} # v4.2.2`, [{ repository: "actions/checkout", path: "", ref: CHECKOUT, comment: "v4.2.2", internal: false }]],
    ["a quoted action in a subfolder", `  - uses: "github/codeql-action/upload-sarif@${OTHER}" # v4.31.9`, [{ repository: "github/codeql-action", path: "/upload-sarif", ref: OTHER, comment: "v4.31.9", internal: false }]],
    ["a moving tag, no comment", "      - uses: actions/setup-node@v4", [{ repository: "actions/setup-node", path: "", ref: "v4", comment: "", internal: false }]],
    ["a reusable workflow call of ours", "    uses: crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1", [{ repository: "crm-devex/crm-devex", path: "/.github/workflows/reusable-ci.yml", ref: "v1", comment: "", internal: true }]],
    ["a YAML comment showing how to call us", "#       uses: crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1", [{ repository: "crm-devex/crm-devex", path: "/.github/workflows/reusable-ci.yml", ref: "v1", comment: "", internal: true }]],
    ["inline code in Markdown prose", "Or one gate as a step: `- uses: crm-devex/crm-devex/packages/actions/secret-scan@v1` (one action", [{ repository: "crm-devex/crm-devex", path: "/packages/actions/secret-scan", ref: "v1", comment: "", internal: true }]],
    ["a look-alike of our name is third-party", "      - uses: crm-devex/crm-devex-extras@v1", [{ repository: "crm-devex/crm-devex-extras", path: "", ref: "v1", comment: "", internal: false }]],
    ["a local action", "      - uses: ./packages/actions/preview", []],
    ["a Docker image", "      - uses: docker://alpine:3.20", []],
  ])("%s", (_name, line, expected) => {
    expect(findUses(line).map(({ line: _line, ...use }) => use)).toEqual(expected);
  });
});

describe("pinProblem: the table's commit, with the table's version as the whole comment", () => {
  const use = (text: string) => findUses(text)[0]!;
  test.each([
    ["as the table says", `- uses: actions/checkout@${CHECKOUT} # v4.2.2`, undefined],
    ["a subfolder of a pinned repository", "- uses: github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7 # v4.31.9", undefined],
    ["a moving tag", "- uses: actions/checkout@v4", `actions/checkout@v4 is a moving ref, not a commit: use actions/checkout@${CHECKOUT} # v4.2.2`],
    ["a branch", "- uses: actions/checkout@main # v4.2.2", "is a moving ref, not a commit"],
    ["a short SHA", "- uses: actions/checkout@11bd719 # v4.2.2", "is a moving ref, not a commit"],
    ["another commit under the same version", `- uses: actions/checkout@${OTHER} # v4.2.2`, `actions/checkout@${OTHER} # v4.2.2 is not the commit of the table's v4.2.2: use actions/checkout@${CHECKOUT} # v4.2.2`],
    ["the right commit without a comment", `- uses: actions/checkout@${CHECKOUT}`, "has no version comment"],
    ["the right commit with another version", `- uses: actions/checkout@${CHECKOUT} # v4.2.1`, 'has the comment "# v4.2.1"'],
    ["text after the version", "- uses: github/codeql-action/upload-sarif@5d4e8d1aca955e8d8589aabd499c5cae939e33c7 # v4.31.9 (needs security-events: write)", 'has the comment "# v4.31.9 (needs security-events: write)"'],
    ["an action the table does not know", `- uses: docker/login-action@${OTHER} # v3.4.0`, `docker/login-action has no row in ${"packages/cli/src/commands/init/action-pins.json"}`],
  ])("%s", (_name, line, expected) => {
    const problem = pinProblem(use(line), PINS);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });

  test("references to this repository are left to pin-internal-refs at release, whatever their ref", () => {
    const text = ["    uses: crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1", `      - uses: crm-devex/crm-devex@${OTHER} # v1`, "      - uses: actions/checkout@v4"].join("\n");
    expect(checkText(text, PINS).problems).toEqual([{ line: 3, message: expect.stringContaining("actions/checkout@v4 is a moving ref") }]);
  });
});

describe("this repository", () => {
  const pins = readPins();
  const places = pinnedPlaces();
  const texts = new Map(places.map((file) => [file, readFileSync(join(root, file), "utf8")]));

  test("the table: one row per repository, a full SHA, a version tag and the day it was checked", () => {
    expect(Object.keys(pins).length).toBeGreaterThan(0);
    for (const [repository, pin] of Object.entries(pins)) {
      expect(repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(pin).toEqual({ version: expect.stringMatching(/^v\d+\.\d+\.\d+$/), sha: expect.stringMatching(/^[0-9a-f]{40}$/), verified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    }
    expect(ACTION_PINS).toEqual(pins); // what init reads is the table the files are checked against
  });

  test("covers every place a user copies from: workflows, templates, actions, the docs the docs-as-tests step reads", () => {
    expect(places).toEqual(expect.arrayContaining([".github/workflows/reusable-ci.yml", "workflows-templates/preview.yml", "workflow-templates/crm-devex-security.yml", "examples/crm/.github/workflows/security.yml", "action.yml", "packages/actions/preview/action.yml", ...(docFiles() as string[])]));
  });

  test("every third-party uses: is pinned to its row's commit with its version, and every row is used", () => {
    const problems = [...texts].flatMap(([file, text]) => checkText(text, pins).problems.map((problem) => `${file}:${problem.line}: ${problem.message}`));
    expect(problems).toEqual([]);
    const used = new Set([...texts.values()].flatMap((text) => findUses(text).filter((use) => !use.internal).map((use) => use.repository)));
    expect([...used].sort()).toEqual(Object.keys(pins).sort());
  });

  test("the check fails on these files when a row moves: every use of that action is reported at its line", () => {
    const moved = { ...pins, "actions/checkout": { ...pins["actions/checkout"]!, sha: OTHER } };
    const text = texts.get(".github/workflows/reusable-ci.yml")!;
    const lines = text.split("\n").flatMap((line, index) => (line.includes("uses: actions/checkout@") ? [index + 1] : []));
    expect(lines.length).toBeGreaterThan(0);
    expect(checkText(text, moved).problems.map((problem) => problem.line)).toEqual(lines);
  });

  test("internal refs are not taken for third-party ones: the release step pins exactly the internal uses: the check finds", () => {
    for (const [file, text] of texts) {
      if (!/\.ya?ml$/.test(file)) continue;
      const internalSteps = findUses(text).filter((use) => use.internal && !/^\s*#/.test(text.split("\n")[use.line - 1]!) && !/^[0-9a-f]{40}$/.test(use.ref));
      const pinned = pinInternal(text, OTHER);
      expect({ file, pinned: pinned.pinned }).toEqual({ file, pinned: internalSteps.length });
      expect(checkText(pinned.text, pins).problems).toEqual([]);
    }
  });
});

describe("the workflows crm-devex init writes use the table", () => {
  const project = (dir: string, language: Project["language"], tool: Project["tool"], frameworks: Project["frameworks"], extra: Partial<Project> = {}): Project => ({ dir, language, frameworks, tool, manifests: [`${dir}/${language === "python" ? "pyproject.toml" : "package.json"}`], ...extra });
  const backend = project("backend", "python", "pip", ["fastapi"]);
  const web = project("web", "typescript", "npm", ["vite"], { scripts: ["typecheck"] });
  const detection = (coverage: Detection["coverage"]): Detection => ({
    name: "fixture",
    projects: [backend, web],
    fastapi: { project: backend, file: "backend/app/main.py", module: "app.main", variable: "app" },
    coverage,
    consumers: [],
    envExamples: [],
    defaultBranch: "main",
  });
  const coverage = [
    { project: backend, path: "backend/coverage.xml", source: "pytest-cov", produce: "pytest --cov --cov-report=xml" },
    { project: web, path: "web/coverage/lcov.info", source: "vitest", produce: "vitest run --coverage" },
  ];
  test.each([
    ["the check job, with Python and Node tests", renderWorkflow(detection(coverage), new Set(["backend/requirements.txt"]), true), ["actions/checkout", "actions/setup-python", "actions/setup-node"]],
    ["the reusable CI layout with the contract job", renderWorkflow(detection([]), new Set(["backend/requirements.txt", "backend/requirements-dev.txt", "web/package-lock.json"]), true), ["actions/checkout", "actions/setup-python"]],
  ])("%s", (_name, workflow, actions) => {
    expect(checkText(workflow, readPins()).problems).toEqual([]);
    const thirdParty = findUses(workflow).filter((use) => !use.internal);
    expect(thirdParty.map((use) => use.repository)).toEqual(actions);
    for (const action of actions) expect(workflow).toContain(`uses: ${pinnedUses(action)}`);
  });
});

describe("--verify asks the repository which commit the version tag points at (real git, local remotes)", () => {
  let dir: string;
  let first: string;
  let second: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "crm-devex-action-pins-"));
    const git = (...args: string[]) => execFileSync("git", args, { cwd: join(dir, "octo+tool"), encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" } }).trim();
    execFileSync("git", ["init", "-q", "-b", "main", join(dir, "octo+tool")]);
    writeFileSync(join(dir, "octo+tool", "action.yml"), "name: tool\n");
    git("add", "action.yml");
    git("commit", "-q", "-m", "first");
    first = git("rev-parse", "HEAD");
    git("tag", "v1.0.0"); // lightweight
    git("commit", "-q", "--allow-empty", "-m", "second");
    second = git("rev-parse", "HEAD");
    git("tag", "-a", "-m", "v2.0.0", "v2.0.0"); // annotated: ls-remote lists the tag object and the peeled commit
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("right commits pass; a tag elsewhere, a missing tag and an unreachable repository do not", () => {
    const pin = (version: string, sha: string): Pin => ({ version, sha, verified: "2026-12-05" });
    const results = verifyPins(
      { "octo/tool": pin("v1.0.0", first), "octo/tool-annotated": pin("v2.0.0", second), "octo/tool-moved": pin("v2.0.0", first), "octo/tool-untagged": pin("v3.0.0", first) },
      `${dir}/{owner}+tool`, // every row asks the same local repository
    );
    const [lightweight, annotated, moved, untagged] = results;
    expect(lightweight).toMatchObject({ commit: first, ok: true });
    expect(annotated).toMatchObject({ commit: second, ok: true });
    expect(moved).toMatchObject({ commit: second, ok: false });
    expect(untagged).toMatchObject({ error: "no tag v3.0.0", ok: false });
    const [gone] = verifyPins({ "octo/gone": pin("v1.0.0", first) }, `${dir}/{owner}+{name}`);
    expect(gone).toMatchObject({ ok: false, error: expect.stringMatching(/does not appear to be a git repository|not found|No such file/i) });
  });

  test("the CLI: exit 1 naming the row when a tag points elsewhere, 2 when a repository cannot be asked", () => {
    // The CLI reads this repository's table; the remote is ours: every version tag of the table, at one commit.
    const git = (...args: string[]) => execFileSync("git", args, { cwd: join(dir, "octo+tool") });
    for (const { version } of Object.values(readPins())) if (version !== "v1.0.0" && version !== "v2.0.0") git("tag", "-f", version, first);
    const run = (template: string) => spawnSync(process.execPath, [script, "--verify", "--remote", template], { encoding: "utf8" });
    const moved = run(join(dir, "octo+tool"));
    expect(moved.status).toBe(1);
    expect(moved.stdout).toContain(`WRONG    actions/checkout ${readPins()["actions/checkout"]!.version} points at ${first}, the table says ${readPins()["actions/checkout"]!.sha}`);
    const unreachable = run(`${dir}/nowhere/{owner}+{name}`);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stdout).toMatch(/^UNKNOWN {2}actions\/checkout v\d/m);
  });
});

describe("the CLI over files", () => {
  test("FILE:LINE and the line to write, exit 1; a missing file is a usage error, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-devex-action-pins-cli-"));
    try {
      const file = join(dir, "ci.yml");
      writeFileSync(file, `name: ci\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: crm-devex/crm-devex@v1\n`);
      const bad = spawnSync(process.execPath, [script, file], { encoding: "utf8" });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toBe(`${file}:7: actions/checkout@v4 is a moving ref, not a commit: use ${pinnedUses("actions/checkout")}\n`);
      expect(bad.stdout).toContain("1 third-party reference(s) in 1 files, 1 not pinned");
      writeFileSync(file, `steps:\n  - uses: ${pinnedUses("actions/checkout")}\n`);
      expect(spawnSync(process.execPath, [script, file], { encoding: "utf8" }).status).toBe(0);
      const missing = spawnSync(process.execPath, [script, join(dir, "nope.yml")], { encoding: "utf8" });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toBe(`check-action-pins: ${join(dir, "nope.yml")}: no such file\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
