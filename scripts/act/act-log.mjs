// Reads `act --json` output: per job its result, wall time (first to last log line), the
// annotations its steps printed (::error/::warning/::notice, which act logs as commands) and its
// log text; and computes the pipeline's critical path from the jobs' `needs`.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

/** @returns {{jobs: Record<string, {name: string, result: string, startMs: number, endMs: number, wallMs: number, annotations: string[], log: string, summary: string}>}} */
export function parseActLog(text) {
  const entries = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      entries.push(JSON.parse(line));
    } catch {
      // act also prints plain lines (e.g. "Error: Job … failed"); the JSON lines carry everything
    }
  }
  // A job that calls a reusable workflow logs as "Caller/job"; the called jobs as "job/Workflow/name".
  const depth = (entry) => (entry.job ?? "").split("/").length;
  const nested = entries.some((entry) => depth(entry) >= 3);
  const jobs = {};
  for (const entry of entries) {
    const id = entry.jobID;
    if (!id || !entry.time || (nested && depth(entry) < 3)) continue;
    const at = Date.parse(entry.time);
    const job = (jobs[id] ??= { name: entry.job.split("/").pop().trim(), result: "unknown", startMs: at, endMs: at, wallMs: 0, annotations: [], log: "", summary: "" });
    job.startMs = Math.min(job.startMs, at);
    job.endMs = Math.max(job.endMs, at);
    if (entry.jobResult) job.result = entry.jobResult;
    if (["error", "warning", "notice"].includes(entry.command) && entry.raw) job.annotations.push(entry.raw);
    if (entry.msg) job.log += `${entry.msg.replace(/\n$/, "")}\n`;
  }
  for (const job of Object.values(jobs)) job.wallMs = job.endMs - job.startMs + 1000; // log times have 1 s resolution
  return { jobs };
}

/** job id → the job ids it needs, from the reusable workflows and the example's own workflows. */
function needsGraph() {
  const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  const graph = {};
  for (const dir of ["workflows-templates", "examples/crm/.github/workflows"]) {
    for (const file of readdirSync(join(root, dir)).filter((name) => name.endsWith(".yml"))) {
      const workflow = parse(readFileSync(join(root, dir, file), "utf8"));
      for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
        if (job.uses) continue;
        graph[id] = [job.needs ?? []].flat();
      }
    }
  }
  return graph;
}

/**
 * The longest chain of jobs by `needs`, each weighted by its measured wall time: the pipeline's
 * duration when every job has its own runner (as on GitHub), whatever order act ran them in here.
 */
export function criticalPath(run) {
  const graph = needsGraph();
  const memo = {};
  const longest = (id) => {
    if (memo[id]) return memo[id];
    const own = run.jobs[id].wallMs;
    let best = { jobs: [id], ms: own };
    for (const need of graph[id] ?? []) {
      if (!run.jobs[need]) continue;
      const before = longest(need);
      if (before.ms + own > best.ms) best = { jobs: [...before.jobs, id], ms: before.ms + own };
    }
    return (memo[id] = best);
  };
  const chains = Object.keys(run.jobs).map(longest);
  return chains.length ? chains.reduce((a, b) => (b.ms > a.ms ? b : a)) : undefined;
}
