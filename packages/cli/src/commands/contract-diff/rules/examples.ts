/** Expands a rule example fragment into a whole (tiny) OpenAPI 3.1 document. */
import type { ExampleFragment } from "../model.js";

/**
 * `PUT /properties/{id}` with the fragment's request body, 200 response body,
 * parameters and operation fields, unless the fragment brings its own `paths`.
 *
 * @example
 * exampleSpec({ response: { type: "object" } }).paths["/properties/{id}"].put.responses["200"]
 */
export function exampleSpec(fragment: ExampleFragment): Record<string, unknown> & { paths: Record<string, unknown> } {
  const spec: Record<string, unknown> & { paths: Record<string, unknown> } = {
    openapi: "3.1.0",
    info: { title: "Estate agent CRM (rule example)", version: "1.0.0" },
    paths: {},
  };
  if (fragment.components) spec.components = fragment.components;
  if (fragment.security) spec.security = fragment.security;
  if (fragment.servers) spec.servers = fragment.servers;
  if (fragment.webhooks) spec.webhooks = fragment.webhooks;
  if (fragment.paths) {
    spec.paths = fragment.paths;
    return spec;
  }
  const ok: Record<string, unknown> = { description: "ok" };
  if (fragment.response !== undefined) ok.content = { "application/json": { schema: fragment.response } };
  const operation: Record<string, unknown> = { responses: { "200": ok } };
  if (fragment.parameters) operation.parameters = fragment.parameters;
  if (fragment.request !== undefined) {
    operation.requestBody = { required: fragment.requestRequired ?? true, content: { "application/json": { schema: fragment.request } } };
  }
  Object.assign(operation, fragment.operation ?? {});
  spec.paths["/properties/{id}"] = {
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
    put: operation,
  };
  return spec;
}
