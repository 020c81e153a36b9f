/**
 * Full-tree scans use both cores: the file list is split between this thread
 * and one worker thread running the same module (in the bundle, the same chunk),
 * so there is no separate worker entry point to keep in sync.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { scanFileList, addStats, type FileListResult } from "./scan-files.js";

interface WorkerInput {
  crmDevexSecretScan: true;
  cwd: string;
  files: string[];
  maxBytes: number;
}

type WorkerReply = { ok: true; result: FileListResult } | { ok: false; message: string };

if (!isMainThread && (workerData as WorkerInput | undefined)?.crmDevexSecretScan) {
  const input = workerData as WorkerInput;
  let reply: WorkerReply;
  try {
    reply = { ok: true, result: scanFileList(input.cwd, input.files, input.maxBytes) };
  } catch (error) {
    reply = { ok: false, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
}

/** Below this many files a worker's start-up (~40 ms) costs more than it saves. */
export const PARALLEL_THRESHOLD = 400;

function scanInWorker(cwd: string, files: string[], maxBytes: number): Promise<FileListResult> {
  const url = new URL(import.meta.url);
  // Under vitest the module is TypeScript source: register tsx in the worker first.
  const source = url.pathname.endsWith(".ts")
    ? `import(${JSON.stringify(pathToFileURL(join(dirname(createRequire(url).resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`
    : undefined;
  return new Promise((resolve, reject) => {
    const workerData = { crmDevexSecretScan: true, cwd, files, maxBytes } satisfies WorkerInput;
    const worker = source ? new Worker(source, { eval: true, workerData }) : new Worker(url, { workerData });
    let settled = false;
    worker.once("message", (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`secret-scan worker failed: ${reply.message}`));
      void worker.terminate();
    });
    worker.once("error", (error) => {
      if (!settled) reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`secret-scan worker exited with code ${code}`));
    });
  });
}

/** Scan files (relative to `cwd`), splitting the list between two threads when it is large. */
export async function scanFilesParallel(cwd: string, files: string[], maxBytes: number, allowParallel: boolean): Promise<FileListResult> {
  if (!allowParallel || files.length < PARALLEL_THRESHOLD || availableParallelism() < 2) return scanFileList(cwd, files, maxBytes);
  // Interleave so both halves get a similar mix of large and small files.
  const mine = files.filter((_, index) => index % 2 === 0);
  const theirs = files.filter((_, index) => index % 2 === 1);
  const remote = scanInWorker(cwd, theirs, maxBytes);
  // Let the worker start before this thread blocks on synchronous reads.
  await new Promise((resolve) => setImmediate(resolve));
  const local = scanFileList(cwd, mine, maxBytes);
  const other = await remote;
  const order = new Map(files.map((file, index) => [file, index]));
  const findings = [...local.findings, ...other.findings].sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line || a.column - b.column);
  addStats(local.stats, other.stats);
  return {
    findings,
    stats: local.stats,
    missing: [...local.missing, ...other.missing],
    unreadable: [...local.unreadable, ...other.unreadable],
  };
}
