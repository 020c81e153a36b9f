/** Equal meaning compares equal; cycles terminate; one entry per operation; huge reports stay under GitHub's limit. */
import { describe, expect, test } from "vitest";
import { specFromObject } from "../../src/commands/contract-diff/load/spec.js";
import { diffSpecs } from "../../src/commands/contract-diff/diff/operations.js";
import { exampleSpec } from "../../src/commands/contract-diff/rules/examples.js";
import { buildResult } from "../../src/commands/contract-diff/report/build.js";
import { renderMarkdown, GITHUB_MARKDOWN_LIMIT } from "../../src/reporters/markdown.js";

function diff(base: object, head: object) {
  return diffSpecs(specFromObject(structuredClone(base), "base.json"), specFromObject(structuredClone(head), "head.json"));
}

/** A spec whose `PUT /properties/{id}` both receives and returns `schema` (so both directions are checked). */
function both(schema: unknown, components: Record<string, unknown> = {}) {
  return exampleSpec({ request: schema, response: schema, components: { schemas: components } });
}

const S = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe("equivalent spellings compare equal (both directions, request and response)", () => {
  const cases: [string, unknown, unknown, Record<string, unknown>?][] = [
    ["3.0 nullable ≡ 3.1 type array", { type: "string", nullable: true }, { type: ["string", "null"] }],
    ["type array ≡ anyOf null (pydantic v2)", { type: ["integer", "null"] }, { anyOf: [{ type: "integer" }, { type: "null" }] }],
    ["anyOf null ≡ oneOf null", { anyOf: [{ type: "integer" }, { type: "null" }] }, { oneOf: [{ type: "null" }, { type: "integer" }] }],
    ["enum with null ≡ nullable enum", { type: "string", enum: ["a", "b", null], nullable: true }, { anyOf: [{ type: "string", enum: ["a", "b"] }, { type: "null" }] }],
    ["const ≡ single enum", { const: "card" }, { enum: ["card"] }],
    ["enum ≡ oneOf of single-value enums (GitHub's budget_type)", { type: "string", enum: ["SkuPricing", "ProductPricing"] }, { oneOf: [{ type: "string", enum: ["SkuPricing"] }, { type: "string", enum: ["ProductPricing"] }] }],
    ["anyOf primitives ≡ type array", { anyOf: [{ type: "string" }, { type: "integer" }] }, { type: ["string", "integer"] }],
    ["omitted type: object ≡ written", { properties: { a: { type: "string" } }, required: ["a"] }, { type: "object", properties: { a: { type: "string" } }, required: ["a"] }],
    ["3.0 exclusiveMinimum ≡ 3.1 exclusiveMinimum", { type: "number", minimum: 0, exclusiveMinimum: true }, { type: "number", exclusiveMinimum: 0 }],
    ["inline ≡ $ref", { type: "object", properties: { town: { type: "string" } } }, S("Address"), { Address: { type: "object", properties: { town: { type: "string" } } } }],
    ["$ref ≡ single allOf wrapper with a description", S("Address"), { allOf: [S("Address")], description: "Where it is" }, { Address: { type: "object", properties: { town: { type: "string" } } } }],
    ["nullable $ref: allOf+nullable (3.0) ≡ anyOf [$ref, null] (3.1)", { allOf: [S("Address")], nullable: true }, { anyOf: [S("Address"), { type: "null" }] }, { Address: { type: "object", properties: { town: { type: "string" } } } }],
    [
      "allOf composition ≡ flattened object",
      { allOf: [S("Base"), { type: "object", required: ["id"], properties: { id: { type: "integer" } } }] },
      { type: "object", required: ["name", "id"], properties: { name: { type: "string" }, id: { type: "integer" } } },
      { Base: { type: "object", required: ["name"], properties: { name: { type: "string" } } } },
    ],
  ];
  test.each(cases)("%s", (_name, a, b, components = {}) => {
    expect(diff(both(a, components), both(b, components))).toEqual([]);
    expect(diff(both(b, components), both(a, components))).toEqual([]);
  });

  test("a component renamed is no change", () => {
    const shape = { type: "object", required: ["id"], properties: { id: { type: "integer" } } };
    expect(diff(both(S("Listing"), { Listing: shape }), both(S("PropertyOut"), { PropertyOut: shape }))).toEqual([]);
  });
});

describe("cyclic schemas", () => {
  test("self, mutual and allOf cycles terminate and changes inside them are found", () => {
    const components = (extra: Record<string, unknown> = {}) => ({
      Client: { type: "object", required: ["id"], properties: { id: { type: "integer" }, referred_by: S("Client"), agent: S("Agent"), ...extra } },
      Agent: { type: "object", properties: { clients: { type: "array", items: S("Client") }, manager: { allOf: [S("Agent")] }, by_id: { type: "object", additionalProperties: S("Agent") } } },
    });
    expect(diff(both(S("Client"), components()), both(S("Client"), components()))).toEqual([]);
    const changes = diff(both(S("Client"), components()), both(S("Client"), components({ email: { type: "string" } })));
    expect(changes.map((change) => `${change.id} ${change.location}`).sort()).toEqual([
      "request-optional-property-added request body application/json: Client.email",
      "response-property-added 200 response application/json: Client.email",
    ]);
  });

  test("a spec with 400 mutually recursive components terminates, each change once per operation", () => {
    const components: Record<string, unknown> = {};
    const size = 400;
    for (let i = 0; i < size; i++) {
      components[`Node${i}`] = { type: "object", required: ["id"], properties: { id: { type: "integer" }, next: S(`Node${(i + 1) % size}`), first: S("Node0"), all: { type: "array", items: S(`Node${(i * 7) % size}`) } } };
    }
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) paths[`/nodes/${i}`] = { get: { responses: { "200": { description: "ok", content: { "application/json": { schema: S(`Node${(i * 13) % size}`) } } } } } };
    const base = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths, components: { schemas: components } };
    const head = structuredClone(base);
    delete (head.components.schemas.Node123 as { properties: Record<string, unknown> }).properties.id;
    (head.components.schemas.Node123 as { required: string[] }).required = [];
    const changes = diff(base, head);
    expect(changes).toHaveLength(50);
    expect(new Set(changes.map((change) => change.operation)).size).toBe(50);
    expect(changes.every((change) => change.id === "response-required-property-removed" && change.location.endsWith("Node123.id"))).toBe(true);
  });
});

describe("one entry per operation per schema change", () => {
  test("a component reached many times inside one response is reported once for that operation", () => {
    const money = (extra = {}) => ({ type: "object", required: ["amount"], properties: { amount: { type: "integer" }, ...extra } });
    const payment = { type: "object", properties: { amount: S("Money"), fee: S("Money"), refunds: { type: "array", items: S("Money") }, history: { type: "object", additionalProperties: S("Money") } } };
    const spec = (moneySchema: unknown) => ({
      ...exampleSpec({ response: S("Payment"), components: { schemas: { Payment: payment, Money: moneySchema } } }),
    });
    const changes = diff(spec(money()), spec(money({ currency: { type: "string" } })));
    expect(changes.map((change) => `${change.id} ${change.location}`)).toEqual(["response-property-added 200 response application/json: Money.currency"]);
  });
});

describe("oneOf alternatives", () => {
  test("an alternative inserted in the middle of allOf-composed alternatives is one added variant, nothing shifted", () => {
    const rule = (kind: string, parameter: string) => ({ type: "object", required: ["type"], properties: { type: { type: "string", enum: [kind] }, parameters: { type: "object", required: [parameter], properties: { [parameter]: { type: "string" } } } } });
    const components = {
      Info: { type: "object", properties: { ruleset_id: { type: "integer" } } },
      Workflows: rule("workflows", "workflows"),
      CodeScanning: rule("code_scanning", "tools"),
      FileSize: rule("max_file_size", "max_file_size"),
      Licence: rule("licence_scanning", "licences"),
    };
    const detailed = (names: string[]) => ({ oneOf: names.map((name) => ({ allOf: [S(name), S("Info")] })) });
    const base = exampleSpec({ response: { type: "array", items: detailed(["Workflows", "CodeScanning", "FileSize"]) }, components: { schemas: components } });
    const head = exampleSpec({ response: { type: "array", items: detailed(["Workflows", "Licence", "CodeScanning", "FileSize"]) }, components: { schemas: components } });
    expect(diff(base, head).map((change) => `${change.id} ${change.message}`)).toEqual(["response-variant-added the response value `body[]` may now be the alternative Licence+Info"]);
  });
});

describe("huge diffs", () => {
  test("the Markdown report of 3,000 removed endpoints stays under GitHub's limit and leads with the counts", () => {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) paths[`/listings/${i}/photos/{photoId}`] = { get: { responses: { "200": { description: "ok" } } } };
    const base = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths };
    const head = { openapi: "3.1.0", info: { title: "t", version: "1" }, paths: {} };
    const changes = diff(base, head);
    expect(changes).toHaveLength(3000);
    const result = buildResult({ baseShown: "base.json", headShown: "head.json", failOn: "breaking", outcome: { kept: changes, ignored: [], warnings: [] }, lines: new Map(), callSites: new Map(), consumersScanned: false, warnings: [] });
    const markdown = renderMarkdown(result, { color: false, toolVersion: "test", cwd: "/" });
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_MARKDOWN_LIMIT);
    expect(markdown).toContain("| breaking | 3000 |");
    expect(markdown).toContain("Report truncated");
    expect(result.json.breaking).toBe(3000);
  });
});
