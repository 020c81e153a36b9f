/** Parameters (path, query, header, cookie): what a client must or may send in the URL and headers. */
import type { ContractRule } from "../model.js";
import { query } from "./_fragments.js";

export const parameterRules: ContractRule[] = [
  {
    id: "request-parameter-removed",
    description: "A parameter the base accepted is no longer declared.",
    level: "warning",
    direction: "request",
    area: "parameters",
    message: "removed the {in} parameter `{name}`",
    docs: "Clients still send it; the server now ignores it (or rejects unknown parameters). Behaviour the client relied on silently changes.",
    mirror: "request-parameter-added",
    fires: [{ title: "?status removed", base: { parameters: [query("status")] }, head: {} }],
    quiet: [
      { title: "?status moved from optional to optional with a description", base: { parameters: [query("status")] }, head: { parameters: [query("status", { description: "Filter" })] } },
      {
        title: "a path parameter's declaration dropped while the path keeps its {segment}",
        base: { paths: { "/offices/{officeId}": { get: { parameters: [{ name: "officeId", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "ok" } } } } } },
        head: { paths: { "/offices/{officeId}": { get: { responses: { "200": { description: "ok" } } } } } },
      },
    ],
  },
  {
    id: "request-parameter-added",
    description: "A new optional parameter.",
    level: "info",
    direction: "request",
    area: "parameters",
    message: "added the optional {in} parameter `{name}`",
    docs: "Existing calls stay valid.",
    mirror: "request-parameter-removed",
    fires: [{ title: "?status added", base: {}, head: { parameters: [query("status")] } }],
    quiet: [{ title: "a required parameter is request-parameter-added-required", base: {}, head: { parameters: [query("status", { required: true })] } }],
  },
  {
    id: "request-parameter-added-required",
    description: "A new required parameter: existing calls lack it.",
    level: "breaking",
    direction: "request",
    area: "parameters",
    message: "added the required {in} parameter `{name}`",
    docs: "Every existing call omits it and gets a 4xx. Make it optional with a server-side default.",
    mirror: "request-parameter-removed",
    fires: [{ title: "required ?agency added", base: {}, head: { parameters: [query("agency", { required: true })] } }],
    quiet: [
      { title: "optional ?agency added", base: {}, head: { parameters: [query("agency")] } },
      {
        title: "a path parameter declared for a {segment} the path already had",
        base: { paths: { "/offices/{officeId}": { get: { responses: { "200": { description: "ok" } } } } } },
        head: { paths: { "/offices/{officeId}": { get: { parameters: [{ name: "officeId", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "ok" } } } } } },
      },
    ],
  },
  {
    id: "request-parameter-became-required",
    description: "An optional parameter became required.",
    level: "breaking",
    direction: "request",
    area: "parameters",
    message: "the {in} parameter `{name}` became required",
    docs: "Calls that left it out now fail.",
    mirror: "request-parameter-became-optional",
    fires: [{ title: "?status required", base: { parameters: [query("status")] }, head: { parameters: [query("status", { required: true })] } }],
    quiet: [{ title: "?status stays optional", base: { parameters: [query("status")] }, head: { parameters: [query("status", { required: false })] } }],
  },
  {
    id: "request-parameter-became-optional",
    description: "A required parameter became optional.",
    level: "info",
    direction: "request",
    area: "parameters",
    message: "the {in} parameter `{name}` became optional",
    docs: "Existing calls still send it; nothing breaks.",
    mirror: "request-parameter-became-required",
    fires: [{ title: "?status optional", base: { parameters: [query("status", { required: true })] }, head: { parameters: [query("status")] } }],
    quiet: [{ title: "still required", base: { parameters: [query("status", { required: true })] }, head: { parameters: [query("status", { required: true })] } }],
  },
];

/** A header the API sends with a webhook or callback request (an event name, a delivery id). */
const sentHeader = (name: string, extra: Record<string, unknown> = {}) => ({ name, in: "header", required: true, schema: { type: "string" }, ...extra });
const delivered = (parameters: unknown[]) => ({
  paths: {},
  webhooks: { invoicePaid: { post: { parameters, requestBody: { content: { "application/json": { schema: { type: "object" } } } }, responses: { "200": { description: "received" } } } } },
});
const callbackWith = (parameters: unknown[]) => ({
  paths: {
    "/invoices": {
      post: {
        responses: { "201": { description: "created" } },
        callbacks: { onPaid: { "{$request.body#/callbackUrl}": { post: { parameters, responses: { "200": { description: "received" } } } } } },
      },
    },
  },
});

/**
 * Parameters of webhooks and callbacks: the API sends them, the subscriber reads them, so
 * they are judged as a response (the `response-` prefix), as their request bodies are.
 */
export const sentParameterRules: ContractRule[] = [
  {
    id: "response-sent-required-parameter-removed",
    description: "A required parameter the API sent with a webhook or callback request is gone.",
    level: "breaking",
    direction: "response",
    area: "parameters",
    message: "{operation} no longer sends the required {in} parameter `{name}`",
    docs: "Receivers reading it (an event-type header to route on, a delivery id to deduplicate, a signature to verify) no longer get it.",
    mirror: "response-sent-parameter-added",
    fires: [
      { title: "X-Delivery-Id header dropped from a webhook", base: delivered([sentHeader("X-Event"), sentHeader("X-Delivery-Id")]), head: delivered([sentHeader("X-Event")]) },
      { title: "header dropped from a callback", base: callbackWith([sentHeader("X-Signature")]), head: callbackWith([]) },
    ],
    quiet: [
      { title: "header added", base: delivered([sentHeader("X-Event")]), head: delivered([sentHeader("X-Event"), sentHeader("X-Delivery-Id")]) },
      { title: "header name case changed", base: delivered([sentHeader("X-Event")]), head: delivered([sentHeader("x-event")]) },
    ],
  },
  {
    id: "response-sent-optional-parameter-removed",
    description: "An optional parameter the API sent with a webhook or callback request is gone.",
    level: "warning",
    direction: "response",
    area: "parameters",
    message: "{operation} no longer sends the optional {in} parameter `{name}`",
    docs: "Receivers that use it when present never see it again.",
    mirror: "response-sent-parameter-added",
    fires: [{ title: "optional X-Retry header dropped", base: delivered([sentHeader("X-Event"), sentHeader("X-Retry", { required: false })]), head: delivered([sentHeader("X-Event")]) }],
    quiet: [{ title: "a required one removed is the breaking rule", base: delivered([sentHeader("X-Event")]), head: delivered([]) }],
  },
  {
    id: "response-sent-parameter-added",
    description: "The API sends a new parameter with a webhook or callback request.",
    level: "info",
    direction: "response",
    area: "parameters",
    message: "{operation} now sends the {in} parameter `{name}`",
    docs: "Receivers ignore what they do not read.",
    mirror: "response-sent-required-parameter-removed",
    fires: [{ title: "X-Delivery-Id added", base: delivered([sentHeader("X-Event")]), head: delivered([sentHeader("X-Event"), sentHeader("X-Delivery-Id")]) }],
    quiet: [{ title: "unchanged", base: delivered([sentHeader("X-Event")]), head: delivered([sentHeader("X-Event")]) }],
  },
  {
    id: "response-sent-parameter-became-optional",
    description: "A parameter the API always sent with a webhook or callback request is now optional.",
    level: "breaking",
    direction: "response",
    area: "parameters",
    message: "{operation} may now omit the {in} parameter `{name}`",
    docs: "Receivers that read it on every delivery must now handle its absence.",
    mirror: "response-sent-parameter-became-required",
    fires: [{ title: "X-Event no longer always sent", base: delivered([sentHeader("X-Event")]), head: delivered([sentHeader("X-Event", { required: false })]) }],
    quiet: [{ title: "now always sent", base: delivered([sentHeader("X-Event", { required: false })]), head: delivered([sentHeader("X-Event")]) }],
  },
  {
    id: "response-sent-parameter-became-required",
    description: "A parameter the API sometimes sent with a webhook or callback request is now always sent.",
    level: "info",
    direction: "response",
    area: "parameters",
    message: "{operation} now always sends the {in} parameter `{name}`",
    docs: "A stronger guarantee.",
    mirror: "response-sent-parameter-became-optional",
    fires: [{ title: "X-Event now always sent", base: delivered([sentHeader("X-Event", { required: false })]), head: delivered([sentHeader("X-Event")]) }],
    quiet: [{ title: "no longer always sent", base: delivered([sentHeader("X-Event")]), head: delivered([sentHeader("X-Event", { required: false })]) }],
  },
];
