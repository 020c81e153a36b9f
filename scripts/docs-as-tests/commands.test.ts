// Docs are tests: every `crm-devex …` line in README.md, docs/*.md and examples/crm/README.md (shell blocks and
// workflow `run:` scripts) is run by bash, in document order, in a copy of examples/crm with the fixtures the
// docs assume (coverage reports, request logs, two spec versions, a dist/ folder…) and against the fake GitHub
// and Vercel APIs. A line passes when the gate gave a verdict (exit 0 or 1) — never a usage error, an input
// error or an internal error. Lines marked illustrative (they need a real Prometheus or a public URL) are
// only parsed: their flags and arguments must be ones the CLI accepts.
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FakeGitHub, FakeVercel } from "../../packages/cli/test/fakes/index.js";
import { buildProgram } from "../../packages/cli/src/program.js";
// @ts-expect-error -- a plain .mjs module without types
import { commandLines, root } from "./extract.mjs";

interface DocCommand {
  doc: string;
  line: number;
  command: string;
  illustrative?: string;
  source: string;
  env?: Record<string, string>;
}

// Test-only credentials, built from parts so secret scanners have nothing to find.
const GITHUB_TOKEN = ["ghs", "docs", "test"].join("_");
const VERCEL_TOKEN = ["vc", "docs", "test"].join("_");
const cli = join(root as string, "packages/cli/dist/bin.js");
const commands = (commandLines as () => DocCommand[])();

let sandbox: string;
let repo: string;
let shims: string;
let head: string;
let github: FakeGitHub;
let vercel: FakeVercel;

const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/** The files the docs' commands read, as a team would have them after running their suites. */
function writeFixtures(): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const tracked = git("ls-files").split("\n");
  // Coverage reports of the critical modules: every line of every file covered once.
  const classes = tracked
    .filter((file) => /^backend\/app\/.*\.py$/.test(file))
    .map((file) => {
      const lines = readFileSync(join(repo, file), "utf8").split("\n").length;
      const hits = Array.from({ length: lines }, (_, index) => `<line number="${index + 1}" hits="1"/>`).join("");
      return `<class name="${file}" filename="${file}" line-rate="1"><lines>${hits}</lines></class>`;
    });
  write("backend/coverage.xml", `<?xml version="1.0" ?>\n<coverage version="7.6" line-rate="1"><sources><source>.</source></sources><packages><package name="app" line-rate="1"><classes>${classes.join("")}</classes></package></packages></coverage>\n`);
  const lcov = tracked
    .filter((file) => /^frontend\/src\/.*\.tsx?$/.test(file) && !file.includes(".test."))
    .map((file) => {
      const lines = readFileSync(join(repo, file), "utf8").split("\n").length;
      return `SF:${file}\n${Array.from({ length: lines }, (_, index) => `DA:${index + 1},1`).join("\n")}\nLF:${lines}\nLH:${lines}\nend_of_record`;
    });
  write("frontend/coverage/lcov.info", `${lcov.join("\n")}\n`);
  // An hour of the API's JSON request log, as the backend's middleware writes it.
  const start = Date.parse("2026-12-01T10:00:00Z");
  const requests = Array.from({ length: 600 }, (_, index) =>
    JSON.stringify({ timestamp: new Date(start + index * 6000).toISOString(), event: "request", path: "/api/properties", status: index % 200 === 0 ? 503 : 200, latency_ms: 40 + (index % 50) }),
  );
  write("logs/api.jsonl", `${requests.join("\n")}\n`);
  // Two versions of the spec, an ignore file and the client code contract-diff's examples name.
  const spec = readFileSync(join(repo, "openapi.json"), "utf8");
  write("old.yaml", spec);
  write("new.yaml", spec);
  write(".contract-ignore.yaml", "- id: response-enum-value-added\n  operation: \"*\"\n  reason: clients treat unknown values as other\n");
  write("web/src/api.ts", "export const listProperties = () => fetch('/api/properties');\n");
  // env-validate's examples run at a service's root: .env.example, .env, .env.local and src/.
  write(".env.example", readFileSync(join(repo, "backend/.env.example"), "utf8"));
  write(".env", "LOG_LEVEL=info\n");
  write(".env.local", "LOG_LEVEL=debug\n");
  write("src/settings.ts", "export const level = process.env.LOG_LEVEL;\n");
  write("dump.txt", "2026-12-01 10:00:00 INFO started\n");
  // Static builds for preview: the one a developer deploys, and the one the deploy workflow downloads.
  write("dist/index.html", "<!doctype html><title>CRM</title>");
  write("preview/site/index.html", "<!doctype html><title>CRM</title>");
}

beforeAll(async () => {
  // `npm test` builds the CLI before vitest runs; alone, this test builds it when a source is newer than the build.
  const newest = execFileSync("bash", ["-c", "find packages/cli/src -name '*.ts' -newer packages/cli/dist/bin.js | head -1"], { cwd: root as string, encoding: "utf8" }).trim();
  if (!existsSync(cli) || newest) execFileSync("npm", ["run", "build", "--silent", "-w", "crm-devex"], { cwd: root as string, stdio: "ignore" });
  sandbox = mkdtempSync(join(tmpdir(), "crm-devex-docs-"));
  repo = join(sandbox, "crm");
  const files = execFileSync("git", ["ls-files", "-z", "--", "examples/crm"], { cwd: root as string, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root as string, file))) continue;
    mkdirSync(dirname(join(repo, file.slice("examples/crm/".length))), { recursive: true });
    cpSync(join(root as string, file), join(repo, file.slice("examples/crm/".length)));
  }
  const env = { GIT_AUTHOR_NAME: "docs", GIT_AUTHOR_EMAIL: "docs@example.invalid", GIT_COMMITTER_NAME: "docs", GIT_COMMITTER_EMAIL: "docs@example.invalid" };
  Object.assign(process.env, env);
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "main");
  git("tag", "v1.4.0");
  git("update-ref", "refs/remotes/origin/main", "HEAD");
  // A team with a long-lived develop branch (contract-diff --base origin/develop).
  git("update-ref", "refs/remotes/origin/develop", "HEAD");
  writeFixtures();
  // Lines for contributors run this checkout's build by path.
  mkdirSync(join(repo, "packages/cli"), { recursive: true });
  symlinkSync(dirname(cli), join(repo, "packages/cli/dist"));
  head = git("rev-parse", "HEAD");

  // `crm-devex` and `npx [--yes] crm-devex[@version]` run this checkout's build; with DOCS_ARGV_FILE set they
  // only record their arguments (for illustrative lines).
  shims = join(sandbox, "bin");
  mkdirSync(shims);
  writeFileSync(
    join(shims, "crm-devex"),
    `#!/usr/bin/env bash\nif [ -n "\${DOCS_ARGV_FILE:-}" ]; then for a in "$@"; do printf '%s\\037' "$a"; done >> "$DOCS_ARGV_FILE"; printf '\\036' >> "$DOCS_ARGV_FILE"; exit 0; fi\nexec node "${cli}" "$@"\n`,
  );
  writeFileSync(
    join(shims, "npx"),
    `#!/usr/bin/env bash\nwhile [ "\${1:-}" = --yes ] || [ "\${1:-}" = -y ]; do shift; done\ncase "\${1:-}" in crm-devex | crm-devex@*) shift; exec "${join(shims, "crm-devex")}" "$@" ;; esac\necho "docs test: npx $* is not a crm-devex command" >&2; exit 127\n`,
  );
  chmodSync(join(shims, "crm-devex"), 0o755);
  chmodSync(join(shims, "npx"), 0o755);

  github = new FakeGitHub();
  vercel = new FakeVercel();
  await github.start();
  await vercel.start();
  github.addUser(GITHUB_TOKEN, "github-actions[bot]");
  vercel.addToken(VERCEL_TOKEN, "team_docs");
  vercel.addProject({ id: "prj_crm", name: "crm" });
  vercel.addProject({ id: "prj_docs", name: "crm-frontend" });
}, 180_000);

afterAll(async () => {
  expect(github?.responseProblems() ?? []).toEqual([]);
  expect(vercel?.responseProblems() ?? []).toEqual([]);
  await github?.stop();
  await vercel?.stop();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

/** What a workflow step's `${{ }}` values are in this test; a list runs the line once per value. */
const EXPRESSIONS: Record<string, () => string[]> = {
  "${{ secrets.VERCEL_TOKEN }}": () => [VERCEL_TOKEN],
  "${{ vars.VERCEL_ORG_ID }}": () => ["team_docs"],
  "${{ vars.VERCEL_PROJECT_ID }}": () => ["prj_docs"],
  "${{ github.token }}": () => [GITHUB_TOKEN],
  "${{ secrets.GITHUB_TOKEN }}": () => [GITHUB_TOKEN],
  "${{ needs.read.outputs.stage }}": () => ["deploy", "cleanup"],
  "${{ needs.read.outputs.number }}": () => ["12"],
  "${{ github.event.workflow_run.head_sha }}": () => [head],
};

/** The environments a line runs in: one, or one per value of a multi-valued expression of its step. */
function environments(command: DocCommand): Record<string, string>[] {
  let variants: Record<string, string>[] = [{}];
  for (const [name, value] of Object.entries(command.env ?? {})) {
    const expression = /^\$\{\{.*\}\}$/.test(String(value).trim()) ? String(value).trim() : undefined;
    const values = expression ? EXPRESSIONS[expression]?.() : [String(value)];
    if (!values) throw new Error(`${command.doc}:${command.line}: give the docs test a value for ${expression} (EXPRESSIONS in ${import.meta.url})`);
    variants = variants.flatMap((variant) => values.map((one) => ({ ...variant, [name]: one })));
  }
  return variants;
}

function runLine(command: DocCommand, env: Record<string, string>, argvFile?: string): Promise<{ status: number | null; output: string }> {
  // The PR the preview lines name is open for a deploy and closed for a cleanup, at the sandbox's HEAD.
  const cleanup = env.STAGE === "cleanup" || /preview cleanup/.test(command.command);
  github.setPull("acme/crm", 12, { state: cleanup ? "closed" : "open", headSha: head, headRepo: "acme/crm" });
  const child = spawn("bash", ["-c", command.command], {
    cwd: repo,
    env: {
      PATH: `${shims}:${process.env.PATH}`,
      HOME: sandbox,
      NO_COLOR: "1",
      GITHUB_REPOSITORY: "acme/crm",
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN,
      VERCEL_API_URL: vercel.url,
      VERCEL_TOKEN,
      ...env,
      ...(argvFile ? { DOCS_ARGV_FILE: argvFile } : {}),
    },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, output })));
}

/** Parse one recorded invocation with the CLI's own commander tree, stopping before any command runs. */
async function usageProblem(argv: string[]): Promise<string | undefined> {
  let stderr = "";
  const program = buildProgram({ env: {}, processCwd: repo, stdoutIsTTY: false, sink: { stdout: () => {}, stderr: (text) => void (stderr += text) }, readStdin: async () => "" }, () => {});
  const parsed = new Error("parsed");
  program.hook("preAction", () => {
    throw parsed;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error === parsed) return undefined;
    if (error instanceof CommanderError) return stderr.trim() || error.message;
    throw error;
  }
  return program instanceof Command ? undefined : "not parsed";
}

describe.each(commands.map((command) => [`${command.doc}:${command.line} ${command.command}`, command] as const))("%s", (_name, command) => {
  if (command.illustrative) {
    test(`parses (illustrative: ${command.illustrative})`, async () => {
      const argvFile = join(sandbox, "argv");
      writeFileSync(argvFile, "");
      for (const env of environments(command)) await runLine(command, env, argvFile);
      const invocations = readFileSync(argvFile, "utf8").split("\x1e").filter(Boolean).map((record) => record.split("\x1f").slice(0, -1));
      expect(invocations.length).toBeGreaterThan(0);
      for (const argv of invocations) expect(await usageProblem(argv)).toBeUndefined();
    });
    return;
  }
  test("runs to a verdict (exit 0 or 1) against the fixtures and fakes", async () => {
    for (const env of environments(command)) {
      const { status, output } = await runLine(command, env);
      const where = `${command.doc}:${command.line}${env.STAGE ? ` (STAGE=${env.STAGE})` : ""}`;
      expect(output, where).not.toMatch(/^error: (unknown option|too many arguments|missing required argument|option .* argument missing)/m);
      expect(output, where).not.toContain("internal error");
      expect({ where, status, output: status === 0 || status === 1 ? "" : output }).toEqual({ where, status: status === 1 ? 1 : 0, output: "" });
    }
  });
});

test("the usage check of illustrative lines catches an unknown flag and a missing argument", async () => {
  expect(await usageProblem(["preview", "cleanup", "--pr", "12", "--nope"])).toMatch(/unknown option '--nope'/);
  expect(await usageProblem(["contract-diff", "a.yaml", "b.yaml", "c.yaml"])).toMatch(/too many arguments/);
  expect(await usageProblem(["preview", "cleanup", "--pr", "12", "--env", "VITE_X=1"])).toBeUndefined();
});

test("the docs have command lines and the preview ones reach the fakes", async () => {
  expect(commands.length).toBeGreaterThan(30);
  expect(commands.some((command) => command.source === "workflow run:")).toBe(true);
  // Runs a preview line of its own rather than count what the other tests left in the fakes: that
  // held only when this test ran after them (it failed under --sequence.shuffle).
  const preview = commands.find((command) => !command.illustrative && /\bpreview cleanup\b/.test(command.command));
  expect(preview, "a runnable `preview cleanup` line in the docs").toBeDefined();
  const before = { vercel: vercel.calls.length, github: github.calls.length };
  for (const env of environments(preview!)) expect((await runLine(preview!, env)).status).toBe(0);
  expect(vercel.calls.length).toBeGreaterThan(before.vercel);
  expect(github.calls.length).toBeGreaterThan(before.github);
});
