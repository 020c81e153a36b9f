/** Cuts the operations a fake serves out of a vendor's OpenAPI 3 description, inlining `$ref`s. */

/** One operation as the fakes validate it. */
export interface OperationSubset {
  operationId: string;
  method: string;
  path: string;
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { required: boolean; schema: JsonSchema };
  /** Status code → response body schema (null: no body). */
  responses: Record<string, JsonSchema | null>;
}

export type JsonSchema = Record<string, unknown>;

type Json = Record<string, unknown>;

/** Keywords the fakes' validator understands; the rest (descriptions, examples) is dropped to keep fixtures small. */
const KEPT = new Set(["type", "properties", "required", "items", "enum", "nullable", "oneOf", "anyOf", "allOf", "additionalProperties", "format", "minimum", "maximum"]);

function resolve(spec: Json, ref: string): Json {
  let node: unknown = spec;
  for (const part of ref.replace(/^#\//, "").split("/")) node = (node as Json)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return node as Json;
}

/** Inline refs and keep validation keywords only; `depth` stops recursive schemas. */
export function simplify(spec: Json, schema: unknown, depth = 0): JsonSchema {
  if (typeof schema !== "object" || schema === null) return {};
  let node = schema as Json;
  while (typeof node.$ref === "string") node = resolve(spec, node.$ref);
  if (depth > 8) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT.has(key)) continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, sub]) => [name, simplify(spec, sub, depth + 1)]));
    } else if (key === "items" || (key === "additionalProperties" && typeof value === "object")) {
      out[key] = simplify(spec, value, depth + 1);
    } else if (key === "oneOf" || key === "anyOf" || key === "allOf") {
      out[key] = (value as unknown[]).map((sub) => simplify(spec, sub, depth + 1));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The named operations, each with parameters, JSON request body and every response's JSON body schema. */
export function extractOperations(spec: Json, wanted: readonly (readonly [string, string])[]): OperationSubset[] {
  const paths = spec.paths as Record<string, Record<string, Json>>;
  return wanted.map(([method, path]) => {
    const operation = paths[path]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the description`);
    const parameters = ((operation.parameters as unknown[]) ?? []).map((raw) => {
      let parameter = raw as Json;
      while (typeof parameter.$ref === "string") parameter = resolve(spec, parameter.$ref);
      return {
        name: String(parameter.name),
        in: String(parameter.in),
        required: parameter.required === true,
        schema: simplify(spec, parameter.schema),
      };
    });
    let requestBody: OperationSubset["requestBody"];
    if (operation.requestBody) {
      let body = operation.requestBody as Json;
      while (typeof body.$ref === "string") body = resolve(spec, body.$ref);
      const json = (body.content as Record<string, Json> | undefined)?.["application/json"];
      if (json) requestBody = { required: body.required === true, schema: simplify(spec, json.schema) };
    }
    const responses: Record<string, JsonSchema | null> = {};
    for (const [status, raw] of Object.entries(operation.responses as Json)) {
      let response = raw as Json;
      while (typeof response.$ref === "string") response = resolve(spec, response.$ref);
      const json = (response.content as Record<string, Json> | undefined)?.["application/json"];
      responses[status] = json ? simplify(spec, json.schema) : null;
    }
    return { operationId: String(operation.operationId), method: method.toUpperCase(), path, parameters, requestBody, responses };
  });
}
