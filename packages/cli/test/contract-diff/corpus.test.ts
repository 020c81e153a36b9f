/**
 * The estate-agent CRM corpus: realistic base/head pairs, each with its expected
 * verdict and rule ids. Cases are either a JSON Patch over corpus/_base/crm-api.yaml
 * (NN-name.yaml) or a directory holding base and head files (NN-name/case.yaml).
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { runCommand } from "../helpers.js";

const CORPUS = join(import.meta.dirname, "corpus");
const BASE_SPEC = join(CORPUS, "_base", "crm-api.yaml");

interface PatchOperation {
  op: "add" | "remove" | "replace" | "move" | "rename-ref";
  path?: string;
  from?: string;
  to?: string;
  value?: unknown;
}

interface CorpusCase {
  description: string;
  verdict: "passed" | "failed";
  /** Exactly the breaking rule ids expected. */
  breaking: string[];
  expect?: string[];
  absent?: string[];
  /** Exact number of changes (all levels). */
  changes?: number;
  /** Number of operations a rule is reported for (one entry per operation). */
  perOperation?: Record<string, number>;
  failOn?: string;
  ignore?: unknown[];
  accepted?: number;
  headFormat?: "json" | "yaml";
  patch?: PatchOperation[];
}

interface Report {
  breaking: number;
  counts: { accepted: number };
  changes: { id: string; level: string; operation: string; location: string; message: string }[];
}

function decode(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parentOf(document: unknown, pointer: string): [Record<string, unknown> | unknown[], string] {
  const segments = pointer.split("/").slice(1).map(decode);
  const last = segments.pop()!;
  let node = document as Record<string, unknown>;
  for (const segment of segments) {
    node = node[segment] as Record<string, unknown>;
    if (node === undefined) throw new Error(`patch path ${pointer}: no ${segment}`);
  }
  return [node, last];
}

function applyPatch(document: unknown, operations: PatchOperation[]): unknown {
  for (const operation of operations) {
    if (operation.op === "rename-ref") {
      const text = JSON.stringify(document).split(`"${operation.from}"`).join(`"${operation.to}"`);
      document = JSON.parse(text);
      continue;
    }
    let value = structuredClone(operation.value);
    if (operation.op === "move") {
      const [parent, key] = parentOf(document, operation.from!);
      value = (parent as Record<string, unknown>)[key];
      delete (parent as Record<string, unknown>)[key];
    }
    const [parent, key] = parentOf(document, operation.path!);
    if (operation.op === "remove") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else {
        if (!(key in parent)) throw new Error(`patch remove ${operation.path}: nothing there`);
        delete parent[key];
      }
    } else if (Array.isArray(parent)) {
      if (key === "-") parent.push(value);
      else if (operation.op === "replace") parent[Number(key)] = value;
      else parent.splice(Number(key), 0, value);
    } else {
      if (operation.op === "replace" && !(key in parent)) throw new Error(`patch replace ${operation.path}: nothing there`);
      parent[key] = value;
    }
  }
  return document;
}

function findSpec(dir: string, side: "base" | "head"): string {
  for (const name of [`${side}.yaml`, `${side}.json`, `${side}/openapi.yaml`, `${side}/openapi.json`]) {
    if (existsSync(join(dir, name))) return name;
  }
  throw new Error(`${dir}: no ${side} spec`);
}

const entries = readdirSync(CORPUS)
  .filter((name) => !name.startsWith("_"))
  .sort()
  .map((name) => {
    const path = join(CORPUS, name);
    const isDir = statSync(path).isDirectory();
    const spec = parse(readFileSync(isDir ? join(path, "case.yaml") : path, "utf8")) as CorpusCase;
    return { name: name.replace(/\.yaml$/, ""), path, isDir, spec };
  });

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "crm-devex-corpus-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("contract-diff corpus (estate-agent CRM)", () => {
  test("has at least 40 pairs, each with an expected verdict", () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    for (const entry of entries) expect(["passed", "failed"], entry.name).toContain(entry.spec.verdict);
    expect(entries.filter((entry) => entry.spec.verdict === "failed").length).toBeGreaterThanOrEqual(20);
    expect(entries.filter((entry) => entry.spec.verdict === "passed").length).toBeGreaterThanOrEqual(15);
  });

  test.each(entries.map((entry) => [entry.name, entry] as const))("%s", async (name, entry) => {
    const { spec } = entry;
    const dir = join(work, name);
    await mkdir(dir, { recursive: true });
    let base: string;
    let head: string;
    if (entry.isDir) {
      await cp(entry.path, dir, { recursive: true });
      base = findSpec(dir, "base");
      head = findSpec(dir, "head");
    } else {
      const source = readFileSync(BASE_SPEC, "utf8");
      await writeFile(join(dir, "base.yaml"), source);
      const patched = applyPatch(parse(source), spec.patch ?? []);
      head = spec.headFormat === "json" ? "head.json" : "head.yaml";
      await writeFile(join(dir, head), spec.headFormat === "json" ? JSON.stringify(patched, null, 2) : stringify(patched));
      base = "base.yaml";
    }
    const argv = ["contract-diff", base, head, "--format", "json"];
    if (spec.failOn) argv.push("--fail-on", spec.failOn);
    if (spec.ignore) {
      await writeFile(join(dir, "accepted.yaml"), stringify(spec.ignore));
      argv.push("--ignore", "accepted.yaml");
    }
    const run = await runCommand(argv, { cwd: dir });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Report;
    const ids = report.changes.map((change) => change.id);
    const detail = JSON.stringify(report.changes.map((change) => `${change.level} ${change.id} ${change.operation} ${change.location}`), null, 1);

    expect(run.exitCode, detail).toBe(spec.verdict === "failed" ? 1 : 0);
    const breaking = [...new Set(report.changes.filter((change) => change.level === "breaking").map((change) => change.id))].sort();
    expect(breaking, detail).toEqual([...spec.breaking].sort());
    expect(report.breaking).toBe(report.changes.filter((change) => change.level === "breaking").length);
    for (const id of spec.expect ?? []) expect(ids, `${id} expected\n${detail}`).toContain(id);
    for (const id of spec.absent ?? []) expect(ids, `${id} must not appear\n${detail}`).not.toContain(id);
    if (spec.changes !== undefined) expect(report.changes.length, detail).toBe(spec.changes);
    for (const [id, count] of Object.entries(spec.perOperation ?? {})) {
      const hits = report.changes.filter((change) => change.id === id);
      expect(new Set(hits.map((change) => change.operation)).size, detail).toBe(count);
      expect(hits.length, `one ${id} entry per operation\n${detail}`).toBe(count);
    }
    if (spec.accepted !== undefined) expect(report.counts.accepted).toBe(spec.accepted);
    for (const change of report.changes) {
      expect(change.message).not.toMatch(/\{(?:target|name|from|to|values|status|mediaType|keyword|variant)\}/);
      expect(change.operation).toMatch(/^(?:[A-Z]+ (?:\/|\((?:webhook|callback) )|every operation$|operations under \/)/);
    }
  });
});
