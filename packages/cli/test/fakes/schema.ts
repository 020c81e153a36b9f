/** Validates values against the JSON-schema subset the fixtures keep, and matches requests to operations. */
import { readFileSync } from "node:fs";
import type { JsonSchema, OperationSubset } from "./openapi-extract.js";

export interface ApiSubset {
  source: { package: string; version: string; file: string };
  operations: OperationSubset[];
}

export function loadSubset(url: URL): ApiSubset {
  return JSON.parse(readFileSync(url, "utf8")) as ApiSubset;
}

/** Problems with `value` against `schema`, each as `where: what` (empty when valid). */
export function validate(schema: JsonSchema | null | undefined, value: unknown, where = "body"): string[] {
  if (!schema) return [];
  if (value === null) {
    if (schema.nullable === true || schema.type === "null" || schema.type === undefined && !schema.properties && !schema.anyOf && !schema.oneOf && !schema.allOf && !schema.enum) return [];
    if (Array.isArray(schema.enum) && schema.enum.includes(null)) return [];
    const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (alternatives?.some((alt) => validate(alt, value, where).length === 0)) return [];
    return [`${where}: is null, expected ${describe(schema)}`];
  }
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) {
    // Stop at the first alternative that fits: nested unions would otherwise multiply the work.
    let closest: string[] | undefined;
    for (const alternative of alternatives) {
      const problems = validate(alternative, value, where);
      if (problems.length === 0) {
        closest = undefined;
        break;
      }
      if (!closest || problems.length < closest.length) closest = problems;
    }
    if (closest) return closest;
  }
  const problems: string[] = [];
  for (const part of (schema.allOf as JsonSchema[] | undefined) ?? []) problems.push(...validate(part, value, where));
  const type = schema.type as string | undefined;
  if (type && !hasType(value, type)) return [`${where}: is ${typeOf(value)}, expected ${type}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    return [`${where}: ${JSON.stringify(value)} is not one of ${schema.enum.map((entry) => JSON.stringify(entry)).join(", ")}`];
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in record)) problems.push(`${where}: "${name}" wasn't supplied`);
    }
    const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
    for (const [name, sub] of Object.entries(record)) {
      if (properties[name]) problems.push(...validate(properties[name], sub, `${where}.${name}`));
      else if (typeof schema.additionalProperties === "object") problems.push(...validate(schema.additionalProperties as JsonSchema, sub, `${where}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${where}: "${name}" is not a permitted key`);
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => problems.push(...validate(schema.items as JsonSchema, item, `${where}[${index}]`)));
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

function describe(schema: JsonSchema): string {
  return typeof schema.type === "string" ? schema.type : "a value";
}

/** The operation a request targets, with its path parameters, or undefined. */
export function matchOperation(
  operations: OperationSubset[],
  method: string,
  pathname: string,
): { operation: OperationSubset; params: Record<string, string> } | undefined {
  for (const operation of operations) {
    if (operation.method !== method) continue;
    const names: string[] = [];
    const pattern = operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w[\w-]*)\\?\}|\{(\w[\w-]*)\}/g, (_match, a: string, b: string) => {
      names.push(a ?? b);
      return "([^/]+)";
    });
    const match = new RegExp(`^${pattern}$`).exec(pathname);
    if (match) {
      return { operation, params: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? "")])) };
    }
  }
  return undefined;
}

/** Problems with the path/query/header parameters of a request. */
export function validateParameters(operation: OperationSubset, params: Record<string, string>, query: URLSearchParams, headers: Record<string, string | string[] | undefined>): string[] {
  const problems: string[] = [];
  for (const parameter of operation.parameters) {
    let raw: string | undefined;
    if (parameter.in === "path") raw = params[parameter.name];
    else if (parameter.in === "query") raw = query.get(parameter.name) ?? undefined;
    else if (parameter.in === "header") {
      const header = headers[parameter.name.toLowerCase()];
      raw = Array.isArray(header) ? header[0] : header;
    } else continue;
    if (raw === undefined) {
      if (parameter.required) problems.push(`${parameter.in} parameter "${parameter.name}" wasn't supplied`);
      continue;
    }
    const type = parameter.schema.type;
    if ((type === "integer" && !/^-?\d+$/.test(raw)) || (type === "number" && Number.isNaN(Number(raw)))) {
      problems.push(`${parameter.in} parameter "${parameter.name}": ${JSON.stringify(raw)} is not ${type === "integer" ? "an integer" : "a number"}`);
    }
    const values = parameter.schema.enum;
    if (Array.isArray(values) && !values.includes(raw)) problems.push(`${parameter.in} parameter "${parameter.name}": ${JSON.stringify(raw)} is not one of ${values.join(", ")}`);
  }
  return problems;
}

/**
 * The smallest value that satisfies `schema`: required properties only, nulls where allowed, first enum
 * value. The fakes start from it for large objects (a pull request) and set the fields that matter.
 */
export function synthesize(schema: JsonSchema | null | undefined): unknown {
  if (!schema) return null;
  const first = ((schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined)?.[0];
  if (first) return synthesize(first);
  if (schema.allOf) return Object.assign({}, ...(schema.allOf as JsonSchema[]).map((part) => synthesize(part) as object));
  if (schema.nullable === true) return null;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  switch (schema.type) {
    case "string":
      return schema.format === "date-time" ? "2026-01-05T10:00:00Z" : schema.format === "uri" ? "https://example.invalid/" : "";
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object": {
      const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      return Object.fromEntries(((schema.required as string[] | undefined) ?? []).map((name) => [name, synthesize(properties[name])]));
    }
    default:
      return null;
  }
}
