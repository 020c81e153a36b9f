// Reads `act --json` output: per job its result, wall time (first to last log line), the
// annotations its steps printed (::error/::warning/::notice, which act logs as commands), and
// its log text; and computes the pipeline's critical path from the jobs' start and end times.

/** @returns {{jobs: Record<string, {result: string, startMs: number, endMs: number, wallMs: number, annotations: string[], log: string, summary: string}>}} */
export function parseActLog(text) {
  const jobs = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    const id = entry.jobID;
    if (!id || !entry.time) continue;
    const at = Date.parse(entry.time);
    const job = (jobs[id] ??= { result: "unknown", startMs: at, endMs: at, wallMs: 0, annotations: [], log: "", summary: "" });
    job.startMs = Math.min(job.startMs, at);
    job.endMs = Math.max(job.endMs, at);
    if (entry.jobResult) job.result = entry.jobResult;
    if (["error", "warning", "notice"].includes(entry.command) && entry.raw) job.annotations.push(entry.raw);
    if (entry.msg) job.log += `${entry.msg.replace(/\n$/, "")}\n`;
  }
  for (const job of Object.values(jobs)) job.wallMs = job.endMs - job.startMs + 1000; // log times have 1 s resolution
  return { jobs };
}

/** The chain of jobs that decided when the run finished: from the last job back through the job that ended last before it started. */
export function criticalPath(run) {
  const entries = Object.entries(run.jobs).filter(([, job]) => job.result !== "unknown");
  if (!entries.length) return undefined;
  let [name, job] = entries.reduce((a, b) => (b[1].endMs > a[1].endMs ? b : a));
  const chain = [name];
  const first = Math.min(...entries.map(([, j]) => j.startMs));
  for (;;) {
    const before = entries.filter(([, j]) => j.endMs <= job.startMs);
    if (!before.length) break;
    [name, job] = before.reduce((a, b) => (b[1].endMs > a[1].endMs ? b : a));
    chain.unshift(name);
  }
  const last = Math.max(...entries.map(([, j]) => j.endMs));
  return { jobs: chain, ms: last - first + 1000 };
}
