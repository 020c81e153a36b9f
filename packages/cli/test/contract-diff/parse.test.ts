/** Spec text → value: js-yaml with YAML 1.2's core schema, and the yaml package's messages for broken input. */
import { describe, expect, test } from "vitest";
import { parseSpecText } from "../../src/commands/contract-diff/load/parse.js";
import { InputError } from "../../src/kernel/errors.js";

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

  test("merge keys and anchors still parse (the fallback parser reads what js-yaml's core schema does not)", () => {
    const value = parseSpecText("base: &b {type: string}\nname: *b\n", "spec.yaml") as Record<string, unknown>;
    expect(value.name).toEqual({ type: "string" });
  });
});
