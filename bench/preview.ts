/**
 * `crm-devex preview deploy` (its own REST client) against a bare `@vercel/client` deploy, both as separate node
 * processes against the same local fake Vercel (and GitHub) APIs, interleaved. The difference is what the
 * preview adds: the PR comment (found among many), the alias, deleting the superseded deployment.
 * Prints medians and the API calls each made.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeGitHub, FakeVercel } from "../packages/cli/test/fakes/index.js";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const files = Number(process.env.BENCH_PREVIEW_FILES ?? 300);
const existingComments = Number(process.env.BENCH_PREVIEW_COMMENTS ?? 250);
const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/cli/dist/bin.js");
const peer = join(root, "bench/preview-peer.mjs");
const site = join(root, ".cache/bench/preview-site");

// A Vite-like output: index.html plus hashed assets of a few KB each.
rmSync(site, { recursive: true, force: true });
mkdirSync(join(site, "assets"), { recursive: true });
writeFileSync(join(site, "index.html"), "<!doctype html><title>CRM</title>");
for (let index = 1; index < files; index++) writeFileSync(join(site, "assets", `chunk-${index}.js`), `export const c${index} = ${JSON.stringify("x".repeat(500 + ((index * 7919) % 8000)))};\n`);

const token = ["bench", "vercel", "token"].join("-");
const githubToken = ["bench", "github", "token"].join("-");
const github = new FakeGitHub();
const vercel = new FakeVercel();
await github.start();
await vercel.start();
github.addUser(githubToken, "github-actions[bot]");
vercel.addToken(token, "team_bench");
vercel.addProject({ id: "prj_crm", name: "crm" });
for (let index = 0; index < existingComments; index++) github.seedComment("acme/crm", 1, "reviewer", `review comment ${index}`);

const env = { ...process.env, VERCEL_API_URL: vercel.url, VERCEL_TOKEN: token, VERCEL_TEAM_ID: "team_bench", GITHUB_API_URL: github.url, GITHUB_TOKEN: githubToken, GITHUB_REPOSITORY: "acme/crm" };

/** Run a node process (asynchronously: the fakes answer from this very process) and time it. */
async function timed(args: string[]): Promise<{ ms: number; calls: number }> {
  const before = vercel.calls.length + github.calls.length;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (status !== 0) throw new Error(`${args.join(" ")} exited ${status}: ${stderr}`);
  return { ms, calls: vercel.calls.length + github.calls.length - before };
}

const ours = (sha: string) => [bin, "preview", "deploy", site, "--project", "crm", "--pr", "1", "--sha", sha];
const samples = { oursFirst: [] as number[], peerFirst: [] as number[], oursAgain: [] as number[], peerAgain: [] as number[] };
const calls = { oursFirst: 0, peerFirst: 0, oursAgain: 0, peerAgain: 0 };
for (let run = 0; run < runs; run++) {
  // A fresh file store each round, so "first" really uploads every file.
  vercel.uploaded.clear();
  let sample = await timed([peer, site]);
  samples.peerFirst.push(sample.ms);
  calls.peerFirst = sample.calls;
  vercel.uploaded.clear();
  sample = await timed(ours(`${run}aaaaaa`));
  samples.oursFirst.push(sample.ms);
  calls.oursFirst = sample.calls;
  sample = await timed([peer, site]);
  samples.peerAgain.push(sample.ms);
  calls.peerAgain = sample.calls;
  sample = await timed(ours(`${run}bbbbbb`));
  samples.oursAgain.push(sample.ms);
  calls.oursAgain = sample.calls;
}
await github.stop();
await vercel.stop();
if (github.responseProblems().length || vercel.responseProblems().length) throw new Error("a fake answered outside the published description");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const row = (label: string, a: number, aCalls: number, b: number, bCalls: number) =>
  `${label.padEnd(34)}${`${a.toFixed(0)} ms (${aCalls} calls)`.padStart(22)}${`${b.toFixed(0)} ms (${bCalls} calls)`.padStart(26)}${`${(a / b).toFixed(2)}x`.padStart(8)}`;
console.log(`preview deploy of a ${files}-file site, ${existingComments} comments already on the PR, fake APIs on 127.0.0.1, median of ${runs} interleaved runs`);
console.log(`${"".padEnd(34)}${"crm-devex preview".padStart(22)}${"bare @vercel/client".padStart(26)}${"ratio".padStart(8)}`);
console.log(row("first deploy (every file uploaded)", median(samples.oursFirst), calls.oursFirst, median(samples.peerFirst), calls.peerFirst));
console.log(row("push (no file changed)", median(samples.oursAgain), calls.oursAgain, median(samples.peerAgain), calls.peerAgain));
console.log("crm-devex's extra calls: GET /user, the comment pages, two comment writes, the alias, deleting the superseded deployment.");
