/**
 * One canonical form per schema, so that spellings with the same meaning
 * compare equal: 3.0 `nullable: true`, 3.1 `type: [x, "null"]`, `anyOf/oneOf`
 * with a `{type: "null"}` member (pydantic v2), `enum` containing null, `const`,
 * single-member `allOf` wrappers around a `$ref`, merged `allOf`, numeric vs
 * boolean `exclusiveMinimum`, `format: int32/int64` ≡ the bounds those formats
 * imply, an empty `oneOf`/`anyOf` ≡ none, `additionalProperties: true` or `{}`
 * ≡ absent, `unevaluatedProperties` ≡ `additionalProperties` over the merged
 * allOf, `unevaluatedItems` ≡ `items` where that is absent, a closed tuple
 * (`items: false`) ≡ `maxItems`, and in 3.1 keywords beside a `$ref` ≡ an
 * allOf of both. Results are cached per raw node, so each
 * component is canonicalised once however many operations use it.
 */
import type { Located, Spec } from "../load/spec.js";

export interface Bound {
  value: number;
  exclusive: boolean;
}

export const MAX_KEYWORDS = ["maximum", "maxLength", "maxItems", "maxProperties", "maxContains"] as const;
export const MIN_KEYWORDS = ["minimum", "minLength", "minItems", "minProperties", "minContains"] as const;
/** Bounds on how many items match `contains`: compared only while both sides have a `contains`. */
export const CONTAINS_KEYWORDS: ReadonlySet<string> = new Set(["minContains", "maxContains"]);
export type BoundKeyword = (typeof MAX_KEYWORDS)[number] | (typeof MIN_KEYWORDS)[number];

export interface CanonicalSchema {
  /** Component name when reached through a `$ref` (or a single-member allOf around one). */
  name?: string;
  doc: string;
  pointer: readonly string[];
  /** Allowed JSON types without "null"; undefined means any type. */
  types?: ReadonlySet<string>;
  nullable: boolean;
  /** Allowed values, without null; undefined means unconstrained. */
  enum?: readonly unknown[];
  format?: string;
  pattern?: string;
  bounds: Partial<Record<BoundKeyword, Bound>>;
  properties: Map<string, Located>;
  required: Set<string>;
  /** false: no extra properties; a schema: extra property values; undefined: allowed, unconstrained. */
  additional?: false | Located;
  items?: Located;
  /** oneOf/anyOf alternatives (null members removed). */
  variants?: CanonicalSchema[];
  readOnly: boolean;
  writeOnly: boolean;
  deprecated: boolean;
  /** `title`, and the names of `allOf` members: identity hints for pairing oneOf alternatives. */
  title?: string;
  allOfNames?: string[];
  /** `anyOf: [{required: [a]}, {required: [b]}]`: the object must have one of these property sets. */
  requiredAnyOf?: string[][];
  /** The schema every property name must match. */
  propertyNames?: Located;
  /** `patternProperties`: regex → schema of the values of matching properties. */
  patternProperties?: Map<string, Located>;
  /** `dependentRequired`: property → properties required whenever it is present. */
  dependentRequired?: Map<string, readonly string[]>;
  /** `not`, and `if`/`then`/`else`, as canonical JSON text: compared for equality only. */
  not?: string;
  conditional?: string;
  multipleOf?: number;
  uniqueItems: boolean;
  discriminator?: { propertyName: string; mapping: Map<string, string> };
  /** `prefixItems`: the schema of each leading array position (`items` is then the schema of the rest). */
  prefixItems?: Located[];
  /**
   * `contains`: at least `minContains` (default 1) and at most `maxContains` items must match it.
   * Absent when it constrains nothing (`minContains: 0` and no `maxContains`).
   */
  contains?: Located;

  /** `dependentSchemas`: property → schema the whole object must also match whenever the property is present. */
  dependentSchemas?: Map<string, Located>;
}

/**
 * The bounds an integer format promises: an `int64` and `minimum/maximum ±2^63`
 * say the same thing (JavaScript numbers round 2^63 − 1 to 2^63, on both sides alike).
 */
export const INTEGER_FORMAT_BOUNDS: Readonly<Record<string, { minimum: number; maximum: number }>> = {
  int32: { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 },
  int64: { minimum: -(2 ** 63), maximum: 2 ** 63 - 1 },
};

type Raw = Record<string, unknown>;

/** Keywords beside a `$ref` that describe without constraining. */
const REF_ANNOTATIONS: ReadonlySet<string> = new Set(["description", "title", "summary", "example", "examples", "default", "$comment", "externalDocs", "xml", "deprecated"]);


export class Canonicalizer {
  private readonly cache = new WeakMap<object, CanonicalSchema>();
  private readonly inProgress = new WeakSet<object>();

  /** OpenAPI 3.1 schemas are JSON Schema 2020-12, where keywords beside a `$ref` apply too (3.0 ignores them). */
  private readonly refSiblingsApply: boolean;
  private readonly refWithSiblings = new WeakMap<object, Located>();
  /** Rewritten `$ref` + keywords nodes: the referenced component narrowed, so not that component by name. */
  private readonly constrainedRefs = new WeakSet<object>();

  constructor(private readonly spec: Spec) {
    this.refSiblingsApply = /^3\.[1-9]/.test(String(spec.value.openapi ?? ""));
  }

  /** The canonical form of the schema at `located` (refs followed). */
  of(located: Located): CanonicalSchema {
    if (this.refSiblingsApply) located = this.refSiblingsAsAllOf(located);
    const target = this.spec.resolve(located);
    const node = target.node;
    const refName = target === located ? undefined : target.refName;
    if (node === null || typeof node !== "object") return this.booleanSchema(node, target);
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (this.inProgress.has(node)) {
      // allOf/anyOf that reaches itself: treat the inner occurrence as "any".
      return { doc: target.doc, pointer: target.pointer, nullable: true, bounds: {}, properties: new Map(), required: new Set(), readOnly: false, writeOnly: false, deprecated: false, uniqueItems: false, name: refName };
    }
    this.inProgress.add(node);
    try {
      const result = this.build(node as Raw, target, refName);
      this.cache.set(node, result);
      return result;
    } finally {
      this.inProgress.delete(node);
    }
  }

  /**
   * `{$ref: Price, maximum: 100}` in 3.1 is `{allOf: [{$ref: Price}], maximum: 100}`: the
   * referenced schema and the keywords beside it both apply. Annotations (description,
   * examples, …) beside a `$ref` change nothing, so such a node stays a plain reference.
   */
  private refSiblingsAsAllOf(located: Located): Located {
    const raw = located.node;
    if (!isObject(raw) || typeof raw.$ref !== "string") return located;
    let rewritten = this.refWithSiblings.get(raw);
    if (!rewritten) {
      const { $ref, ...siblings } = raw;
      const constraining = Object.keys(siblings).some((key) => !REF_ANNOTATIONS.has(key) && !key.startsWith("x-"));
      const node = constraining ? { ...siblings, allOf: [...(Array.isArray(siblings.allOf) ? siblings.allOf : []), { $ref }] } : raw;
      rewritten = node === raw ? located : { node, doc: located.doc, pointer: located.pointer };
      if (node !== raw) this.constrainedRefs.add(node);
      this.refWithSiblings.set(raw, rewritten);
    }
    return rewritten;
  }

  private booleanSchema(node: unknown, at: Located): CanonicalSchema {
    // JSON Schema `true` accepts anything, `false` nothing.
    const base: CanonicalSchema = { doc: at.doc, pointer: at.pointer, nullable: node !== false, bounds: {}, properties: new Map(), required: new Set(), readOnly: false, writeOnly: false, deprecated: false, uniqueItems: false };
    if (node === false) base.types = new Set();
    return base;
  }

  private child(at: Located, ...segments: string[]): Located {
    let node: unknown = at.node;
    for (const segment of segments) node = (node as Raw | undefined)?.[segment];
    return { node, doc: at.doc, pointer: [...at.pointer, ...segments] };
  }

  private build(raw: Raw, at: Located, refName: string | undefined): CanonicalSchema {
    const schema: CanonicalSchema = {
      name: refName,
      doc: at.doc,
      pointer: at.pointer,
      nullable: false,
      bounds: {},
      properties: new Map(),
      required: new Set(),
      readOnly: raw.readOnly === true,
      writeOnly: raw.writeOnly === true,
      deprecated: raw.deprecated === true,
      title: typeof raw.title === "string" ? raw.title : undefined,
      uniqueItems: raw.uniqueItems === true,
    };

    // type, nullable (3.0), type arrays (3.1)
    if (typeof raw.type === "string") {
      if (raw.type === "null") {
        schema.types = new Set();
        schema.nullable = true;
      } else schema.types = new Set([raw.type]);
    } else if (Array.isArray(raw.type)) {
      const types = raw.type.map(String);
      schema.nullable = types.includes("null");
      schema.types = new Set(types.filter((type) => type !== "null"));
    }
    if (raw.nullable === true) schema.nullable = true;

    // enum / const, with null moved to `nullable`
    const values = Array.isArray(raw.enum) ? raw.enum : "const" in raw ? [raw.const] : undefined;
    if (values) {
      if (values.includes(null)) schema.nullable = true;
      const nonNull = values.filter((value) => value !== null);
      if (nonNull.length) schema.enum = nonNull;
      else if (!schema.types) {
        schema.types = new Set();
        schema.nullable = true;
      }
    }
    if (typeof raw.format === "string") schema.format = raw.format;
    if (typeof raw.pattern === "string") schema.pattern = raw.pattern;
    this.readBounds(raw, schema);
    this.applyIntegerFormat(schema);
    if (typeof raw.multipleOf === "number" && raw.multipleOf > 0) schema.multipleOf = raw.multipleOf;
    if (raw.not !== undefined && raw.not !== false) schema.not = canonicalJson(raw.not);
    if (raw.if !== undefined && (raw.then !== undefined || raw.else !== undefined)) {
      schema.conditional = canonicalJson({ if: raw.if, then: raw.then ?? true, else: raw.else ?? true });
    }

    if (raw.properties && typeof raw.properties === "object") {
      for (const name of Object.keys(raw.properties as Raw)) schema.properties.set(name, this.child(at, "properties", name));
    }
    if (Array.isArray(raw.required)) for (const name of raw.required) schema.required.add(String(name));
    // `unevaluatedProperties` covers the properties every allOf member declares; allOf is merged
    // into one property list below, so over that list it says what `additionalProperties` says.
    const extraKey = raw.additionalProperties !== undefined ? "additionalProperties" : "unevaluatedProperties";
    if (raw[extraKey] === false) schema.additional = false;
    else if (isObject(raw[extraKey]) && Object.keys(raw[extraKey]).length) schema.additional = this.child(at, extraKey);
    if (isObject(raw.propertyNames) && Object.keys(raw.propertyNames).length) schema.propertyNames = this.child(at, "propertyNames");
    if (isObject(raw.patternProperties) && Object.keys(raw.patternProperties).length) {
      schema.patternProperties = new Map(Object.keys(raw.patternProperties).map((pattern) => [pattern, this.child(at, "patternProperties", pattern)]));
    }
    if (isObject(raw.dependentRequired)) {
      const entries = Object.entries(raw.dependentRequired).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]) && entry[1].length > 0);
      if (entries.length) schema.dependentRequired = new Map(entries.map(([name, names]) => [name, names.map(String).sort()]));
    }
    if (isObject(raw.discriminator) && typeof raw.discriminator.propertyName === "string") {
      const mapping = isObject(raw.discriminator.mapping) ? raw.discriminator.mapping : {};
      schema.discriminator = { propertyName: raw.discriminator.propertyName, mapping: new Map(Object.entries(mapping).map(([tag, ref]) => [tag, String(ref).replace(/^.*\//, "")])) };
    }
    this.readArrayItems(raw, at, schema);
    if (isObject(raw.dependentSchemas) && Object.keys(raw.dependentSchemas).length) {
      schema.dependentSchemas = new Map(Object.keys(raw.dependentSchemas).map((name) => [name, this.child(at, "dependentSchemas", name)]));
    }

    // Absent `type` with object/array keywords: infer it, so `type: object` written or omitted compares equal.
    if (!schema.types && !raw.allOf && !raw.anyOf && !raw.oneOf) {
      if (schema.properties.size || schema.additional !== undefined || schema.patternProperties || schema.propertyNames) schema.types = new Set(["object"]);
      else if (schema.items || schema.prefixItems || schema.contains) schema.types = new Set(["array"]);
    }

    if (Array.isArray(raw.allOf)) this.mergeAllOf(schema, raw, at, refName);
    if (this.constrainedRefs.has(raw)) schema.name = refName;
    // An empty `oneOf: []`/`anyOf: []` is invalid JSON Schema (it must have a member); generators
    // emit it for "no alternatives declared", so it is read as absent — the one documented reading.
    const alternatives = nonEmptyArray(raw.oneOf) ? "oneOf" : nonEmptyArray(raw.anyOf) ? "anyOf" : undefined;
    if (alternatives) this.applyAlternatives(schema, (raw[alternatives] as unknown[]).map((_, i) => this.of(this.child(at, alternatives, String(i)))));
    return schema;
  }

  /**
   * `items`, `prefixItems`, `contains`, and `unevaluatedItems` where `items` is absent (it then
   * applies to the same items). A closed tuple (`items: false` after n `prefixItems`) is
   * `maxItems: n`, so closing or opening it reads as the bound it is.
   */
  private readArrayItems(raw: Raw, at: Located, schema: CanonicalSchema): void {
    if (Array.isArray(raw.prefixItems) && raw.prefixItems.length) {
      schema.prefixItems = raw.prefixItems.map((_, i) => this.child(at, "prefixItems", String(i)));
    }
    const restKey = raw.items !== undefined ? "items" : "unevaluatedItems";
    const rest = raw[restKey];
    if (isObject(rest) && Object.keys(rest).length) schema.items = this.child(at, restKey);
    else if (rest === false) tighten(schema.bounds, "maxItems", { value: schema.prefixItems?.length ?? 0, exclusive: false }, "max");
    // `minContains: 0` without `maxContains`: any array passes, whatever `contains` says.
    if (raw.contains !== undefined && raw.minContains === 0 && typeof raw.maxContains !== "number") return;
    if (raw.contains === true || (isObject(raw.contains) && !Object.keys(raw.contains).length)) {
      // Any item matches: the array just needs minContains (default 1) items.
      tighten(schema.bounds, "minItems", { value: typeof raw.minContains === "number" ? raw.minContains : 1, exclusive: false }, "min");
    } else if (raw.contains !== undefined) {
      schema.contains = this.child(at, "contains");
      if (typeof raw.minContains !== "number") schema.bounds.minContains = { value: 1, exclusive: false };
    }
  }

  private readBounds(raw: Raw, schema: CanonicalSchema): void {
    for (const keyword of [...MAX_KEYWORDS, ...MIN_KEYWORDS]) {
      if (CONTAINS_KEYWORDS.has(keyword) && !(isObject(raw.contains) && Object.keys(raw.contains).length) && raw.contains !== false) continue;
      if (typeof raw[keyword] === "number") schema.bounds[keyword] = { value: raw[keyword] as number, exclusive: false };
    }
    // 3.0: boolean flags beside minimum/maximum; 3.1: the bound itself.
    if (raw.exclusiveMaximum === true && schema.bounds.maximum) schema.bounds.maximum.exclusive = true;
    if (raw.exclusiveMinimum === true && schema.bounds.minimum) schema.bounds.minimum.exclusive = true;
    if (typeof raw.exclusiveMaximum === "number") tighten(schema.bounds, "maximum", { value: raw.exclusiveMaximum, exclusive: true }, "max");
    if (typeof raw.exclusiveMinimum === "number") tighten(schema.bounds, "minimum", { value: raw.exclusiveMinimum, exclusive: true }, "min");
  }

  /** An integer `format: int32/int64` becomes the bounds it implies; explicit bounds inside them stay. */
  private applyIntegerFormat(schema: CanonicalSchema): void {
    const implied = schema.format ? INTEGER_FORMAT_BOUNDS[schema.format] : undefined;
    if (!implied || (schema.types && !schema.types.has("integer") && !schema.types.has("number"))) return;
    tighten(schema.bounds, "minimum", { value: implied.minimum, exclusive: false }, "min");
    tighten(schema.bounds, "maximum", { value: implied.maximum, exclusive: false }, "max");
    schema.format = undefined;
  }

  private mergeAllOf(schema: CanonicalSchema, raw: Raw, at: Located, refName: string | undefined): void {
    const members = (raw.allOf as unknown[]).map((_, i) => this.of(this.child(at, "allOf", String(i))));
    const ownStructure = schema.properties.size > 0 || schema.items !== undefined || schema.enum !== undefined;
    // `allOf: [{$ref: X}]` plus description/nullable is X itself: name it so, so inline-vs-ref refactors compare equal.
    if (members.length === 1 && !ownStructure && !refName && members[0]!.name) schema.name = members[0]!.name;
    const ownNullable = schema.nullable;
    schema.allOfNames = members.map((member) => member.name).filter((name): name is string => name !== undefined);
    for (const member of members) mergeInto(schema, member);
    schema.nullable = ownNullable || (members.length > 0 && members.every((member) => member.nullable));
    if (members.length === 1 && !raw.type) schema.types = members[0]!.types;
  }

  private applyAlternatives(schema: CanonicalSchema, members: CanonicalSchema[]): void {
    const nonNull = members.filter((member) => !(member.types?.size === 0 && member.nullable));
    if (nonNull.length < members.length || members.some((member) => member.nullable)) schema.nullable = true;
    if (nonNull.length === 0) {
      schema.types ??= new Set();
      return;
    }
    if (nonNull.length === 1) {
      const only = nonNull[0]!;
      if (!schema.name && only.name) schema.name = only.name;
      mergeInto(schema, only);
      if (!schema.types) schema.types = only.types;
      return;
    }
    // `anyOf: [{required: [state]}, {required: [assignees]}]` constrains which properties must be present.
    if (nonNull.every(isConstraintOnly)) {
      schema.requiredAnyOf = nonNull.map((member) => [...member.required].sort());
      return;
    }
    // `anyOf: [{type: string}, {type: integer}]` is `type: [string, integer]`, and
    // `oneOf: [{enum: [a]}, {enum: [b]}]` is `enum: [a, b]`: alternatives of plain values are one value set.
    if (nonNull.every(isScalar)) {
      const types = new Set<string>();
      let any = false;
      for (const member of nonNull) {
        if (!member.types) any = true;
        else for (const type of member.types) types.add(type);
      }
      if (!schema.types) schema.types = any ? undefined : types;
      if (!schema.enum && nonNull.every((member) => member.enum)) {
        const values: unknown[] = [];
        for (const member of nonNull) for (const value of member.enum!) if (!values.some((known) => sameValue(known, value))) values.push(value);
        schema.enum = values;
      }
      const same = <K extends "format" | "pattern">(key: K) => nonNull.every((member) => member[key] === nonNull[0]![key]);
      if (same("format")) schema.format ??= nonNull[0]!.format;
      if (same("pattern")) schema.pattern ??= nonNull[0]!.pattern;
      const bounds = JSON.stringify(nonNull[0]!.bounds);
      if (nonNull.every((member) => JSON.stringify(member.bounds) === bounds)) Object.assign(schema.bounds, nonNull[0]!.bounds);
      return;
    }
    schema.variants = nonNull;
  }
}

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

/** JSON with object keys sorted, so key order never reads as a change. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isObject(inner) ? Object.fromEntries(Object.keys(inner).sort().map((key) => [key, inner[key]])) : inner,
  );
}

/** An alternative that only lists required properties, with no shape of its own. */
function isConstraintOnly(schema: CanonicalSchema): boolean {
  return schema.required.size > 0 && !schema.types && schema.properties.size === 0 && !schema.items && !schema.prefixItems && schema.additional === undefined && !schema.enum && !schema.variants && !schema.patternProperties && !schema.propertyNames && !schema.dependentSchemas;
}

/** A plain value schema: no structure (properties, items, alternatives), not an object or array. */
function isScalar(schema: CanonicalSchema): boolean {
  return (
    schema.properties.size === 0 &&
    !schema.items &&
    !schema.prefixItems &&
    schema.additional === undefined &&
    !schema.variants &&
    schema.types !== undefined &&
    schema.types.size > 0 &&
    [...schema.types].every((type) => type !== "object" && type !== "array")
  );
}

/** Fold an allOf member into the schema: the intersection of both. */
function mergeInto(target: CanonicalSchema, member: CanonicalSchema): void {
  if (member.types) target.types = target.types ? intersectTypes(target.types, member.types) : member.types;
  if (member.enum) target.enum = target.enum ? target.enum.filter((value) => member.enum!.some((other) => sameValue(value, other))) : member.enum;
  target.format ??= member.format;
  target.pattern ??= member.pattern;
  for (const [keyword, bound] of Object.entries(member.bounds) as [BoundKeyword, Bound][]) {
    tighten(target.bounds, keyword, bound, (MAX_KEYWORDS as readonly string[]).includes(keyword) ? "max" : "min");
  }
  for (const [name, located] of member.properties) {
    const existing = target.properties.get(name);
    if (!existing) target.properties.set(name, located);
    // Both sides of an allOf describe the property: it must satisfy both (`dataset: string` and `dataset: {enum: [abp]}`).
    else if (existing.node !== located.node && existing.doc === located.doc) target.properties.set(name, { node: { allOf: [existing.node, located.node] }, doc: located.doc, pointer: located.pointer });
  }
  for (const name of member.required) target.required.add(name);
  if (member.additional === false) target.additional = false;
  else if (member.additional && target.additional === undefined) target.additional = member.additional;
  target.items ??= member.items;
  target.variants ??= member.variants;
  target.readOnly ||= member.readOnly;
  target.writeOnly ||= member.writeOnly;
  target.deprecated ||= member.deprecated;
  target.title ??= member.title;
  target.propertyNames ??= member.propertyNames;
  if (member.patternProperties) target.patternProperties = new Map([...(member.patternProperties ?? []), ...(target.patternProperties ?? [])]);
  if (member.dependentRequired) target.dependentRequired = new Map([...member.dependentRequired, ...(target.dependentRequired ?? [])]);
  target.not ??= member.not;
  target.conditional ??= member.conditional;
  target.multipleOf ??= member.multipleOf;
  target.uniqueItems ||= member.uniqueItems;
  target.discriminator ??= member.discriminator;
  target.prefixItems ??= member.prefixItems;
  target.contains ??= member.contains;
  if (member.dependentSchemas) target.dependentSchemas = new Map([...member.dependentSchemas, ...(target.dependentSchemas ?? [])]);
}

function intersectTypes(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const type of a) {
    if (b.has(type)) out.add(type);
    else if (type === "integer" && b.has("number")) out.add("integer");
  }
  for (const type of b) if (type === "integer" && a.has("number")) out.add("integer");
  return out;
}

function tighten(bounds: Partial<Record<BoundKeyword, Bound>>, keyword: BoundKeyword, bound: Bound, side: "max" | "min"): void {
  const current = bounds[keyword];
  if (!current || compareBound(bound, current, side) < 0) bounds[keyword] = bound;
}

/**
 * Negative when `a` is the tighter bound. For a maximum, lower is tighter; for a
 * minimum, higher is tighter; at equal values the exclusive one is tighter.
 */
export function compareBound(a: Bound | undefined, b: Bound | undefined, side: "max" | "min"): number {
  if (!a && !b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  if (a.value !== b.value) return side === "max" ? a.value - b.value : b.value - a.value;
  return Number(b.exclusive) - Number(a.exclusive);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && typeof b === "object" && canonicalJson(a) === canonicalJson(b));
}

/** Whether the type set `wide` accepts every value of type `type` (number accepts integer). */
export function typeCovered(wide: ReadonlySet<string> | undefined, type: string): boolean {
  if (!wide) return true;
  return wide.has(type) || (type === "integer" && wide.has("number"));
}

/**
 * Whether an array may hold an item at `position` (0-based). A closed tuple (`items: false`, or
 * `unevaluatedItems: false` standing for it) is the `maxItems` it amounts to, so this one fact
 * covers it, an explicit `maxItems`, and a closed allOf member alike: past it nothing is allowed,
 * which is not the same as "no item schema" (anything allowed).
 */
export function acceptsItemAt(schema: CanonicalSchema, position: number): boolean {
  const max = schema.bounds.maxItems;
  return !max || position < max.value;
}

export function describeTypes(types: ReadonlySet<string> | undefined, nullable = false): string {
  if (!types) return "any type";
  const list = [...types].sort();
  if (nullable) list.push("null");
  return list.length ? list.join("|") : "nothing";
}
