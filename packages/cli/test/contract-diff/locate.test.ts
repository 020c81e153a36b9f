/** The block-YAML line scanner gives the same lines as the yaml package's Document, or declines. */
import { describe, expect, test } from "vitest";
import { load } from "js-yaml";
import { scanBlockYaml } from "../../src/commands/contract-diff/report/locate.js";
import { lineOfPath, parseDocument } from "../../src/config/locate.js";

const SPEC = `# Estate agent CRM
openapi: 3.1.0
info:
  title: CRM
  description: |
    Lettings and sales.
    paths: not a key inside a block scalar
  version: "1.0"
servers:
- url: https://api.example.com/v1
paths:
  /properties/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema: { type: integer,
          minimum: 1 }
    get:
      tags: [properties, "a, b"]
      responses:
        '200':
          description: >-
            folded
            text: still folded
          content:
            "application/json; charset=utf-8":
              schema:
                $ref: '#/components/schemas/Property'
components:
  schemas:
    Property:
      type: object
      required:
      - id
      - address
      properties:
        id: {type: integer}
        address:
          type: string   # the first line
        "it's": {type: string}
        'quoted ''key''':
          type: string
`;

function allPointers(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (path.length) out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => allPointers(item, [...path, String(i)], out));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) allPointers(item, [...path, key], out);
  return out;
}

describe("scanBlockYaml", () => {
  test("every block key and item is on the line the yaml package finds; flow members fall back to their key", () => {
    const pointers = allPointers(load(SPEC));
    const scanned = scanBlockYaml(SPEC, pointers)!;
    const document = parseDocument(SPEC);
    let compared = 0;
    for (const pointer of pointers) {
      const line = scanned.get(pointer.join("\u0000"));
      if (line === undefined) continue;
      compared++;
      expect(line, pointer.join("/")).toBe(lineOfPath(document, SPEC, pointer.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))));
    }
    expect(compared).toBeGreaterThan(30);
    expect(scanned.get(["paths", "/properties/{id}", "get", "responses", "200", "content", "application/json; charset=utf-8", "schema", "$ref"].join("\u0000"))).toBe(29);
    expect(scanned.get(["components", "schemas", "Property", "properties", "quoted 'key'"].join("\u0000"))).toBe(42);
    expect(scanned.get(["components", "schemas", "Property", "required", "1"].join("\u0000"))).toBe(36);
    // A key-looking line inside a block scalar is text, not a key.
    expect(scanned.has(["info", "paths"].join("\u0000"))).toBe(false);
  });

  test.each([
    ["an anchor", "a: &x\n  b: 1\nc: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a complex key", "? a\n: 1\n"],
    ["two documents", "a: 1\n---\nb: 2\n"],
  ])("declines %s (the caller falls back to the yaml package)", (_name, text) => {
    expect(scanBlockYaml(text, [["a"]])).toBeUndefined();
  });
});
