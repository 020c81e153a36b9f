/**
 * The example backend's real FastAPI/pydantic v2 spec (examples/crm/openapi.json,
 * OpenAPI 3.1 with `anyOf: [X, {type: null}]`): clean against itself, the same
 * contract once rewritten in 3.0 `nullable` style, and real breaks are caught.
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeTree, runCommand } from "../helpers.js";

const SPEC_PATH = join(import.meta.dirname, "..", "..", "..", "..", "examples", "crm", "openapi.json");
const SPEC_TEXT = readFileSync(SPEC_PATH, "utf8");

type Json = Record<string, unknown>;

function spec(): Json & { paths: Record<string, Json>; components: { schemas: Record<string, Json & { properties?: Record<string, Json>; required?: string[] }> } } {
  return JSON.parse(SPEC_TEXT);
}

/** Rewrite pydantic's `anyOf: [X, {type: "null"}]` as OpenAPI 3.0 `X + nullable: true`, everywhere. */
function toOpenApi30(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toOpenApi30);
  if (!value || typeof value !== "object") return value;
  const record = Object.fromEntries(Object.entries(value as Json).map(([key, child]) => [key, toOpenApi30(child)])) as Json;
  const anyOf = record.anyOf as Json[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2 && anyOf.some((member) => member.type === "null")) {
    const other = anyOf.find((member) => member.type !== "null")!;
    delete record.anyOf;
    // 3.0 cannot put siblings beside $ref: wrap it in allOf, as FastAPI 0.9x did.
    return typeof other.$ref === "string" ? { ...record, allOf: [other], nullable: true } : { ...record, ...other, nullable: true };
  }
  return record;
}

async function diff(base: unknown, head: unknown) {
  await writeFile(join(tree.dir, "base.json"), JSON.stringify(base, null, 2));
  await writeFile(join(tree.dir, "head.json"), JSON.stringify(head, null, 2));
  const run = await runCommand(["contract-diff", "base.json", "head.json", "--format", "json"], { cwd: tree.dir });
  return { run, report: JSON.parse(run.stdout) as { breaking: number; changes: { id: string; level: string; operation: string; location: string }[] } };
}

let tree: Awaited<ReturnType<typeof makeTree>>;
beforeAll(async () => {
  tree = await makeTree({});
});
afterAll(() => tree.cleanup());

describe("examples/crm/openapi.json", () => {
  test("is a FastAPI 3.1 spec using anyOf-with-null (what this test is about)", () => {
    expect(spec().openapi).toMatch(/^3\.1/);
    expect(SPEC_TEXT).toMatch(/"anyOf": \[\s*\{[^\]]*\},\s*\{\s*"type": "null"\s*\}/);
  });

  test("diffed against itself is clean", async () => {
    const { run, report } = await diff(spec(), spec());
    expect(run.exitCode).toBe(0);
    expect(report.changes).toEqual([]);
  });

  test("the same API rewritten as OpenAPI 3.0 nullable gives zero changes", async () => {
    const converted = toOpenApi30(spec()) as Json;
    converted.openapi = "3.0.3";
    expect(JSON.stringify(converted)).not.toContain('"type":"null"');
    const forward = await diff(spec(), converted);
    expect(forward.report.changes).toEqual([]);
    const backward = await diff(converted, spec());
    expect(backward.report.changes).toEqual([]);
  });

  test("removing an endpoint from a copy is caught", async () => {
    const head = spec();
    const [path, item] = Object.entries(head.paths).find(([, candidate]) => "delete" in candidate)!;
    delete item.delete;
    const { run, report } = await diff(spec(), head);
    expect(run.exitCode).toBe(1);
    expect(report.changes).toEqual([expect.objectContaining({ id: "endpoint-removed", level: "breaking", operation: `DELETE ${path}` })]);
  });

  test("--consumers finds the example frontend's call of a removed endpoint, and not of the others", async () => {
    const head = spec();
    const item = head.paths["/api/properties/{property_id}"]!;
    delete item.get;
    await writeFile(join(tree.dir, "base.json"), SPEC_TEXT);
    await writeFile(join(tree.dir, "head.json"), JSON.stringify(head, null, 2));
    const frontend = join(SPEC_PATH, "..", "frontend", "src");
    const run = await runCommand(["contract-diff", "base.json", "head.json", "--consumers", frontend, "--format", "json"], { cwd: tree.dir });
    expect(run.exitCode).toBe(1);
    const removed = JSON.parse(run.stdout).changes.find((change: { id: string }) => change.id === "endpoint-removed");
    expect(removed.operation).toBe("GET /api/properties/{property_id}");
    const source = readFileSync(join(frontend, "api", "crm.ts"), "utf8").split("\n");
    const expected = source.flatMap((line, index) => (/"GET", `api\/properties\/\$\{/.test(line) ? [index + 1] : []));
    expect(expected.length).toBeGreaterThan(0);
    expect(removed.callSites.filter((site: { file: string }) => site.file.endsWith("api/crm.ts")).map((site: { line: number }) => site.line)).toEqual(expected);
  });

  test("removing a required response field from a copy is caught in every operation returning it", async () => {
    const head = spec();
    const [name, schema] = Object.entries(head.components.schemas).find(([key, candidate]) => /Out$|Read$|Public$/.test(key) && (candidate.required?.length ?? 0) > 1)!;
    const field = schema.required!.find((key) => key !== "id")!;
    delete schema.properties![field];
    schema.required = schema.required!.filter((key) => key !== field);
    const { run, report } = await diff(spec(), head);
    expect(run.exitCode).toBe(1);
    const hits = report.changes.filter((change) => change.id === "response-required-property-removed");
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.location).toContain(`${name}.${field}`);
    expect(new Set(hits.map((hit) => hit.operation)).size).toBe(hits.length);
  });

  test("a required ClientOut field made Optional the pydantic way breaks responses only", async () => {
    const head = spec();
    const clientOut = head.components.schemas.ClientOut!;
    const [field, property] = Object.entries(clientOut.properties!).find(([key, p]) => p.type === "string" && clientOut.required?.includes(key))!;
    clientOut.properties![field] = { anyOf: [property, { type: "null" }], title: property.title };
    const { run, report } = await diff(spec(), head);
    expect(run.exitCode).toBe(1);
    expect(new Set(report.changes.map((change) => change.id))).toEqual(new Set(["response-became-nullable"]));
    for (const change of report.changes) expect(change.location).toContain(`ClientOut.${field}`);
  });
});
