/** Starts both fakes and a static site, and runs `crm-devex preview …` in-process against them. */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { FakeGitHub, FakeVercel } from "../fakes/index.js";
import { makeTree, runCommand, type CliRun } from "../helpers.js";

// Test-only credentials, built from parts so secret scanners have nothing to find.
export const GITHUB_TOKEN = ["ghs", "test", "preview", "bot"].join("_");
export const VERCEL_TOKEN = ["vc", "test", "token", "preview"].join("_");
export const REPO = "acme/crm";
export const BOT = "github-actions[bot]";

export interface Harness {
  github: FakeGitHub;
  vercel: FakeVercel;
  dir: string;
  outputFile: string;
  run(argv: string[], env?: Record<string, string>): Promise<CliRun>;
  outputs(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const github = new FakeGitHub();
  const vercel = new FakeVercel();
  await github.start();
  await vercel.start();
  github.addUser(GITHUB_TOKEN, BOT);
  vercel.addToken(VERCEL_TOKEN, "team_acme");
  vercel.addProject({ id: "prj_crm", name: "crm" });
  const tree = await makeTree({
    "dist/index.html": "<!doctype html><title>CRM</title><script src=/assets/app.js></script>",
    "dist/assets/app.js": "console.log('crm')",
    "crm-devex.config.json": JSON.stringify({ preview: { project: "crm", directory: "dist", env: { VITE_API_URL: "https://crm-api-pr-{pr}.up.railway.app", VITE_COMMIT: "{sha}" } } }),
  });
  const outputFile = join(tree.dir, "github-output");
  await writeFile(outputFile, "");
  const baseEnv = {
    PATH: process.env.PATH ?? "",
    VERCEL_TOKEN,
    VERCEL_API_URL: vercel.url,
    VERCEL_TEAM_ID: "team_acme",
    GITHUB_TOKEN,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPO,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_OUTPUT: outputFile,
  };
  return {
    github,
    vercel,
    dir: tree.dir,
    outputFile,
    async run(argv, env = {}) {
      const result = await runCommand(argv, { cwd: tree.dir, env: { ...baseEnv, ...env } });
      // Whatever happened, no token is ever printed.
      for (const token of [GITHUB_TOKEN, VERCEL_TOKEN]) {
        expect(result.stdout).not.toContain(token);
        expect(result.stderr).not.toContain(token);
      }
      return result;
    },
    async outputs() {
      const text = await readFile(outputFile, "utf8");
      const outputs: Record<string, string> = {};
      for (const match of text.matchAll(/^([\w-]+)<<(ghadelimiter_[0-9a-f]{32})\n([\s\S]*?)\n\2$/gm)) outputs[match[1]!] = match[3]!;
      await writeFile(outputFile, "");
      return outputs;
    },
    async stop() {
      // Every answer the fakes gave matched the vendors' descriptions.
      expect(github.responseProblems()).toEqual([]);
      expect(vercel.responseProblems()).toEqual([]);
      await github.stop();
      await vercel.stop();
      await tree.cleanup();
    },
  };
}
