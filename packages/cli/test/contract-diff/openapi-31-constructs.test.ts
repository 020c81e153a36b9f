/**
 * OpenAPI 3.1 / JSON Schema 2020-12 constructs beyond one rule's example: tuples written
 * with `prefixItems`, `unevaluated*`, `$defs` refs and keywords beside a `$ref`; webhook
 * and callback parameters; operation- and path-level `servers`.
 */
import { describe, expect, test } from "vitest";
import { specFromObject } from "../../src/commands/contract-diff/load/spec.js";
import { diffSpecs } from "../../src/commands/contract-diff/diff/operations.js";
import { exampleSpec } from "../../src/commands/contract-diff/rules/examples.js";
import type { ExampleFragment } from "../../src/commands/contract-diff/model.js";

function diff(base: Record<string, unknown>, head: Record<string, unknown>) {
  return diffSpecs(specFromObject(structuredClone(base), "base.json"), specFromObject(structuredClone(head), "head.json"), new Date("2026-01-01"));
}
const changes = (base: ExampleFragment, head: ExampleFragment) => diff(exampleSpec(base), exampleSpec(head));
const ids = (base: ExampleFragment, head: ExampleFragment) => changes(base, head).map((change) => change.id).sort();
const body = (schema: unknown) => ({ type: "object", properties: { pin: schema }, required: ["pin"] });

describe("tuples (prefixItems, items as the rest)", () => {
  const lonLat = { type: "array", prefixItems: [{ type: "number" }, { type: "number" }] };
  test("a position narrowed in a request is reported at that position", () => {
    const narrowed = { type: "array", prefixItems: [{ type: "number" }, { type: "number", maximum: 90 }] };
    const found = changes({ request: body(lonLat) }, { request: body(narrowed) });
    expect(found.map((change) => [change.id, change.location])).toEqual([["request-max-decreased", "request body application/json: body.pin[1]"]]);
  });
  test("an items schema rewritten as the same per-position schemas plus the same rest is no change", () => {
    const numbers = { type: "array", items: { type: "number" } };
    expect(ids({ response: body(numbers) }, { response: body({ ...lonLat, items: { type: "number" } }) })).toEqual([]);
  });
  test("a rest item schema narrowed still compares against old positions past the prefix", () => {
    const base = { ...lonLat, items: { type: "number" } };
    const head = { ...lonLat, items: { type: "integer" } };
    expect(ids({ request: body(base) }, { request: body(head) })).toEqual(["request-type-changed"]);
  });
  test("a first item singled out (prefixItems: [Root], items: Entry) is compared against the old item schema at position 0", () => {
    const entry = { type: "object", properties: { kind: { type: "string" }, path: { type: "string" } } };
    const root = { ...entry, properties: { ...entry.properties, kind: { type: "string", const: "root" } }, required: ["kind"] };
    const found = changes({ request: body({ type: "array", minItems: 1, items: entry }) }, { request: body({ type: "array", minItems: 1, prefixItems: [root], items: entry }) });
    expect(found.map((change) => [change.id, change.location]).sort()).toEqual([
      ["request-enum-constraint-added", "request body application/json: body.pin[0].kind"],
      ["request-property-became-required", "request body application/json: body.pin[0].kind"],
    ]);
  });
  test("items: false ≡ maxItems n ≡ unevaluatedItems: false (no change between spellings)", () => {
    const closed = { ...lonLat, items: false };
    expect(ids({ request: body(closed) }, { request: body({ ...lonLat, maxItems: 2 }) })).toEqual([]);
    expect(ids({ request: body(closed) }, { request: body({ ...lonLat, unevaluatedItems: false }) })).toEqual([]);
  });
});

describe("unevaluatedProperties", () => {
  const named = { type: "object", properties: { name: { type: "string" } } };
  const withAgent = { type: "object", properties: { agent: { type: "string" } } };
  test("over an allOf it closes the merged object: a property of any member is still accepted", () => {
    const base = { allOf: [named, withAgent] };
    const head = { allOf: [named, withAgent], unevaluatedProperties: false };
    expect(ids({ request: base }, { request: head })).toEqual(["request-additional-properties-restricted"]);
  });
  test("beside a oneOf it closes every alternative", () => {
    const alternatives = { oneOf: [{ ...named, required: ["name"] }, { ...withAgent, required: ["agent"] }] };
    expect(ids({ request: alternatives }, { request: { ...alternatives, unevaluatedProperties: false } })).toEqual(["request-additional-properties-restricted"]);
    expect(ids({ response: alternatives }, { response: { ...alternatives, unevaluatedProperties: false } })).toEqual([]);
  });
  test("an unevaluatedProperties value schema is the additionalProperties value schema", () => {
    const map = (key: string) => ({ type: "object", [key]: { type: "string" } });
    expect(ids({ request: body(map("additionalProperties")) }, { request: body(map("unevaluatedProperties")) })).toEqual([]);
    expect(ids({ request: body({ type: "object" }) }, { request: body(map("unevaluatedProperties")) })).toEqual(["request-additional-properties-constrained"]);
  });
});

describe("$ref in OpenAPI 3.1", () => {
  const order = (lineQuantity: Record<string, unknown>) => ({
    type: "object",
    properties: { lines: { type: "array", items: { $ref: "#/components/schemas/Order/$defs/Line" } } },
    $defs: { Line: { type: "object", properties: { quantity: { type: "integer", ...lineQuantity } }, required: ["quantity"] } },
  });
  test("a change inside a schema's $defs is found through the ref and named after the definition", () => {
    const spec = (quantity: Record<string, unknown>): ExampleFragment => ({ request: { $ref: "#/components/schemas/Order" }, components: { schemas: { Order: order(quantity) } } });
    const found = changes(spec({}), spec({ maximum: 99 }));
    expect(found.map((change) => [change.id, change.location])).toEqual([["request-max-decreased", "request body application/json: Line.quantity"]]);
  });
  test("keywords beside a $ref constrain in 3.1 (named after the component the plain base referenced)", () => {
    const spec = (extra: Record<string, unknown>): ExampleFragment => ({
      request: { type: "object", properties: { price: { $ref: "#/components/schemas/Price", ...extra } } },
      components: { schemas: { Price: { type: "integer", minimum: 0 } } },
    });
    const found = changes(spec({ description: "asking price" }), spec({ description: "asking price", maximum: 10000000 }));
    expect(found.map((change) => [change.id, change.location])).toEqual([["request-max-decreased", "request body application/json: Price"]]);
    // Both sides narrowed differently: neither is the component itself, so the property is named.
    const both = changes(spec({ maximum: 20000000 }), spec({ maximum: 10000000 }));
    expect(both.map((change) => [change.id, change.location])).toEqual([["request-max-decreased", "request body application/json: body.price"]]);
    expect(ids(spec({}), spec({ description: "annotations beside a ref change nothing", examples: [250000] }))).toEqual([]);
  });
  test("in 3.0 keywords beside a $ref are ignored, as that version says", () => {
    const spec = (extra: Record<string, unknown>) => {
      const document = exampleSpec({ request: { type: "object", properties: { price: { $ref: "#/components/schemas/Price", ...extra } } }, components: { schemas: { Price: { type: "integer" } } } });
      document.openapi = "3.0.3";
      return document;
    };
    expect(diff(spec({}), spec({ maximum: 10 })).map((change) => change.id)).toEqual([]);
  });
});

describe("parameters the API sends with webhooks and callbacks", () => {
  const webhook = (parameters: unknown[]): ExampleFragment => ({
    paths: {},
    webhooks: { push: { post: { parameters, requestBody: { content: { "application/json": { schema: { type: "object" } } } }, responses: { "200": { description: "ok" } } } } },
  });
  const event = (values: string[], extra: Record<string, unknown> = {}) => ({ name: "X-Event", in: "header", required: true, schema: { type: "string", enum: values }, ...extra });
  test("a value added to a sent header's enum breaks receivers switching on it (response direction)", () => {
    const found = changes(webhook([event(["push"])]), webhook([event(["push", "ping"])]));
    expect(found.map((change) => [change.id, change.operation, change.location])).toEqual([["response-enum-value-added", "POST (webhook push)", "header parameter X-Event the API sends: X-Event"]]);
  });
  test("a value removed from it breaks nobody", () => {
    expect(changes(webhook([event(["push", "ping"])]), webhook([event(["push"])])).map((change) => change.level)).toEqual(["info"]);
  });
  test("path-item-level parameters of a webhook count too", () => {
    const base: ExampleFragment = { paths: {}, webhooks: { push: { parameters: [event(["push"])], post: { responses: { "200": { description: "ok" } } } } } };
    const head: ExampleFragment = { paths: {}, webhooks: { push: { post: { responses: { "200": { description: "ok" } } } } } };
    expect(ids(base, head)).toEqual(["response-sent-required-parameter-removed"]);
  });
  test("a callback's $ref'd header (an API key the API sends back) made optional breaks receivers checking it", () => {
    const apiKey = (required: boolean) => ({ name: "x-api-key", in: "header", required, schema: { type: "string" } });
    const spec = (required: boolean): ExampleFragment => ({
      paths: {
        "/payments": {
          post: {
            responses: { "201": { description: "accepted" } },
            callbacks: { paymentStatus: { "{$request.body#/callbackUrl}": { post: { parameters: [{ $ref: "#/components/parameters/x-api-key" }], responses: { "200": { description: "ok" } } } } } },
          },
        },
      },
      components: { parameters: { "x-api-key": apiKey(required) } },
    });
    const found = changes(spec(true), spec(false));
    expect(found.map((change) => [change.id, change.operation])).toEqual([["response-sent-parameter-became-optional", "POST (callback paymentStatus of POST /payments)"]]);
  });
  test("request-side parameter rules never fire on a webhook", () => {
    const found = ids(webhook([]), webhook([event(["push"])]));
    expect(found).toEqual(["response-sent-parameter-added"]);
  });
});

describe("operation- and path-level servers", () => {
  const get = { responses: { "200": { description: "ok" } } };
  const doc = (paths: Record<string, unknown>): ExampleFragment => ({ servers: [{ url: "https://api.example.com/v1" }], paths });
  test("the document's prefix moving leaves an operation with its own servers where it was", () => {
    const paths = { "/properties": { get }, "/viewings": { get }, "/uploads": { post: { ...get, servers: [{ url: "https://files.example.com/upload" }] } } };
    const base = doc(paths);
    const head: ExampleFragment = { ...doc(paths), servers: [{ url: "https://api.example.com/v2" }] };
    const found = changes(base, head);
    expect(found.map((change) => [change.id, change.operation])).toEqual([["path-prefix-changed", "operations under /v1"]]);
  });
  test("an override written out with the document's own URL is no change", () => {
    expect(ids(doc({ "/properties": { get } }), doc({ "/properties": { get: { ...get, servers: [{ url: "https://api.example.com/v1/" }] } } }))).toEqual([]);
  });
  test("an override moved to a new path and the operation changed in the same release: both reported", () => {
    const base = doc({ "/uploads": { post: { ...get, servers: [{ url: "https://files.example.com/v1" }] } } });
    const head = doc({ "/uploads": { post: { ...get, deprecated: true, servers: [{ url: "https://files.example.com/v2" }] } } });
    expect(ids(base, head)).toEqual(["endpoint-deprecated", "operation-server-path-changed"]);
  });
});
