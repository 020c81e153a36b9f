/**
 * Swagger 2.0 → OpenAPI 3.0, enough for comparing contracts: parameters get
 * schemas, body/formData become request bodies, responses get content per
 * `produces`, definitions move to components, `basePath` becomes the server URL. Descriptions are not
 * compared, so they are carried over loosely.
 */

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch"] as const;
const SCHEMA_KEYS = ["type", "format", "items", "enum", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf"];

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Convert a Swagger 2.0 document (already parsed) into an OpenAPI 3.0 document. */
export function convertSwagger2(swagger: Json): Json {
  const consumes = (swagger.consumes as string[] | undefined) ?? ["application/json"];
  const produces = (swagger.produces as string[] | undefined) ?? ["application/json"];
  const sharedParameters = (isObject(swagger.parameters) ? swagger.parameters : {}) as Json;
  const resolveParameter = (parameter: unknown): Json => {
    if (isObject(parameter) && typeof parameter.$ref === "string" && parameter.$ref.startsWith("#/parameters/")) {
      const target = sharedParameters[decodePointerSegment(parameter.$ref.slice("#/parameters/".length))];
      if (isObject(target) && (target.in === "body" || target.in === "formData")) return target;
    }
    return parameter as Json;
  };

  const paths: Json = {};
  for (const [template, rawItem] of Object.entries((swagger.paths as Json | undefined) ?? {})) {
    if (!isObject(rawItem)) continue;
    const item: Json = {};
    if (Array.isArray(rawItem.parameters)) item.parameters = rawItem.parameters.map(resolveParameter).filter((p) => p.in !== "body" && p.in !== "formData").map(convertParameter);
    for (const method of METHODS) {
      const operation = rawItem[method];
      if (!isObject(operation)) continue;
      const parameters = [...((rawItem.parameters as unknown[] | undefined) ?? []), ...((operation.parameters as unknown[] | undefined) ?? [])].map(resolveParameter);
      const converted: Json = { ...operation };
      delete converted.consumes;
      delete converted.produces;
      delete converted.schemes;
      const own = ((operation.parameters as unknown[] | undefined) ?? []).map(resolveParameter);
      converted.parameters = own.filter((p) => p.in !== "body" && p.in !== "formData").map(convertParameter);
      const requestBody = convertRequestBody(parameters, (operation.consumes as string[] | undefined) ?? consumes);
      if (requestBody) converted.requestBody = requestBody;
      else delete converted.requestBody;
      converted.responses = convertResponses(operation.responses, (operation.produces as string[] | undefined) ?? produces);
      item[method] = converted;
    }
    paths[template] = item;
  }

  const components: Json = {};
  if (isObject(swagger.definitions)) components.schemas = swagger.definitions;
  const parameters = Object.fromEntries(
    Object.entries(sharedParameters).filter(([, p]) => isObject(p) && p.in !== "body" && p.in !== "formData").map(([name, p]) => [name, convertParameter(p as Json)]),
  );
  if (Object.keys(parameters).length) components.parameters = parameters;
  if (isObject(swagger.responses)) components.responses = convertResponses(swagger.responses, produces);
  if (isObject(swagger.securityDefinitions)) components.securitySchemes = convertSecuritySchemes(swagger.securityDefinitions);

  const document: Json = { openapi: "3.0.3", info: swagger.info ?? {}, paths, components };
  if (swagger.security) document.security = swagger.security;
  // basePath prefixes every path: as a server URL it is joined onto the paths before matching.
  if (typeof swagger.basePath === "string" && swagger.basePath.replace(/\/+$/, "")) document.servers = [{ url: swagger.basePath }];
  return rewriteRefs(document) as Json;
}

function convertParameter(parameter: Json): Json {
  if (typeof parameter.$ref === "string") return parameter;
  const schema: Json = {};
  for (const key of SCHEMA_KEYS) if (key in parameter) schema[key] = parameter[key];
  if (parameter["x-nullable"] === true) schema.nullable = true;
  const out: Json = { name: parameter.name, in: parameter.in, schema };
  if (parameter.required !== undefined) out.required = parameter.required;
  if (parameter.description !== undefined) out.description = parameter.description;
  if (parameter["x-deprecated"] !== undefined) out.deprecated = parameter["x-deprecated"];
  return out;
}

function convertRequestBody(parameters: Json[], consumes: string[]): Json | undefined {
  const body = parameters.find((p) => p.in === "body");
  if (body) {
    return { required: body.required === true, content: Object.fromEntries(consumes.map((type) => [type, { schema: body.schema ?? {} }])) };
  }
  const form = parameters.filter((p) => p.in === "formData");
  if (!form.length) return undefined;
  const properties: Json = {};
  const required: string[] = [];
  for (const field of form) {
    const schema: Json = {};
    for (const key of SCHEMA_KEYS) if (key in field) schema[key] = field[key];
    if (schema.type === "file") {
      schema.type = "string";
      schema.format = "binary";
    }
    properties[String(field.name)] = schema;
    if (field.required === true) required.push(String(field.name));
  }
  const hasFile = form.some((field) => field.type === "file");
  const types = consumes.filter((type) => type === "multipart/form-data" || type === "application/x-www-form-urlencoded");
  const mediaTypes = types.length ? types : [hasFile ? "multipart/form-data" : "application/x-www-form-urlencoded"];
  const schema: Json = { type: "object", properties, ...(required.length ? { required } : {}) };
  return { required: required.length > 0, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema }])) };
}

function convertResponses(responses: unknown, produces: string[]): Json {
  const out: Json = {};
  for (const [status, raw] of Object.entries(isObject(responses) ? responses : {})) {
    if (!isObject(raw) || typeof raw.$ref === "string") {
      out[status] = raw;
      continue;
    }
    const response: Json = { description: raw.description ?? "" };
    if (raw.schema !== undefined) response.content = Object.fromEntries(produces.map((type) => [type, { schema: raw.schema }]));
    if (isObject(raw.headers)) {
      response.headers = Object.fromEntries(
        Object.entries(raw.headers).map(([name, header]) => {
          const schema: Json = {};
          for (const key of SCHEMA_KEYS) if (isObject(header) && key in header) schema[key] = header[key];
          return [name, { schema }];
        }),
      );
    }
    out[status] = response;
  }
  return out;
}

function convertSecuritySchemes(definitions: Json): Json {
  const out: Json = {};
  for (const [name, raw] of Object.entries(definitions)) {
    if (!isObject(raw)) continue;
    if (raw.type === "basic") out[name] = { type: "http", scheme: "basic" };
    else if (raw.type === "oauth2") {
      const flowName = ({ implicit: "implicit", password: "password", application: "clientCredentials", accessCode: "authorizationCode" } as Record<string, string>)[String(raw.flow)] ?? "implicit";
      out[name] = { type: "oauth2", flows: { [flowName]: { authorizationUrl: raw.authorizationUrl, tokenUrl: raw.tokenUrl, scopes: raw.scopes ?? {} } } };
    } else out[name] = raw;
  }
  return out;
}

const REF_MOVES: [string, string][] = [
  ["#/definitions/", "#/components/schemas/"],
  ["#/parameters/", "#/components/parameters/"],
  ["#/responses/", "#/components/responses/"],
];

/** Point refs at their 3.0 homes and turn x-nullable into nullable, in one walk. */
function rewriteRefs(value: unknown, seen = new Set<unknown>()): unknown {
  if (Array.isArray(value)) {
    if (seen.has(value)) return value;
    seen.add(value);
    for (let i = 0; i < value.length; i++) value[i] = rewriteRefs(value[i], seen);
    return value;
  }
  if (!isObject(value)) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (typeof value.$ref === "string") {
    const move = REF_MOVES.find(([from]) => (value.$ref as string).startsWith(from));
    if (move) return { ...value, $ref: move[1] + (value.$ref as string).slice(move[0].length) };
  }
  if (value["x-nullable"] === true) value.nullable = true;
  if (value.type === "file") {
    value.type = "string";
    value.format = "binary";
  }
  for (const key of Object.keys(value)) value[key] = rewriteRefs(value[key], seen);
  return value;
}

function decodePointerSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
}
