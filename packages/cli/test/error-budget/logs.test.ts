import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { emptyScan, mergeScan, rebaseLines, type ScanSettings } from "../../src/commands/error-budget/logs/accumulate.js";
import { DEFAULT_FIELDS } from "../../src/commands/error-budget/logs/line-parser.js";
import { lineAlignedRanges, scanInputs, scanRange } from "../../src/commands/error-budget/logs/scan.js";
import { makeTree, runCommand } from "../helpers.js";
import { BASE_MS, requestLine, trafficLog } from "./fixtures.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function tree(files: Record<string, string | Buffer>) {
  const { dir, cleanup } = await makeTree({});
  cleanups.push(cleanup);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

async function budgetJson(argv: string[], dir: string, stdin?: string) {
  const run = await runCommand(["error-budget", "--format", "json", ...argv], { cwd: dir, stdin });
  if (run.exitCode !== 0) throw new Error(`exit ${run.exitCode}: ${run.stderr}`);
  // The report is read loosely here; its shape is pinned by cli.test.ts.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { json: JSON.parse(run.stdout) as Record<string, any>, stderr: run.stderr };
}

describe("corrupted logs: skip, warn, compute from the valid lines", () => {
  const valid = trafficLog(10, 3);
  const corrupted = [
    valid.trimEnd().split("\n").slice(0, 12).join("\n"),
    "this is not json",
    '{"timestamp": "2026-11-01T00:04:00Z", "event": "request", "status": 200',
    '{"event": "request", "status": 200, "latency_ms": 3}',
    '{"event": "request", "timestamp": "yesterday", "status": 200, "latency_ms": 3}',
    '{"event": "request", "timestamp": "2026-11-01T00:04:00Z", "status": "OK", "latency_ms": 3}',
    '{"event": "request", "timestamp": "2026-11-01T00:04:00Z", "status": 200, "latency_ms": -1}',
    "[1, 2, 3]",
    "",
    '{"event": "app_started", "level": "info"}',
    valid.trimEnd().split("\n").slice(12).join("\n"),
  ].join("\n");

  test.each([
    ["valid only", valid, 0],
    ["with corrupted lines", corrupted, 7],
  ])("%s: %i lines skipped, the same SLIs", async (_name, text, skipped) => {
    const dir = await tree({ "api.jsonl": text, "clean.jsonl": valid });
    const { json } = await budgetJson(["--logs", "api.jsonl", "--window", "1h"], dir);
    const clean = (await budgetJson(["--logs", "clean.jsonl", "--window", "1h"], dir)).json;
    expect(json.skippedLines).toBe(skipped);
    expect(json.slos).toEqual(clean.slos);
    expect(json.requests).toEqual({ counted: 30, excluded: 0, otherEvents: skipped ? 1 : 0 });
    if (skipped) {
      expect(json.skipped).toEqual({ notJson: 3, missingField: 1, wrongType: 3, outsideWindow: 0 });
      expect(json.warnings[0]).toContain("skipped 7 of 39 lines (3 not JSON, 1 missing field, 3 wrong type)");
      expect(json.skippedExamples.slice(0, 3)).toEqual([
        "api.jsonl:13 (not valid JSON)",
        "api.jsonl:14 (not valid JSON)",
        "api.jsonl:15 (no timestamp)",
      ]);
    }
  });

  test("lines outside the window are skipped and named", async () => {
    const dir = await tree({ "api.jsonl": trafficLog(120, 1) });
    const { json } = await budgetJson(["--logs", "api.jsonl", "--window", "1h"], dir);
    expect(json.skipped.outsideWindow).toBe(60);
    expect(json.skippedExamples[0]).toBe("api.jsonl:1 (outside the window)");
    expect(json.slos[0].measured).toMatchObject({ windowMinutes: 60, knownMinutes: 60 });
    const until = await budgetJson(["--logs", "api.jsonl", "--window", "30m", "--until", "2026-11-01T00:29:30Z"], dir);
    expect(until.json.skipped.outsideWindow).toBe(90);
    expect(until.json.window).toMatchObject({ start: "2026-11-01T00:00:00.000Z", end: "2026-11-01T00:29:30.000Z", duration: "30m" });
    expect(until.json.slos[0].measured.knownMinutes).toBe(30);
  });
});

describe("inputs", () => {
  test("/health and /metrics are excluded by default, and other paths on request", async () => {
    const text = [requestLine({ minute: 0 }), requestLine({ minute: 0, path: "/health", status: 503 }), requestLine({ minute: 1, path: "/metrics?x=1", status: 500 })].join("\n");
    const dir = await tree({ "api.jsonl": text });
    const { json } = await budgetJson(["--logs", "api.jsonl", "--window", "1h"], dir);
    expect(json.requests).toMatchObject({ counted: 1, excluded: 2 });
    expect(json.slos.find((s: { name: string }) => s.name === "error-rate").errorRatePercent).toBe(0);
    const all = await budgetJson(["--logs", "api.jsonl", "--window", "1h", "--exclude-path", "/nothing"], dir);
    expect(all.json.requests).toMatchObject({ counted: 3, excluded: 0 });
  });

  test("globs, .gz and stdin give the same numbers as the plain file", async () => {
    const text = trafficLog(30, 4, new Set([3, 4]));
    const half = text.split("\n");
    const dir = await tree({
      "api.jsonl": text,
      "api-1.jsonl": `${half.slice(0, 60).join("\n")}\n`,
      "api-2.jsonl.gz": gzipSync(half.slice(60).join("\n")),
    });
    const plain = (await budgetJson(["--logs", "api.jsonl", "--window", "1h"], dir)).json;
    const globbed = (await budgetJson(["--logs", "api-*", "--window", "1h"], dir)).json;
    const stdin = (await budgetJson(["--logs", "-", "--window", "1h"], dir, text)).json;
    expect(plain.slos[0].measured).toMatchObject({ downMinutes: 2, knownMinutes: 30 });
    expect(globbed.slos).toEqual(plain.slos);
    expect(globbed.source.inputs).toEqual(["api-1.jsonl", "api-2.jsonl.gz"]);
    expect(stdin.slos).toEqual(plain.slos);
  });

  test("pino-style lines with a field mapping (epoch ms, nested status, seconds)", async () => {
    const lines = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ level: 30, time: BASE_MS + i * 60_000, msg: "request completed", req: { url: "/api/x", method: "GET" }, res: { statusCode: i < 2 ? 500 : 200 }, rt: i === 5 ? 0.9 : 0.05 }),
    );
    const dir = await tree({ "pino.log": lines.join("\n") });
    const { json } = await budgetJson(["--logs", "pino.log", "--window", "1h", "--field", "latency=rt", "--latency-unit", "s"], dir);
    expect(json.skippedLines).toBe(0);
    const byName = Object.fromEntries(json.slos.map((s: { name: string }) => [s.name, s]));
    expect(byName["error-rate"].measured).toEqual({ requests: 20, errors: 2 });
    expect(byName.latency.measured).toMatchObject({ requests: 20, withinThreshold: 19 });
    expect(byName.availability.measured).toMatchObject({ downMinutes: 2, knownMinutes: 20, unknownMinutes: 40 });
  });

  test("a missing file is an input error (exit 2) naming it", async () => {
    const dir = await tree({});
    const run = await runCommand(["error-budget", "--logs", "missing.jsonl"], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("error: missing.jsonl: file not found\n");
  });

  test("a broken .gz is an input error naming the file", async () => {
    const dir = await tree({ "bad.jsonl.gz": Buffer.from("not gzip at all") });
    const run = await runCommand(["error-budget", "--logs", "bad.jsonl.gz"], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: bad\.jsonl\.gz: cannot decompress/);
  });
});

describe("byte ranges (what the worker threads read)", () => {
  const settings: ScanSettings = {
    fields: DEFAULT_FIELDS,
    latencyScale: 1,
    requestEvent: "request",
    excludePaths: ["/health", "/metrics"],
    windowMs: null,
    thresholdsMs: [500],
    sketchMinutes: 1,
  };

  test.each([2, 3, 7])("%d line-aligned ranges add up to the whole file, line numbers included", async (parts) => {
    const text = `${trafficLog(50, 7, new Set([10]))}not json\n${trafficLog(3, 1)}{"broken": \n`;
    const dir = await tree({ "api.jsonl": text });
    const path = join(dir, "api.jsonl");
    const whole = await scanInputs([{ kind: "file", path, label: "api.jsonl" }], settings, { threads: 1 });
    const ranges = await lineAlignedRanges(path, Buffer.byteLength(text), parts);
    expect(ranges.length).toBe(parts);
    expect(ranges[0]![0]).toBe(0);
    expect(ranges.at(-1)![1]).toBe(Buffer.byteLength(text));
    const merged = emptyScan();
    let offset = 0;
    for (const [start, end] of ranges) {
      const part = await scanRange(path, "api.jsonl", settings, start, end);
      rebaseLines(part, offset);
      offset += part.lines;
      mergeScan(merged, part);
    }
    expect(merged.lines).toBe(whole.lines);
    expect(merged.skipped).toEqual(whole.skipped);
    expect(merged.skippedExamples).toEqual(whole.skippedExamples);
    expect(merged.skippedExamples.map((e) => e.line)).toEqual([351, 355]);
    expect([...merged.minutes.keys()].sort()).toEqual([...whole.minutes.keys()].sort());
    for (const [minute, stats] of whole.minutes) {
      const other = merged.minutes.get(minute)!;
      expect([other.total, other.errors, other.withinThreshold, other.firstRef]).toEqual([stats.total, stats.errors, stats.withinThreshold, stats.firstRef]);
    }
    expect(merged.sketches).toEqual(whole.sketches);
  });
});

describe("timestamps", () => {
  test.each([
    ["2026-11-01T00:00:00Z", Date.UTC(2026, 10, 1)],
    ["2026-11-01T00:00:00.290Z", Date.UTC(2026, 10, 1) + 290],
    ["2026-11-01T00:00:59.999999+00:00", Date.UTC(2026, 10, 1) + 59_999],
    ["2026-11-01T01:00:00+01:00", Date.UTC(2026, 10, 1)],
    ["2026-11-01 00:00:07", Date.UTC(2026, 10, 1) + 7000],
    [1793491200, Date.UTC(2026, 10, 1)],
    [1793491200123, Date.UTC(2026, 10, 1) + 123],
    ["2026-11-01T24:61:00Z", null],
    ["yesterday", null],
    [true, null],
  ])("%j → %s", async (value, expected) => {
    const { parseTimestamp } = await import("../../src/commands/error-budget/logs/line-parser.js");
    expect(parseTimestamp(value)).toBe(expected);
  });
});
