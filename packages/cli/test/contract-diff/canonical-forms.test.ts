/**
 * Canonical forms and directions that are not one rule's example: integer formats
 * as bounds, empty oneOf/anyOf, parameters without null, server path prefixes
 * (OpenAPI 3 servers and Swagger 2.0 basePath), callbacks and webhooks read in
 * the API's direction, object const.
 */
import { describe, expect, test } from "vitest";
import { specFromObject } from "../../src/commands/contract-diff/load/spec.js";
import { diffSpecs } from "../../src/commands/contract-diff/diff/operations.js";
import { exampleSpec } from "../../src/commands/contract-diff/rules/examples.js";
import type { ExampleFragment } from "../../src/commands/contract-diff/model.js";

function diff(base: Record<string, unknown>, head: Record<string, unknown>) {
  return diffSpecs(specFromObject(structuredClone(base), "base.json"), specFromObject(structuredClone(head), "head.json"), new Date("2026-01-01"));
}
const ids = (base: ExampleFragment, head: ExampleFragment) => diff(exampleSpec(base), exampleSpec(head)).map((change) => change.id);
const body = (schema: unknown) => ({ type: "object", properties: { amount: schema }, required: ["amount"] });

describe("integer formats imply their bounds", () => {
  const int64 = { type: "integer", format: "int64" };
  // As spec files write it; JavaScript numbers round 2^63 − 1, which is why it is parsed from text here.
  const int64Bounds: unknown = JSON.parse('{"type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807}');
  const int32Bounds = { type: "integer", minimum: -2147483648, maximum: 2147483647 };
  test.each([
    ["int64 → explicit ±2^63 bounds (response)", { response: body(int64) }, { response: body(int64Bounds) }],
    ["explicit ±2^63 bounds → int64 (request)", { request: body(int64Bounds) }, { request: body(int64) }],
    ["int32 → explicit ±2^31 bounds (response)", { response: body({ type: "integer", format: "int32" }) }, { response: body(int32Bounds) }],
    ["int32 with a narrower explicit maximum keeps it", { request: body({ type: "integer", format: "int32", maximum: 100 }) }, { request: body({ type: "integer", maximum: 100, minimum: -2147483648 }) }],
  ])("%s: no change", (_title, base, head) => {
    expect(ids(base, head)).toEqual([]);
  });

  test("int64 → int32 in a request is a lower maximum and a higher minimum, not a format warning", () => {
    expect(ids({ request: body(int64) }, { request: body({ type: "integer", format: "int32" }) }).sort()).toEqual(["request-max-decreased", "request-min-increased"]);
  });

  test("a string with format int64 keeps its format", () => {
    expect(ids({ response: body({ type: "string", format: "int64" }) }, { response: body({ type: "string", format: "decimal" }) })).toEqual(["response-format-changed"]);
  });
});

describe("an empty oneOf/anyOf is read as absent", () => {
  const card = { type: "object", properties: { last4: { type: "string" } } };
  test.each([
    ["request", { request: body({ ...card, oneOf: [] }) }, { request: body(card) }],
    ["response", { response: body({ ...card, anyOf: [] }) }, { response: body(card) }],
  ])("%s: `oneOf: []` removed is no change", (_side, base, head) => {
    expect(ids(base, head)).toEqual([]);
  });

  test.each(["request", "response"] as const)("%s: a single shape that became a union names the shapes, never the schema as its own alternative", (side) => {
    const bank = { type: "object", properties: { iban: { type: "string" } }, required: ["iban"] };
    const direct = { type: "object", properties: { mandate: { type: "string" } }, required: ["mandate"] };
    const spec = (Card: unknown) => exampleSpec({ [side]: { $ref: "#/components/schemas/Card" }, components: { schemas: { Card, Bank: bank, Direct: direct } } });
    const changes = diff(spec({ ...card, oneOf: [] }), spec({ oneOf: [{ $ref: "#/components/schemas/Bank" }, { $ref: "#/components/schemas/Direct" }] }));
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) expect(change.message).not.toMatch(/alternative Card\b/);
    expect(changes.map((change) => change.message).join("\n")).toMatch(side === "request" ? /previous single shape/ : /alternative (Bank|Direct)/);
  });
});

describe("parameters outside bodies cannot carry null", () => {
  const query = (schema: unknown) => [{ name: "agent", in: "query", schema }];
  test.each([
    ["3.1 type array gains null", { type: "string" }, { type: ["string", "null"] }],
    ["pydantic anyOf null dropped", { anyOf: [{ type: "string" }, { type: "null" }] }, { type: "string" }],
    ["3.0 nullable dropped", { type: "string", nullable: true }, { type: "string" }],
  ])("query parameter, %s: no change", (_title, base, head) => {
    expect(ids({ parameters: query(base) }, { parameters: query(head) })).toEqual([]);
  });

  test("a parameter's type change is still reported", () => {
    expect(ids({ parameters: query({ anyOf: [{ type: "integer" }, { type: "null" }] }) }, { parameters: query({ type: "string" }) })).toEqual(["request-type-changed"]);
  });
});

describe("server path prefixes are joined onto paths", () => {
  const ok = { get: { responses: { "200": { description: "ok" } } } };
  const swagger = (basePath: string | undefined, paths: Record<string, unknown>) => ({ swagger: "2.0", info: { title: "t", version: "1" }, ...(basePath ? { basePath } : {}), paths });

  test("Swagger 2.0: /api/v2/status → basePath /api/v2/ + /status is the same operation", () => {
    expect(diff(swagger(undefined, { "/api/v2/status": ok }), swagger("/api/v2/", { "/status": ok }))).toEqual([]);
  });

  test("Swagger 2.0: basePath /api/v1 → /api/v2 is one prefix change, not every endpoint removed", () => {
    const changes = diff(swagger("/api/v1", { "/status": ok, "/alerts": ok }), swagger("/api/v2", { "/status": ok, "/alerts": ok }));
    expect(changes.map((change) => [change.id, change.operation])).toEqual([["path-prefix-changed", "every operation"]]);
    expect(changes[0]!.message).toContain("/api/v1 to /api/v2");
  });

  test("OpenAPI 3: a prefix moved from the paths into servers[].url, server variables filled", () => {
    const base = { openapi: "3.0.3", info: { title: "t", version: "1" }, servers: [{ url: "https://api.example.com" }], paths: { "/v1/properties": ok } };
    const head = { ...base, servers: [{ url: "https://{region}.example.com/{version}", variables: { region: { default: "eu" }, version: { default: "v1" } } }], paths: { "/properties": ok } };
    expect(diff(base, head)).toEqual([]);
  });

  test("one endpoint renamed is not a moved API", () => {
    const spec = (paths: string[]) => ({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: Object.fromEntries(paths.map((path) => [path, ok])) });
    expect(diff(spec(["/properties", "/viewings"]), spec(["/properties", "/appointments/viewings"])).map((change) => change.id).sort()).toEqual(["endpoint-added", "endpoint-removed"]);
  });

  test("a few endpoints leaving a prefix that others keep are endpoints removed, not a moved prefix", () => {
    const spec = (paths: string[]) => ({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths: Object.fromEntries(paths.map((path) => [path, ok])) });
    const stay = ["/organizations/{org}/settings", "/organizations/{org}/members"];
    const changes = diff(spec([...stay, "/organizations/{org}/access", "/organizations/{org}/access/default"]), spec([...stay, "/enterprises/{enterprise}/access", "/enterprises/{enterprise}/access/default"]));
    expect(changes.map((change) => change.id).sort()).toEqual(["endpoint-added", "endpoint-added", "endpoint-removed", "endpoint-removed"]);
  });

  test("Alertmanager-shaped: /api/v1 put in front of every path is one change", () => {
    const spec = (prefix: string) => swagger(undefined, { [`${prefix}/status`]: ok, [`${prefix}/receivers`]: ok, [`${prefix}/silences`]: ok });
    const changes = diff(spec(""), spec("/api/v1"));
    expect(changes.map((change) => [change.id, change.operation, change.message])).toEqual([["path-prefix-changed", "every operation", "moved 3 operations: the path prefix changed from / to /api/v1"]]);
  });

  test("an endpoint really removed under a moved prefix is still reported", () => {
    const base = { openapi: "3.0.3", info: { title: "t", version: "1" }, servers: [{ url: "/v1" }], paths: { "/properties": ok, "/viewings": ok } };
    const head = { ...base, servers: [{ url: "/v2" }], paths: { "/properties": ok } };
    expect(diff(base, head).map((change) => change.id).sort()).toEqual(["endpoint-removed", "path-prefix-changed"]);
  });
});

describe("callbacks and webhooks are read in the API's direction", () => {
  const payload = (required: string[]) => ({ type: "object", properties: { invoiceId: { type: "string" }, amount: { type: "integer" } }, required });
  const hook = (schema: unknown, reply: unknown = { type: "object" }) => ({
    post: { requestBody: { required: true, content: { "application/json": { schema } } }, responses: { "200": { description: "ok", content: { "application/json": { schema: reply } } } } },
  });
  const webhookSpec = (schema: unknown, reply?: unknown) => ({ ...exampleSpec({ paths: {} }), webhooks: { invoicePaid: hook(schema, reply) } });

  test("a field the API stops sending in a webhook payload breaks receivers", () => {
    const changes = diff(webhookSpec(payload(["invoiceId", "amount"])), webhookSpec(payload(["invoiceId"])));
    expect(changes.map((change) => [change.id, change.operation])).toEqual([["response-property-became-optional", "POST (webhook invoicePaid)"]]);
  });

  test("a field the API starts requiring in the receiver's reply breaks receivers", () => {
    const reply = (required: string[]) => ({ type: "object", properties: { accepted: { type: "boolean" } }, required });
    const changes = diff(webhookSpec(payload([]), reply([])), webhookSpec(payload([]), reply(["accepted"])));
    expect(changes.map((change) => change.id)).toEqual(["request-property-became-required"]);
  });

  test("a callback payload gaining a field is no break; losing one is", () => {
    const withCallback = (schema: unknown) => exampleSpec({ paths: { "/invoices": { post: { responses: { "201": { description: "created" } }, callbacks: { onPaid: { "{$request.body#/callbackUrl}": hook(schema) } } } } } });
    const smaller = { type: "object", properties: { invoiceId: { type: "string" } }, required: ["invoiceId"] };
    const bigger = { type: "object", properties: { invoiceId: { type: "string" }, amount: { type: "integer" } }, required: ["invoiceId", "amount"] };
    expect(diff(withCallback(smaller), withCallback(bigger)).map((change) => [change.id, change.level])).toEqual([["response-property-added", "info"]]);
    const removed = diff(withCallback(bigger), withCallback(smaller));
    expect(removed.map((change) => [change.id, change.operation])).toEqual([["response-required-property-removed", "POST (callback onPaid of POST /invoices)"]]);
  });
});

describe("object const", () => {
  const settings = (value: unknown) => ({ type: "object", const: value });
  test("an object const changed in a request is reported", () => {
    expect(ids({ request: body(settings({ mode: "strict", version: 1 })) }, { request: body(settings({ mode: "strict", version: 2 })) }).sort()).toEqual(["request-enum-value-added", "request-enum-value-removed"]);
  });
  test("key order is no change", () => {
    expect(ids({ response: body(settings({ mode: "strict", version: 1 })) }, { response: body(settings({ version: 1, mode: "strict" })) })).toEqual([]);
  });
});

describe("allOf members that both describe a property", () => {
  // Shaped like address APIs: a shared base declares `dataset: string`, each dataset's schema narrows it.
  const base = { type: "object", properties: { dataset: { type: "string" }, line_1: { type: "string" } }, required: ["dataset", "line_1"] };
  const dataset = (value: string) => ({ allOf: [{ $ref: "#/components/schemas/AddressBase" }, { type: "object", properties: { dataset: { type: "string", enum: [value] } } }] });
  const hits = (names: string[]) => ({ type: "array", items: { oneOf: names.map((name) => ({ $ref: `#/components/schemas/${name}` })) } });
  const components = { schemas: { AddressBase: base, PafAddress: dataset("paf"), MrAddress: dataset("mr"), AbpAddress: dataset("abp") } };

  test("a new response alternative with another dataset value does not 'fit' an existing one", () => {
    const changes = diff(exampleSpec({ response: hits(["PafAddress", "MrAddress"]), components }), exampleSpec({ response: hits(["PafAddress", "MrAddress", "AbpAddress"]), components }));
    expect(changes.map((change) => [change.id, change.level])).toEqual([["response-variant-added", "breaking"]]);
  });
});

describe("an alternative covered by a wider one except for a warning", () => {
  // Rated as the change from it to the wider one would be on its own: the warning, never a whole alternative gone.
  const event = { type: "object", properties: { event: { type: "string" }, id: { type: "string" } }, required: ["event", "id"] };
  const issueEvent = { type: "object", properties: { ...event.properties, issue_type: { type: "string" } }, required: ["event", "id", "issue_type"] };
  const levels = (base: ExampleFragment, head: ExampleFragment) => diff(exampleSpec(base), exampleSpec(head)).map((change) => `${change.level} ${change.id} ${change.location}`);
  test("a request alternative dropped: the undeclared property is the warning", () => {
    expect(levels({ request: { oneOf: [event, issueEvent] } }, { request: { oneOf: [event] } })).toEqual([
      "info request-variant-removed-within-existing request body application/json: body",
      "warning request-property-removed request body application/json: body.issue_type",
    ]);
  });
  test("a response alternative added: the same change read from the other side", () => {
    expect(levels({ response: { oneOf: [event] } }, { response: { oneOf: [event, issueEvent] } })).toEqual([
      "info response-variant-added-within-existing 200 response application/json: body",
    ]);
  });
  test("a breaking difference still makes it a new alternative", () => {
    const closed = { ...issueEvent, properties: { ...issueEvent.properties, id: { type: "integer" } } };
    expect(levels({ request: { oneOf: [event, closed] } }, { request: { oneOf: [event] } })).toContain("breaking request-variant-removed request body application/json: body");
  });
});
