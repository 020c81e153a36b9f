/** Paths & operations: endpoints that appear, disappear or change identity. */
import type { ContractRule } from "../model.js";

const getOperation = { responses: { "200": { description: "ok" } } };
const propertiesPath = { get: getOperation };
const viewingsPath = { get: getOperation };

export const pathRules: ContractRule[] = [
  {
    id: "endpoint-removed",
    description: "An operation that existed in the base is gone from the head, without being deprecated first.",
    level: "breaking",
    direction: "both",
    area: "paths",
    message: "removed the operation {operation} without deprecating it first",
    docs: "Every client still calling it gets a 404 or 405. Mark it `deprecated: true` (ideally with an `x-sunset` date) in one release, remove it in a later one.",
    mirror: "endpoint-added",
    fires: [{ title: "GET /viewings removed", base: { paths: { "/properties": propertiesPath, "/viewings": viewingsPath } }, head: { paths: { "/properties": propertiesPath } } }],
    quiet: [
      { title: "the path parameter renamed is the same operation", base: { paths: { "/viewings/{id}": viewingsPath } }, head: { paths: { "/viewings/{viewingId}": viewingsPath } } },
      { title: "a deprecated operation removed is not this rule", base: { paths: { "/viewings": { get: { ...getOperation, deprecated: true } } } }, head: { paths: {} } },
    ],
  },
  {
    id: "endpoint-removed-before-sunset",
    description: "A deprecated operation was removed before the `x-sunset` date it announced.",
    level: "breaking",
    direction: "both",
    area: "paths",
    message: "removed the deprecated operation {operation} before its announced sunset date {sunset}",
    docs: "Clients were promised the operation until its sunset date. Keep it until then, or move the date and tell consumers.",
    mirror: "endpoint-added",
    fires: [{ title: "sunset in 2999", base: { paths: { "/viewings": { get: { ...getOperation, deprecated: true, "x-sunset": "2999-01-01" } } } }, head: { paths: {} } }],
    quiet: [{ title: "sunset passed", base: { paths: { "/viewings": { get: { ...getOperation, deprecated: true, "x-sunset": "2001-01-01" } } } }, head: { paths: {} } }],
  },
  {
    id: "deprecated-endpoint-removed",
    description: "A deprecated operation (with no sunset date, or one that has passed) was removed.",
    level: "warning",
    direction: "both",
    area: "paths",
    message: "removed the deprecated operation {operation}",
    docs: "This is the planned end of a deprecation, but clients that never migrated will fail; `--consumers` lists the call sites still using it.",
    mirror: "endpoint-added",
    fires: [{ title: "deprecated GET /viewings removed", base: { paths: { "/viewings": { get: { ...getOperation, deprecated: true } } } }, head: { paths: {} } }],
    quiet: [{ title: "a non-deprecated removal is endpoint-removed", base: { paths: { "/viewings": viewingsPath } }, head: { paths: {} } }],
  },
  {
    id: "endpoint-added",
    description: "A new operation appeared.",
    level: "info",
    direction: "both",
    area: "paths",
    message: "added the operation {operation}",
    docs: "New endpoints break nobody.",
    mirror: "endpoint-removed",
    fires: [{ title: "GET /viewings added", base: { paths: { "/properties": propertiesPath } }, head: { paths: { "/properties": propertiesPath, "/viewings": viewingsPath } } }],
    quiet: [{ title: "only a path parameter renamed", base: { paths: { "/viewings/{id}": viewingsPath } }, head: { paths: { "/viewings/{viewingId}": viewingsPath } } }],
  },
  {
    id: "operation-id-changed",
    description: "The operationId changed, which renames the method in generated clients.",
    level: "warning",
    direction: "both",
    area: "paths",
    message: "changed the operationId from `{from}` to `{to}`",
    docs: "The wire format is unchanged, but SDKs generated from the spec (openapi-generator, orval, openapi-typescript-codegen) rename the method and their callers stop compiling.",
    waiver: "A rename is its own mirror: there is no opposite change.",
    fires: [{ title: "listProperties → getProperties", base: { operation: { operationId: "listProperties" } }, head: { operation: { operationId: "getProperties" } } }],
    quiet: [{ title: "operationId added where there was none", base: {}, head: { operation: { operationId: "getProperties" } } }],
  },
  {
    id: "path-parameter-renamed",
    description: "A path parameter was renamed; the URL clients call is the same.",
    level: "info",
    direction: "request",
    area: "paths",
    message: "renamed the path parameter `{from}` to `{to}`",
    docs: "Harmless on the wire (the operation is matched by path shape), listed so reviewers see it.",
    waiver: "A rename is its own mirror: there is no opposite change.",
    fires: [{ title: "{id} → {viewingId}", base: { paths: { "/viewings/{id}": viewingsPath } }, head: { paths: { "/viewings/{viewingId}": viewingsPath } } }],
    quiet: [{ title: "same name", base: { paths: { "/viewings/{id}": viewingsPath } }, head: { paths: { "/viewings/{id}": { get: { ...getOperation, summary: "Get a viewing" } } } } }],
  },
];

export const deprecationRules: ContractRule[] = [
  {
    id: "endpoint-deprecated",
    description: "An operation was marked deprecated.",
    level: "info",
    direction: "both",
    area: "deprecation",
    message: "deprecated the operation {operation}{sunsetNote}",
    docs: "The first step of a safe removal. Add `x-sunset: YYYY-MM-DD` so `endpoint-removed-before-sunset` can hold the date.",
    mirror: "endpoint-reactivated",
    fires: [{ title: "deprecated: true added", base: {}, head: { operation: { deprecated: true } } }],
    quiet: [{ title: "already deprecated", base: { operation: { deprecated: true } }, head: { operation: { deprecated: true } } }],
  },
  {
    id: "endpoint-reactivated",
    description: "A deprecated operation is no longer deprecated.",
    level: "info",
    direction: "both",
    area: "deprecation",
    message: "the operation {operation} is no longer deprecated",
    docs: "Clients may keep using it.",
    mirror: "endpoint-deprecated",
    fires: [{ title: "deprecated: true removed", base: { operation: { deprecated: true } }, head: {} }],
    quiet: [{ title: "never deprecated", base: {}, head: {} }],
  },
];

const paid = { type: "object", properties: { invoiceId: { type: "string" }, amount: { type: "integer" } }, required: ["invoiceId", "amount"] };
const paidWithoutAmount = { type: "object", properties: { invoiceId: { type: "string" } }, required: ["invoiceId"] };
const event = (schema: unknown) => ({ post: { requestBody: { required: true, content: { "application/json": { schema } } }, responses: { "200": { description: "received" } } } });
const invoices = (callbacks?: Record<string, unknown>) => ({ "/invoices": { post: { responses: { "201": { description: "created" } }, ...(callbacks ? { callbacks } : {}) } } });
const onPaid = (schema: unknown) => ({ onPaid: { "{$request.body#/callbackUrl}": event(schema) } });

/** Where operations live: the server path prefix, webhooks and callbacks (requests the API sends). */
export const urlRules: ContractRule[] = [
  {
    id: "path-prefix-changed",
    description: "The prefix of many operations' URLs changed — in the paths, in the path every server URL shares, or in Swagger 2.0 `basePath`.",
    level: "breaking",
    direction: "both",
    area: "paths",
    message: "moved {count}: the path prefix changed from {from} to {to}",
    docs: "Clients calling the old URLs get 404s. The server URL's path (`servers[].url`, when all servers share it, or `basePath`) is joined onto the paths first; operations whose URLs differ only by one prefix are compared as the same operations, so this is reported once instead of as every endpoint removed and added. Moving the prefix between the server URL and the paths without changing the URLs is no change.",
    waiver: "Its own mirror: a prefix change in either direction moves every URL.",
    fires: [
      {
        title: "servers /v1 → /v2",
        base: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath } },
        head: { servers: [{ url: "https://api.example.com/v2" }], paths: { "/properties": propertiesPath } },
      },
      {
        title: "/api/v1 added in front of every path",
        base: { paths: { "/properties": propertiesPath, "/viewings": viewingsPath } },
        head: { paths: { "/api/v1/properties": propertiesPath, "/api/v1/viewings": viewingsPath } },
      },
    ],
    quiet: [
      {
        title: "prefix moved from the paths into the server URL (same URLs)",
        base: { servers: [{ url: "https://api.example.com" }], paths: { "/api/v2/properties": propertiesPath } },
        head: { servers: [{ url: "https://api.example.com/api/v2/" }], paths: { "/properties": propertiesPath } },
      },
      {
        title: "a v2 of an endpoint added beside the old ones is no move",
        base: { paths: { "/properties": propertiesPath, "/viewings": viewingsPath } },
        head: { paths: { "/properties": propertiesPath, "/viewings": viewingsPath, "/v2/viewings": viewingsPath } },
      },
      {
        title: "servers that disagree on the path have no common prefix",
        base: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath } },
        head: { servers: [{ url: "https://api.example.com/v1" }, { url: "https://sandbox.example.com/beta" }], paths: { "/properties": propertiesPath } },
      },
    ],
  },
  {
    id: "operation-server-path-changed",
    description: "An operation's own `servers` (on the operation or its path item) now give it another URL path prefix.",
    level: "breaking",
    direction: "both",
    area: "paths",
    message: "moved {operation}: its servers' path changed from {from} to {to}",
    docs: "Operation- and path-level `servers` replace the document's for that operation, so their path is part of its URL, joined onto the path as the document's is. Clients calling the old URL get 404s. Moving the override between the operation, its path item and the document without changing the URL is no change; so is a changed host.",
    waiver: "Its own mirror: a prefix change in either direction moves the URL.",
    fires: [
      {
        title: "an upload operation's server …/files/v1 → …/files/v2",
        base: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath, "/uploads": { post: { ...getOperation, servers: [{ url: "https://files.example.com/files/v1" }] } } } },
        head: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath, "/uploads": { post: { ...getOperation, servers: [{ url: "https://files.example.com/files/v2" }] } } } },
      },
      {
        title: "a path item's servers added with another path than the document's",
        base: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath, "/viewings": viewingsPath } },
        head: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath, "/viewings": { ...viewingsPath, servers: [{ url: "https://api.example.com/v2" }] } } },
      },
    ],
    quiet: [
      {
        title: "the override moved from the operation to its path item (same URL)",
        base: { paths: { "/properties": propertiesPath, "/uploads": { post: { ...getOperation, servers: [{ url: "https://files.example.com/v1" }] } } } },
        head: { paths: { "/properties": propertiesPath, "/uploads": { servers: [{ url: "https://files.example.com/v1" }], post: getOperation } } },
      },
      {
        title: "an override with the document's path added",
        base: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath, "/viewings": viewingsPath } },
        head: { servers: [{ url: "https://api.example.com/v1" }], paths: { "/properties": propertiesPath, "/viewings": { ...viewingsPath, servers: [{ url: "https://eu.api.example.com/v1/" }] } } },
      },
      {
        title: "only the host changed",
        base: { paths: { "/uploads": { post: { ...getOperation, servers: [{ url: "https://files.example.com/v1" }] } } } },
        head: { paths: { "/uploads": { post: { ...getOperation, servers: [{ url: "https://uploads.example.com/v1" }] } } } },
      },
      {
        title: "override servers that disagree on the path have no common prefix",
        base: { paths: { "/uploads": { post: { ...getOperation, servers: [{ url: "https://files.example.com/v1" }] } } } },
        head: { paths: { "/uploads": { post: { ...getOperation, servers: [{ url: "https://files.example.com/v1" }, { url: "https://sandbox.example.com/beta" }] } } } },
      },
    ],
  },
  {
    id: "webhook-removed",
    description: "A webhook (an event the API sends to subscribers) is gone.",
    level: "breaking",
    direction: "both",
    area: "paths",
    message: "removed the webhook {operation}",
    docs: "Subscribers stop receiving the event and nothing tells them. Deprecate it first.",
    mirror: "webhook-added",
    fires: [{ title: "invoicePaid removed", base: { paths: {}, webhooks: { invoicePaid: event(paid) } }, head: { paths: {} } }],
    quiet: [{ title: "invoicePaid added", base: { paths: {} }, head: { paths: {}, webhooks: { invoicePaid: event(paid) } } }],
  },
  {
    id: "webhook-added",
    description: "A new webhook.",
    level: "info",
    direction: "both",
    area: "paths",
    message: "added the webhook {operation}",
    docs: "Subscribers opt in; nothing breaks.",
    mirror: "webhook-removed",
    fires: [{ title: "invoicePaid added", base: { paths: {} }, head: { paths: {}, webhooks: { invoicePaid: event(paid) } } }],
    quiet: [{ title: "unchanged", base: { paths: {}, webhooks: { invoicePaid: event(paid) } }, head: { paths: {}, webhooks: { invoicePaid: event(paid) } } }],
  },
  {
    id: "callback-removed",
    description: "A callback (a request the API sends back to a URL the client gave) is gone.",
    level: "breaking",
    direction: "both",
    area: "paths",
    message: "removed the callback {operation}",
    docs: "Clients waiting for the callback never get it.",
    mirror: "callback-added",
    fires: [{ title: "onPaid removed", base: { paths: invoices(onPaid(paid)) }, head: { paths: invoices() } }],
    quiet: [
      { title: "onPaid added", base: { paths: invoices() }, head: { paths: invoices(onPaid(paid)) } },
      { title: "a payload field added is a schema change, not a removal", base: { paths: invoices(onPaid(paidWithoutAmount)) }, head: { paths: invoices(onPaid(paid)) } },
    ],
  },
  {
    id: "callback-added",
    description: "A new callback.",
    level: "info",
    direction: "both",
    area: "paths",
    message: "added the callback {operation}",
    docs: "Clients that do not listen for it are unaffected.",
    mirror: "callback-removed",
    fires: [{ title: "onPaid added", base: { paths: invoices() }, head: { paths: invoices(onPaid(paid)) } }],
    quiet: [{ title: "unchanged", base: { paths: invoices(onPaid(paid)) }, head: { paths: invoices(onPaid(paid)) } }],
  },
];
