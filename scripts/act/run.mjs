#!/usr/bin/env node
// Runs examples/crm's real workflows with `act` in host mode (no Docker) against pull requests made
// of the example plus one scenario's change, and checks that each scenario passes or fails the
// right job, with the file/line or operation in an annotation and in the job summary.
//
//   node scripts/act/run.mjs                 clean PR, then every fault in one PR (fast: ~2 CI runs)
//   node scripts/act/run.mjs --isolated      clean PR, then one PR per fault (one CI run each)
//   node scripts/act/run.mjs --only NAME…    just these scenarios
//   --parallel N                             run N scenarios at once (the test command uses 2)
//
// How it stays offline and faithful: crm-devex/crm-devex@v1 (the reusable workflows and composite
// actions) maps to a copy of this checkout's tracked files with --local-repository; the pinned
// third-party actions map to scripts/act/stand-ins/; actions/checkout is act's own copy of the
// working tree. Prints each job's wall time and the pipeline's critical path.
import console from "node:console";
import process from "node:process";
import { clearInterval, setInterval } from "node:timers";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, watch, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SCENARIOS, combined } from "./scenarios.mjs";
import { criticalPath, parseActLog } from "./act-log.mjs";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const work = join(root, ".cache", "act", "work");
// Each stand-in answers for the commit the one pin table gives its action, which is the commit every
// workflow uses (packages/actions/test/action-pins.test.ts): a bump there moves the mapping too.
const PINS = JSON.parse(readFileSync(join(root, "packages/cli/src/commands/init/action-pins.json"), "utf8")).actions;
const STAND_INS = Object.fromEntries(
  ["setup-python", "setup-node", "cache", "upload-artifact", "download-artifact"].map((name) => [`actions/${name}@${PINS[`actions/${name}`].sha}`, name]),
);

const git = (cwd, ...args) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/** Copy the tracked (and new, not ignored) files under `paths` of this checkout to `target`. */
function stageTracked(paths, target, strip = "") {
  const files = git(root, "ls-files", "-co", "--exclude-standard", "-z", "--", ...paths).split("\0").filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    const dest = join(target, file.slice(strip.length));
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(join(root, file), dest);
  }
  return files.length;
}

/** The example as a git repo with main pushed to an `origin`, and a `pr` branch with the change. */
function makeRepo(dir, scenario) {
  const repo = join(dir, "repo");
  stageTracked(["examples/crm"], repo, "examples/crm/");
  const env = { GIT_AUTHOR_NAME: "act", GIT_AUTHOR_EMAIL: "act@example.invalid", GIT_COMMITTER_NAME: "act", GIT_COMMITTER_EMAIL: "act@example.invalid" };
  Object.assign(process.env, env);
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "main");
  git(dir, "init", "-q", "--bare", "origin.git");
  git(repo, "remote", "add", "origin", "https://github.com/acme/crm.git");
  git(repo, "config", "remote.origin.pushurl", join(dir, "origin.git"));
  git(repo, "push", "-q", join(dir, "origin.git"), "main");
  git(repo, "update-ref", "refs/remotes/origin/main", "HEAD");
  const baseSha = git(repo, "rev-parse", "HEAD");
  git(repo, "checkout", "-q", "-b", "pr");
  for (const change of scenario.changes) change(repo);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--allow-empty", "-m", scenario.title);
  const headSha = git(repo, "rev-parse", "HEAD");
  return { repo, baseSha, headSha };
}

const REPOSITORY = { name: "crm", full_name: "acme/crm", default_branch: "main", owner: { login: "acme" } };

/** The event payload GitHub would send for one run of a scenario. */
function eventPayload(run, ctx, scenario) {
  if (run.event === "workflow_run") {
    return {
      action: "completed",
      workflow_run: {
        id: 1000 + ctx.runIndex, name: "Preview", event: "pull_request", conclusion: "success", status: "completed",
        head_sha: ctx.headSha, head_branch: "pr", display_title: run.displayTitle, head_repository: { full_name: "acme/crm" },
      },
      repository: REPOSITORY,
    };
  }
  return {
    action: run.action ?? "synchronize",
    number: 7,
    pull_request: {
      number: 7, title: scenario.title, state: run.action === "closed" ? "closed" : "open",
      head: { ref: "pr", sha: ctx.headSha, repo: { full_name: "acme/crm" } }, base: { ref: "main", sha: ctx.baseSha, repo: { full_name: "acme/crm" } },
    },
    repository: REPOSITORY,
  };
}

/** The fake GitHub and Vercel APIs (scripts/act/fakes.ts), driven line by line. */
async function startFakes() {
  const child = spawn("npx", ["tsx", join(root, "scripts", "act", "fakes.ts")], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
  const lines = [];
  const waiters = [];
  let buffer = "";
  child.stdout.on("data", (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const next = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiters.push(resolve)));
  const { env } = await next();
  return {
    env,
    send: (message) => child.stdin.write(`${JSON.stringify(message)}\n`),
    state: () => {
      child.stdin.write(`${JSON.stringify({ state: true })}\n`);
      return next();
    },
    stop: () => child.stdin.end(),
  };
}

function runAct(dir, repo, run, ctx) {
  const { workflow } = run;
  const act = join(root, ".cache", "go-bin", "act");
  const artifacts = join(dir, "artifacts");
  mkdirSync(artifacts, { recursive: true });
  const label = `${ctx.runIndex + 1}-${workflow.replace(/\.yml$/, "")}`;
  const eventFile = join(dir, `${label}.event.json`);
  writeFileSync(eventFile, JSON.stringify(eventPayload(run, ctx, ctx.scenario), null, 2));
  const fakes = ctx.fakes
    ? ["--env", `GITHUB_API_URL=${ctx.fakes.env.GITHUB_API_URL}`, "-s", `GITHUB_TOKEN=${ctx.fakes.env.GITHUB_TOKEN}`, "-s", `VERCEL_TOKEN=${ctx.fakes.env.VERCEL_TOKEN}`, "-s", `VERCEL_TEAM=${ctx.fakes.env.VERCEL_TEAM_ID}`]
    : [];
  const args = [
    run.event ?? "pull_request", "-e", eventFile, "-W", `.github/workflows/${workflow}`, ...fakes,
    "-P", "ubuntu-latest=-self-hosted", "--json", "--use-gitignore=false",
    // One job at a time: on this 2-core machine parallel jobs only slow each other down, and act's
    // host mode has removed a running job's workspace when a parallel job was cleaned up. The
    // critical path is computed from each job's own time and the workflow's `needs`, as on GitHub.
    "--concurrent-jobs", "1",
    "--local-repository", `crm-devex/crm-devex@v1=${join(dir, "toolkit")}`,
    ...Object.entries(STAND_INS).flatMap(([action, dirName]) => ["--local-repository", `${action}=${join(root, "scripts", "act", "stand-ins", dirName)}`]),
    "--action-cache-path", join(dir, "action-cache"),
  ];
  const summaries = watchSummaries(join(dir, "action-cache"));
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(act, args, {
      cwd: repo,
      env: { ...process.env, CRM_DEVEX_ACT_ARTIFACTS: artifacts, NO_COLOR: "1", ...(ctx.fakes ? { VERCEL_API_URL: ctx.fakes.env.VERCEL_API_URL } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.on("close", (code) => {
      writeFileSync(join(dir, `${label}.log`), out);
      const parsed = parseActLog(out);
      // A job's workspace (printed by the setup stand-ins) names the act directory its summaries were in.
      const claimed = new Set();
      const unnamed = [];
      for (const info of Object.values(parsed.jobs)) {
        const hex = /action-cache\/([0-9a-f]{16})\/hostexecutor/.exec(info.log)?.[1];
        if (hex) {
          claimed.add(hex);
          info.summary = (summaries.byDir.get(hex) ?? []).join("\n");
        } else unnamed.push(info);
      }
      // A job without a setup stand-in never prints its workspace (security.yml, the root check action):
      // when it is the only such job, the one summary directory no other job claimed is its own.
      const unclaimed = [...summaries.byDir.keys()].filter((hex) => !claimed.has(hex));
      if (unnamed.length === 1 && unclaimed.length === 1) unnamed[0].summary = summaries.byDir.get(unclaimed[0]).join("\n");
      for (const [job, info] of Object.entries(parsed.jobs)) {
        // A job that ends within the watcher's 100 ms scan leaves no file behind; act also logs each summary.
        if (!info.summary) info.summary = [...info.log.matchAll(/^\s*⚙\s+Summary - ([\s\S]*?)(?=^\s*(?:⚙|⭐|✅|❌|🏁)|$(?![\s\S]))/gmu)].map((match) => match[1]).join("\n");
        writeFileSync(join(dir, `${label}.${job}.summary.md`), info.summary);
      }
      summaries.stop();
      resolve({ label, code, wallMs: Date.now() - started, ...parsed });
    });
  });
}

/**
 * act truncates a job's SUMMARY.md before each step and deletes it with the job, so the harness
 * keeps each step's job summary as it is written (inotify through fs.watch).
 */
function watchSummaries(cacheDir) {
  mkdirSync(cacheDir, { recursive: true });
  const byDir = new Map();
  const watchers = new Map();
  const capture = (key, file) => {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return;
    }
    if (!text.trim()) return;
    const parts = byDir.get(key) ?? [];
    const last = parts.at(-1);
    if (last !== undefined && text.startsWith(last)) parts[parts.length - 1] = text;
    else if (last === undefined || !last.startsWith(text)) parts.push(text);
    byDir.set(key, parts);
  };
  // Each job gets <cache>/<random>/act/workflow/; watch those directories (not the whole tree:
  // a recursive watch would also walk every job's copy of node_modules).
  const scan = () => {
    for (const key of readdirSync(cacheDir)) {
      const workflowDir = join(cacheDir, key, "act", "workflow");
      if (watchers.has(key) || !existsSync(workflowDir)) continue;
      try {
        const watcher = watch(workflowDir, (_event, name) => {
          if (name === "SUMMARY.md") capture(key, join(workflowDir, name));
        });
        watcher.on("error", () => watcher.close()); // the job's directory was removed
        watchers.set(key, watcher);
      } catch {
        // removed between the check and the watch
      }
    }
  };
  const timer = setInterval(scan, 100);
  return {
    byDir,
    stop: () => {
      clearInterval(timer);
      for (const watcher of watchers.values()) watcher.close();
    },
  };
}

function check(expect, runs) {
  const problems = [];
  const jobs = Object.assign({}, ...runs.map((run) => run.jobs));
  for (const [job, want] of Object.entries(expect)) {
    const got = jobs[job];
    if (!got) { problems.push(`job ${job} did not run`); continue; }
    if (got.result !== want.result) problems.push(`job ${job}: ${got.result}, expected ${want.result}`);
    for (const pattern of want.annotations ?? []) {
      if (!got.annotations.some((line) => pattern.test(line))) problems.push(`job ${job}: no annotation matching ${pattern}`);
    }
    for (const pattern of want.summary ?? []) {
      if (!pattern.test(got.summary)) problems.push(`job ${job}: job summary does not match ${pattern}`);
    }
  }
  return problems;
}

async function runScenario(scenario, parallel) {
  const dir = join(work, scenario.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // crm-devex/crm-devex@v1 is this checkout's tracked (and new) files — what a tag would hold.
  stageTracked([".github/workflows", "packages/actions", "action.yml"], join(dir, "toolkit"));
  const { repo, baseSha, headSha } = makeRepo(dir, scenario);
  const ctx = { scenario, baseSha, headSha, runIndex: 0, fakes: scenario.fakes ? await startFakes() : undefined };
  const runs = [];
  const problems = [];
  const planned = scenario.runs ?? scenario.workflows.map((workflow) => ({ workflow }));
  for (const [index, run] of planned.entries()) {
    ctx.runIndex = index;
    await run.before?.(ctx);
    const result = await runAct(dir, repo, run, ctx);
    runs.push(result);
    if (run.expect) problems.push(...check(run.expect, [result]).map((p) => `${result.label}: ${p}`));
    if (run.after) problems.push(...(await run.after(ctx)).map((p) => `${result.label}: ${p}`));
  }
  if (scenario.expect) problems.push(...check(scenario.expect, runs));
  ctx.fakes?.stop();
  const lines = [`\n== scenario ${scenario.name}: ${scenario.title} — ${problems.length ? "FAIL" : "ok"}`];
  for (const run of runs) {
    lines.push(`   ${run.label}`);
    for (const [job, info] of Object.entries(run.jobs)) {
      lines.push(`     ${job.padEnd(10)} ${info.result.padEnd(8)} ${(info.wallMs / 1000).toFixed(1).padStart(6)} s  ${info.annotations.length} annotations`);
    }
    const path = criticalPath(run);
    const note = parallel > 1 ? `, sharing the machine with ${parallel - 1} other scenario(s)` : "";
    if (path) lines.push(`   critical path: ${path.jobs.join(" → ")} = ${(path.ms / 1000).toFixed(1)} s (act ran the jobs one after another in ${(run.wallMs / 1000).toFixed(1)} s${note})`);
  }
  for (const problem of problems) lines.push(`   ✗ ${problem}`);
  if (problems.length) lines.push(`   logs: ${dir}/*.log`);
  return { failed: problems.length > 0, report: lines.join("\n") };
}

async function main() {
  const argv = process.argv.slice(2);
  const isolated = argv.includes("--isolated");
  const only = argv.includes("--only") ? argv.slice(argv.indexOf("--only") + 1) : undefined;
  const faults = SCENARIOS.filter((scenario) => scenario.fault);
  const others = SCENARIOS.filter((scenario) => !scenario.fault);
  let scenarios = isolated ? SCENARIOS : [...others, combined(faults)];
  if (only) scenarios = [...SCENARIOS, combined(faults)].filter((s) => only.includes(s.name));


  // Scenarios are independent (own copy of the repo, own act cache); --parallel N runs N at once.
  const parallel = argv.includes("--parallel") ? Number(argv[argv.indexOf("--parallel") + 1]) : 1;
  let failures = 0;
  const queue = [...scenarios];
  const worker = async () => {
    for (let scenario = queue.shift(); scenario; scenario = queue.shift()) {
      const { failed, report } = await runScenario(scenario, parallel);
      console.log(report);
      if (failed) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  console.log(`\nact scenarios: ${scenarios.length - failures} passed, ${failures} failed`);
  process.exitCode = failures ? 1 : 0;
}

await main();
