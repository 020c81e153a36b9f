// The preview composite action end to end: its step's env and argument list from action.yml, run.sh and a
// bundle of the CLI built from this checkout (as the lead's committed bundle will be), against the fake
// GitHub and Vercel APIs. The point: preview-url and deployment-id are written once, the fallback included.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
import { FakeGitHub, FakeVercel } from "../../cli/test/fakes/index.js";

const actionsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const GITHUB_TOKEN = ["ghs", "action", "test"].join("_");
const VERCEL_TOKEN = ["vc", "action", "test"].join("_");
const SHA = "3333333ccccccccccccccccccccccccccccccccc";

let dir: string;
let github: FakeGitHub;
let vercel: FakeVercel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-devex-preview-action-"));
  // A copy of packages/actions with a fresh bundle: the committed one is rebuilt only at merge time.
  const actionCopy = join(dir, "actions");
  mkdirSync(join(actionCopy, "dist"), { recursive: true });
  cpSync(join(actionsDir, "run.sh"), join(actionCopy, "run.sh"));
  cpSync(join(actionsDir, "preview"), join(actionCopy, "preview"), { recursive: true });
  execFileSync("node", [join(actionsDir, "scripts", "build-dist.mjs"), "--out", join(actionCopy, "dist", "crm-devex.mjs")], { stdio: "ignore" });
  mkdirSync(join(dir, "site"));
  writeFileSync(join(dir, "site", "index.html"), "<!doctype html><title>CRM</title>");
  github = new FakeGitHub();
  vercel = new FakeVercel();
  await github.start();
  await vercel.start();
  github.addUser(GITHUB_TOKEN, "github-actions[bot]");
  vercel.addToken(VERCEL_TOKEN, "team_acme");
  vercel.addProject({ id: "prj_crm", name: "crm" });
}, 120_000);

afterAll(async () => {
  await github?.stop();
  await vercel?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Run the action's one step as the runner would: its env (inputs substituted) and its run: line. */
async function runAction(inputs: Record<string, string>) {
  const action = parse(readFileSync(join(actionsDir, "preview", "action.yml"), "utf8")) as {
    inputs: Record<string, { default?: string }>;
    runs: { steps: { env: Record<string, string>; run: string }[] };
  };
  const step = action.runs.steps[0]!;
  const value = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? "";
  const env: Record<string, string> = {};
  for (const [key, template] of Object.entries(step.env)) env[key] = template.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, name: string) => value(name));
  const outputFile = join(dir, "github-output");
  writeFileSync(outputFile, "");
  writeFileSync(join(dir, "summary.md"), "");
  // Not spawnSync: the fakes answer from this very process.
  const child = spawn("bash", ["-c", step.run], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...env,
      GITHUB_ACTION_PATH: join(dir, "actions", "preview"),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
      GITHUB_REPOSITORY: "acme/crm",
      GITHUB_API_URL: github.url,
      VERCEL_API_URL: vercel.url,
      RUNNER_TEMP: dir,
    },
  });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { status, log, raw: readFileSync(outputFile, "utf8") };
}

const outputValue = (raw: string, name: string) => new RegExp(`^${name}<<(\\S+)\\n([\\s\\S]*?)\\n\\1$`, "m").exec(raw)?.[2];

test("an alias failure: preview-url is the deployment's own URL, written once", async () => {
  // Another project owns the alias: Vercel answers 409 and the deployment stays reachable at its own URL.
  vercel.aliases.set("crm-pr-60.vercel.app", { uid: "als_other", alias: "crm-pr-60.vercel.app", deploymentId: "dpl_other", projectId: "prj_other", created: 0 });
  const run = await runAction({ command: "deploy", directory: join(dir, "site"), "pull-request": "60", sha: SHA, project: "crm", "vercel-token": VERCEL_TOKEN, "vercel-team": "team_acme", "github-token": GITHUB_TOKEN });
  expect(run.log).toContain("alias_in_use");
  expect(run.status).toBe(1);
  const deployment = [...vercel.deployments.values()].at(-1)!;
  expect(run.raw.match(/^preview-url<</gm)).toHaveLength(1);
  expect(run.raw.match(/^deployment-id<</gm)).toHaveLength(1);
  expect(outputValue(run.raw, "preview-url")).toBe(`https://${deployment.url}`);
  expect(outputValue(run.raw, "deployment-id")).toBe(deployment.id);
  expect(run.raw).toMatch(/^verdict=failed$/m);
});

test("a successful deploy: preview-url is the alias, written once", async () => {
  const run = await runAction({ command: "deploy", directory: join(dir, "site"), "pull-request": "61", sha: SHA, project: "crm", "vercel-token": VERCEL_TOKEN, "vercel-team": "team_acme", "github-token": GITHUB_TOKEN });
  expect(run.status).toBe(0);
  expect(run.raw.match(/^preview-url<</gm)).toHaveLength(1);
  expect(outputValue(run.raw, "preview-url")).toBe("https://crm-pr-61.vercel.app");
});
