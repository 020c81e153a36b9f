import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { createGunzip } from "node:zlib";
import { InputError } from "../../../kernel/errors.js";
import type { LogScan } from "../model.js";
import { LineAccumulator, emptyScan, mergeScan, rebaseLines, type ScanSettings } from "./accumulate.js";

/** Plain files at least this large are split into byte ranges read by worker threads. */
export const PARALLEL_THRESHOLD_BYTES = 64 * 1024 * 1024;

/**
 * Workers start this very module; that needs it compiled to JavaScript (the
 * published bundle), not TypeScript run through a test loader.
 */
const WORKERS_AVAILABLE = !import.meta.url.endsWith(".ts");

/** One input: a file on disk (shown as `label`) or standard input. */
export type LogInput = { kind: "file"; path: string; label: string } | { kind: "stdin"; text: string };

export interface ScanOptions {
  /** Worker threads for large files; 1 reads everything on the main thread. */
  threads: number;
}

/** Read every input, in order, into one scan. */
export async function scanInputs(inputs: LogInput[], settings: ScanSettings, options: ScanOptions = { threads: availableParallelism() }): Promise<LogScan> {
  const total = emptyScan(settings.sketchMinutes);
  for (const input of inputs) {
    if (input.kind === "stdin") {
      const accumulator = new LineAccumulator(settings, "<stdin>");
      accumulator.pushText(input.text);
      const scan = accumulator.end();
      scan.bytes = Buffer.byteLength(input.text);
      mergeScan(total, scan);
      continue;
    }
    mergeScan(total, await scanFile(input.path, input.label, settings, options));
  }
  return total;
}

async function scanFile(path: string, label: string, settings: ScanSettings, options: ScanOptions): Promise<LogScan> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(error.code === "ENOENT" ? "file not found" : `cannot read: ${error.message}`, { file: label }, { cause: error });
  });
  if (!info.isFile()) throw new InputError("is not a file", { file: label });
  if (path.endsWith(".gz")) return scanStream(path, label, settings, true);
  const threads = Math.min(options.threads, Math.ceil(info.size / (PARALLEL_THRESHOLD_BYTES / 2)));
  if (info.size < PARALLEL_THRESHOLD_BYTES || threads < 2 || !WORKERS_AVAILABLE) return scanStream(path, label, settings, false);
  const ranges = await lineAlignedRanges(path, info.size, threads);
  const parts = await Promise.all(ranges.map(([start, end]) => scanRangeInWorker(path, label, settings, start, end)));
  const total = emptyScan(settings.sketchMinutes);
  let lineOffset = 0;
  for (const part of parts) {
    rebaseLines(part, lineOffset);
    lineOffset += part.lines;
    mergeScan(total, part);
  }
  return total;
}

/** Stream a file (optionally gunzipped) through one accumulator. */
function scanStream(path: string, label: string, settings: ScanSettings, gzip: boolean, start?: number, end?: number): Promise<LogScan> {
  return new Promise((resolvePromise, reject) => {
    const accumulator = new LineAccumulator(settings, label);
    const file = createReadStream(path, { highWaterMark: 1 << 20, start, end: end === undefined ? undefined : end - 1 });
    const source = gzip ? file.pipe(createGunzip()) : file;
    const fail = (error: Error) => {
      file.destroy();
      reject(new InputError(gzip ? `cannot decompress: ${error.message}` : `cannot read: ${error.message}`, { file: label }, { cause: error }));
    };
    file.on("error", fail);
    source.on("error", fail);
    source.on("data", (chunk: Buffer) => accumulator.pushBytes(chunk));
    source.on("end", () => {
      const scan = accumulator.end();
      if (gzip) scan.bytes = file.bytesRead;
      resolvePromise(scan);
    });
  });
}

/**
 * Split [0, size) into `parts` ranges that each start at the beginning of a line,
 * so every line belongs to exactly one range.
 */
export async function lineAlignedRanges(path: string, size: number, parts: number): Promise<[number, number][]> {
  const handle = await open(path, "r");
  try {
    const starts = [0];
    const probe = Buffer.alloc(64 * 1024);
    for (let i = 1; i < parts; i++) {
      let position = Math.max(Math.floor((size * i) / parts), starts[starts.length - 1]!);
      let aligned = -1;
      while (position < size && aligned === -1) {
        const { bytesRead } = await handle.read(probe, 0, probe.length, position);
        const newline = probe.subarray(0, bytesRead).indexOf(10);
        if (newline !== -1) aligned = position + newline + 1;
        else position += bytesRead;
        if (bytesRead === 0) break;
      }
      if (aligned === -1 || aligned >= size) break;
      if (aligned > starts[starts.length - 1]!) starts.push(aligned);
    }
    return starts.map((start, i) => [start, starts[i + 1] ?? size] as [number, number]);
  } finally {
    await handle.close();
  }
}

/** Scan one byte range of a file on the main thread (what each worker runs). */
export function scanRange(path: string, label: string, settings: ScanSettings, start: number, end: number): Promise<LogScan> {
  return scanStream(path, label, settings, false, start, end);
}

interface WorkerJob {
  crmDevexErrorBudgetScan: true;
  path: string;
  label: string;
  settings: ScanSettings;
  start: number;
  end: number;
}

function scanRangeInWorker(path: string, label: string, settings: ScanSettings, start: number, end: number): Promise<LogScan> {
  return new Promise((resolvePromise, reject) => {
    const job: WorkerJob = { crmDevexErrorBudgetScan: true, path, label, settings, start, end };
    // This very module is the worker's entry: see the guard at the bottom.
    const worker = new Worker(new URL(import.meta.url), {
      workerData: job,
      // A larger young generation: JSON.parse makes short-lived objects by the million.
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    worker.once("message", (message: { scan?: LogScan; error?: string }) => {
      if (message.scan) resolvePromise(message.scan);
      else reject(new InputError(message.error ?? "worker failed", { file: label }));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new InputError(`reader thread exited with code ${code}`, { file: label }));
    });
  });
}

if (!isMainThread && (workerData as WorkerJob | undefined)?.crmDevexErrorBudgetScan) {
  const job = workerData as WorkerJob;
  scanRange(job.path, job.label, job.settings, job.start, job.end).then(
    (scan) => parentPort!.postMessage({ scan }),
    (error: Error) => parentPort!.postMessage({ error: error.message }),
  );
}
