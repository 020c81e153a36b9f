/** Spec text → value: js-yaml with YAML 1.2's core schema plus merge keys, and the yaml package's messages for broken input. */
import { describe, expect, test } from "vitest";
import { parseSpecText } from "../../src/commands/contract-diff/load/parse.js";
import { InputError } from "../../src/kernel/errors.js";
import { parseStructured } from "../../src/config/load.js";
import { locateLines } from "../../src/commands/contract-diff/report/locate.js";

describe("parseSpecText (YAML)", () => {
  test("dates, yes/no and octal-looking values stay as YAML 1.2 reads them", () => {
    const value = parseSpecText("x-sunset: 2026-01-01\nflag: yes\nzip: 0755\nversion: 1.10\n", "spec.yaml") as Record<string, unknown>;
    expect(value).toEqual({ "x-sunset": "2026-01-01", flag: "yes", zip: 755, version: 1.1 });
  });

  test("a duplicate key is an input error naming the file and line", () => {
    let error: unknown;
    try {
      parseSpecText("openapi: 3.0.3\npaths: {}\npaths: {}\n", "spec.yaml");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/invalid YAML/);
    expect(JSON.stringify(error)).toContain("spec.yaml");
  });

  test("anchors and aliases parse", () => {
    const value = parseSpecText("base: &b {type: string}\nname: *b\n", "spec.yaml") as Record<string, unknown>;
    expect(value.name).toEqual({ type: "string" });
  });

  // Shared responses merged into operations, as specs written by hand do (YAML 1.1 merge keys).
  const MERGED = [
    "openapi: 3.0.3",
    "x-errors: &errors",
    "  '404': {description: not found}",
    "  '500': {description: server error}",
    "x-paging: &paging",
    "  '206': {description: partial}",
    "paths:",
    "  /a:",
    "    get:",
    "      responses:",
    "        <<: *errors",
    "        '200': {description: ok}",
    "        '500': {description: own 500}",
    "  /b:",
    "    get:",
    "      responses:",
    "        <<: [*paging, *errors]",
    "",
  ].join("\n");

  test("merge keys are merged (explicit keys win, the first of several sources wins), never kept as a literal << key", () => {
    const value = parseSpecText(MERGED, "spec.yaml") as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    expect(value.paths["/a"]!.get.responses).toEqual({
      "404": { description: "not found" },
      "500": { description: "own 500" },
      "200": { description: "ok" },
    });
    expect(value.paths["/b"]!.get.responses).toEqual({ "206": { description: "partial" }, "404": { description: "not found" }, "500": { description: "server error" } });
  });

  test("the yaml package's fallback reads merge keys the same way", () => {
    const value = parseStructured(MERGED, "spec.yaml", { merge: true }) as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    expect(Object.keys(value.paths["/a"]!.get.responses).sort()).toEqual(["200", "404", "500"]);
    expect(value.paths["/a"]!.get.responses["500"]).toEqual({ description: "own 500" });
    expect(value.paths["/b"]!.get.responses["206"]).toEqual({ description: "partial" });
  });

  test("a key reached through a merge key is located where the merged mapping spells it", () => {
    const lines = locateLines(MERGED, [
      ["paths", "/a", "get", "responses", "404"],
      ["paths", "/a", "get", "responses", "500"],
      ["paths", "/b", "get", "responses", "206"],
      ["paths", "/b", "get", "responses", "500"],
    ]);
    expect(lines.get(["paths", "/a", "get", "responses", "404"].join("\u0000"))).toBe(3);
    expect(lines.get(["paths", "/a", "get", "responses", "500"].join("\u0000"))).toBe(13);
    expect(lines.get(["paths", "/b", "get", "responses", "206"].join("\u0000"))).toBe(6);
    expect(lines.get(["paths", "/b", "get", "responses", "500"].join("\u0000"))).toBe(4);
  });
});
