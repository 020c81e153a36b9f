/**
 * Re-creates `openapi-subset.json` from the zod schemas that `@vercel/sdk` generates from Vercel's
 * OpenAPI description (the npm registry has no package shipping that description itself).
 *
 *   cd /tmp && npm pack @vercel/sdk@1.28.35 && mkdir sdk && tar xzf vercel-sdk-1.28.35.tgz -C sdk
 *   npx tsx packages/cli/test/fakes/vercel/extract.ts /tmp/sdk/package 1.28.35
 *
 * Request schemas are the SDK's outbound ones (what goes on the wire), responses the inbound ones.
 * Nested objects are kept to a depth of 4, deeper levels become `{}` (any value).
 */
import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { JsonSchema, OperationSubset } from "../openapi-extract.js";

interface ZodLike {
  _def: Record<string, unknown> & { typeName: string };
  isOptional?(): boolean;
}

const MAX_DEPTH = 4;

/** zod v3 schema → the JSON-schema subset the fakes validate with. */
function toJsonSchema(schema: ZodLike, depth = 0): JsonSchema {
  const def = schema._def;
  switch (def.typeName) {
    case "ZodString":
      return { type: "string" };
    case "ZodNumber":
      return { type: "number" };
    case "ZodBoolean":
      return { type: "boolean" };
    case "ZodNull":
      return { type: "null" };
    case "ZodLiteral":
      return { enum: [def.value] };
    case "ZodEnum":
      return { type: "string", enum: def.values as string[] };
    case "ZodNativeEnum":
      return { enum: Object.values(def.values as object) };
    case "ZodOptional":
    case "ZodDefault":
    case "ZodCatch":
    case "ZodReadonly":
      return toJsonSchema(def.innerType as ZodLike, depth);
    case "ZodBranded":
      return toJsonSchema(def.type as ZodLike, depth);
    case "ZodNullable":
      return { ...toJsonSchema(def.innerType as ZodLike, depth), nullable: true };
    case "ZodEffects":
      return toJsonSchema(def.schema as ZodLike, depth);
    case "ZodPipeline":
      return toJsonSchema(def.in as ZodLike, depth);
    case "ZodLazy":
      return depth >= MAX_DEPTH ? {} : toJsonSchema((def.getter as () => ZodLike)(), depth);
    case "ZodArray":
      return depth >= MAX_DEPTH ? { type: "array" } : { type: "array", items: toJsonSchema(def.type as ZodLike, depth + 1) };
    case "ZodRecord":
      return depth >= MAX_DEPTH ? { type: "object" } : { type: "object", additionalProperties: toJsonSchema(def.valueType as ZodLike, depth + 1) };
    case "ZodUnion":
    case "ZodDiscriminatedUnion": {
      const options = (Array.isArray(def.options) ? def.options : [...(def.options as Map<unknown, ZodLike>).values()]) as ZodLike[];
      return { anyOf: options.map((option) => toJsonSchema(option, depth)) };
    }
    case "ZodIntersection":
      return { allOf: [toJsonSchema(def.left as ZodLike, depth), toJsonSchema(def.right as ZodLike, depth)] };
    case "ZodObject": {
      if (depth >= MAX_DEPTH) return { type: "object" };
      const shape = (def.shape as () => Record<string, ZodLike>)();
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [name, sub] of Object.entries(shape)) {
        properties[name] = toJsonSchema(sub, depth + 1);
        if (!sub.isOptional?.()) required.push(name);
      }
      return { type: "object", properties, ...(required.length ? { required } : {}) };
    }
    default:
      return {};
  }
}

const [sdkDir, version] = process.argv.slice(2);
if (!sdkDir || !version) {
  console.error("usage: extract.ts <unpacked @vercel/sdk package dir> <version>");
  process.exit(2);
}
// The SDK imports "zod/v3": let it resolve to this repo's zod.
const here = dirname(fileURLToPath(import.meta.url));
const sdkRoot = resolve(sdkDir);
const sdkModules = join(sdkRoot, "node_modules");
if (!existsSync(sdkModules)) symlinkSync(resolve(here, "../../../../../node_modules"), sdkModules);

async function load(module: string, name: string): Promise<ZodLike> {
  const imported = (await import(pathToFileURL(join(sdkRoot, "esm/models", `${module}.js`)).href)) as Record<string, ZodLike>;
  const schema = imported[name];
  if (!schema) throw new Error(`${name} is not exported by ${module}`);
  return schema;
}

/** `smartUnion` is opaque to zod introspection: list its members by name. */
async function union(module: string, names: string[]): Promise<JsonSchema> {
  return { anyOf: await Promise.all(names.map(async (name) => toJsonSchema(await load(module, name)))) };
}

const vercelError = { type: "object", required: ["error"], properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } } };
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const teamParams = [
  { name: "teamId", in: "query", required: false, schema: { type: "string" } },
  { name: "slug", in: "query", required: false, schema: { type: "string" } },
];

const operations: OperationSubset[] = [
  {
    operationId: "createDeployment",
    method: "POST",
    path: "/v13/deployments",
    parameters: [...teamParams, { name: "forceNew", in: "query", required: false, schema: { type: "string" } }, { name: "skipAutoDetectionConfirmation", in: "query", required: false, schema: { type: "string" } }],
    requestBody: { required: true, schema: toJsonSchema(await load("responsebodyimages", "CreateDeploymentRequestBody$outboundSchema")) },
    responses: { "200": await union("createdeploymentresponsebody", ["CreateDeploymentResponseBody1$inboundSchema", "CreateDeploymentResponseBody2$inboundSchema"]), "400": vercelError, "403": vercelError, "429": vercelError },
  },
  {
    operationId: "getDeployment",
    method: "GET",
    path: "/v13/deployments/{idOrUrl}",
    parameters: [idParam("idOrUrl"), ...teamParams],
    responses: { "200": { anyOf: [...((await union("getdeploymentresponsebody1", ["GetDeploymentResponseBody1$inboundSchema", "GetDeploymentResponseBody2$inboundSchema"])).anyOf as JsonSchema[]), toJsonSchema(await load("getdeploymentgitsourcedeploymentsresponse200applicationjsonresponsebody215type", "GetDeploymentResponseBody3$inboundSchema"))] }, "403": vercelError, "404": vercelError },
  },
  {
    operationId: "uploadFile",
    method: "POST",
    path: "/v2/files",
    parameters: [...teamParams, { name: "x-vercel-digest", in: "header", required: false, schema: { type: "string" } }, { name: "x-now-digest", in: "header", required: false, schema: { type: "string" } }, { name: "Content-Length", in: "header", required: false, schema: { type: "number" } }],
    responses: { "200": await union("uploadfileop", ["UploadFileResponseBody1$inboundSchema", "UploadFileResponseBody2$inboundSchema"]), "400": vercelError, "403": vercelError },
  },
  {
    operationId: "assignAlias",
    method: "POST",
    path: "/v2/deployments/{id}/aliases",
    parameters: [idParam("id"), ...teamParams],
    requestBody: { required: false, schema: toJsonSchema(await load("assignaliasop", "AssignAliasRequestBody$outboundSchema")) },
    responses: { "200": toJsonSchema(await load("assignaliasop", "AssignAliasResponseBody$inboundSchema")), "400": vercelError, "402": vercelError, "403": vercelError, "404": vercelError, "409": vercelError },
  },
  {
    operationId: "listDeploymentAliases",
    method: "GET",
    path: "/v2/deployments/{id}/aliases",
    parameters: [idParam("id"), ...teamParams],
    responses: { "200": toJsonSchema(await load("listdeploymentaliasesop", "ListDeploymentAliasesResponseBody$inboundSchema")), "400": vercelError, "403": vercelError, "404": vercelError },
  },
  {
    operationId: "deleteAlias",
    method: "DELETE",
    path: "/v2/aliases/{aliasId}",
    parameters: [idParam("aliasId"), ...teamParams],
    responses: { "200": toJsonSchema(await load("deletealiasop", "DeleteAliasResponseBody$inboundSchema")), "400": vercelError, "403": vercelError, "404": vercelError },
  },
  {
    operationId: "deleteDeployment",
    method: "DELETE",
    path: "/v13/deployments/{id}",
    parameters: [idParam("id"), ...teamParams, { name: "url", in: "query", required: false, schema: { type: "string" } }],
    responses: { "200": toJsonSchema(await load("deletedeploymentop", "DeleteDeploymentResponseBody$inboundSchema")), "400": vercelError, "403": vercelError, "404": vercelError },
  },
  {
    operationId: "getDeploymentEvents",
    method: "GET",
    path: "/v3/deployments/{idOrUrl}/events",
    parameters: [idParam("idOrUrl"), ...teamParams, { name: "direction", in: "query", required: false, schema: { type: "string", enum: ["backward", "forward"] } }, { name: "limit", in: "query", required: false, schema: { type: "number" } }, { name: "builds", in: "query", required: false, schema: { type: "number" } }],
    responses: { "200": { type: "array", items: { ...(await union("getdeploymenteventsop", ["GetDeploymentEventsResponseBody1$inboundSchema", "GetDeploymentEventsResponseBody2$inboundSchema"])), nullable: true } }, "400": vercelError, "403": vercelError, "404": vercelError },
  },
];

const out = join(here, "openapi-subset.json");
writeFileSync(out, JSON.stringify({ source: { package: "@vercel/sdk", version, file: "esm/models/*.js (zod schemas generated from Vercel's OpenAPI description)" }, operations }, null, 1) + "\n");
console.log(`wrote ${out}: ${operations.length} operations`);
