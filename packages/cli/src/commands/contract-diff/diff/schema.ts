/**
 * Schema comparison by walking both `$ref` graphs at once. Each (base schema,
 * head schema, direction) pair becomes one node holding the changes found at
 * that level and edges to the pairs below it; a pair is created once and
 * reused, so shared components are compared once for the whole spec and cycles
 * simply become cycles in the pair graph. An operation's schema changes are
 * the changes of every pair reachable from its roots, each reported once.
 */
import type { ChangeParams, SpecPointer } from "../model.js";
import { ruleById } from "../rules/registry.js";
import type { Located } from "../load/spec.js";
import {
  CONTAINS_KEYWORDS,
  Canonicalizer,
  MAX_KEYWORDS,
  MIN_KEYWORDS,
  acceptsItemAt,
  compareBound,
  describeTypes,
  sameValue,
  typeCovered,
  type Bound,
  type CanonicalSchema,
} from "./canonical.js";

export type Direction = "request" | "response";

/** A change found inside a schema, before it is attached to an operation. */
export interface SchemaChange {
  id: string;
  params: ChangeParams;
  /** Where inside the schemas, e.g. "PropertyOut.address.postcode". */
  target: string;
  pointer?: SpecPointer;
}

export interface PairNode {
  changes: SchemaChange[];
  children: PairNode[];
}

export class SchemaDiffer {
  private readonly pairs = new Map<string, PairNode>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  constructor(
    private readonly base: Canonicalizer,
    private readonly head: Canonicalizer,
  ) {}

  /** Compare the schemas at two locations; `target` names the spot when neither side is a named component. */
  compare(baseAt: Located, headAt: Located, direction: Direction, target: string, options: { nullable?: boolean } = {}): PairNode {
    let base = this.base.of(baseAt);
    let head = this.head.of(headAt);
    // Values that cannot be null on the wire (parameters, headers) compare without their nullability.
    if (options.nullable === false) {
      base = this.withoutNull(base);
      head = this.withoutNull(head);
    }
    return this.comparePair(base, head, direction, target);
  }

  /** Every change reachable from the roots, once each (by rule, target and message parameters). */
  static collect(roots: PairNode[], seen = new Set<PairNode>(), keys = new Set<string>()): SchemaChange[] {
    const out: SchemaChange[] = [];
    const stack = [...roots].reverse();
    while (stack.length) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const change of node.changes) {
        const key = `${change.id}\u0000${change.target}\u0000${JSON.stringify(change.params)}`;
        if (keys.has(key)) continue;
        keys.add(key);
        out.push(change);
      }
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
    return out;
  }

  private id(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(object, id);
    }
    return id;
  }

  private comparePair(base: CanonicalSchema, head: CanonicalSchema, direction: Direction, target: string): PairNode {
    const key = `${this.id(base)}:${this.id(head)}:${direction}`;
    const existing = this.pairs.get(key);
    if (existing) return existing;
    const node: PairNode = { changes: [], children: [] };
    this.pairs.set(key, node);
    // Inside a named component, locations start at its name, so the same change
    // reached from many operations reads the same everywhere.
    const here = head.name ?? base.name ?? target;
    new PairComparison(this, base, head, direction, here, node).run();
    return node;
  }

  /** @internal used by PairComparison to descend. */
  descend(baseAt: Located, headAt: Located, direction: Direction, target: string): PairNode {
    return this.comparePair(this.base.of(baseAt), this.head.of(headAt), direction, target);
  }

  /** @internal used for oneOf/anyOf alternatives, which are canonical already. */
  descendCanonical(base: CanonicalSchema, head: CanonicalSchema, direction: Direction, target: string): PairNode {
    return this.comparePair(base, head, direction, target);
  }

  private readonly nonNullViews = new WeakMap<CanonicalSchema, CanonicalSchema>();

  /**
   * @internal The schema with null left out. A oneOf's nullability is judged once,
   * on the oneOf itself; its alternatives are then compared as non-null shapes.
   */
  withoutNull(schema: CanonicalSchema): CanonicalSchema {
    if (!schema.nullable) return schema;
    let view = this.nonNullViews.get(schema);
    if (!view) {
      view = { ...schema, nullable: false };
      this.nonNullViews.set(schema, view);
    }
    return view;
  }

  /** @internal */
  canonical(side: "base" | "head", at: Located): CanonicalSchema {
    return (side === "base" ? this.base : this.head).of(at);
  }
}

class PairComparison {
  constructor(
    private readonly differ: SchemaDiffer,
    private readonly base: CanonicalSchema,
    private readonly head: CanonicalSchema,
    private readonly direction: Direction,
    private readonly target: string,
    private readonly node: PairNode,
  ) {}

  private emit(suffix: string, params: ChangeParams = {}, target = this.target, pointerOf: CanonicalSchema = this.head): void {
    this.node.changes.push({
      id: `${this.direction}-${suffix}`,
      params: { target, ...params },
      target,
      pointer: { side: "head", document: pointerOf.doc, segments: pointerOf.pointer },
    });
  }

  run(): void {
    const { base, head } = this;
    this.compareNullable();
    if (base.discriminator || head.discriminator) this.compareDiscriminator();
    if (base.variants || head.variants) {
      this.compareVariants();
      // `oneOf: [A, B], unevaluatedProperties: false` closes every alternative: judged once, here.
      this.compareAdditional();
      return;
    }
    if (this.compareTypes()) return;
    this.compareEnum();
    this.compareFormat();
    this.comparePattern();
    this.compareBounds();
    this.compareMultipleOf();
    this.compareFlag("uniqueItems", "unique-items-added", "unique-items-removed");
    this.compareText("not", "not");
    this.compareText("conditional", "conditional");
    if (base.properties.size || head.properties.size) this.compareProperties();
    if (base.requiredAnyOf || head.requiredAnyOf) this.compareRequiredAlternatives();
    if (base.dependentRequired || head.dependentRequired) this.compareDependentRequired();
    this.compareAdditional();
    if (base.propertyNames || head.propertyNames) this.comparePropertyNames();
    if (base.patternProperties || head.patternProperties) this.comparePatternProperties();
    if (base.dependentSchemas || head.dependentSchemas) this.compareDependentSchemas();
    if (base.prefixItems || head.prefixItems) this.comparePrefixItems();
    if (base.contains || head.contains) this.compareContains();
    this.compareItems();
  }

  /**
   * The item schema (past any tuple prefix): compared when both have one, else declared or dropped.
   * Where either side allows no item there (a closed tuple, `maxItems`), there is nothing to
   * compare: the `maxItems` change says what moved (a request only gains from an old closed side;
   * a response promises nothing past a new closed side).
   */
  private compareItems(): void {
    const { base, head } = this;
    const rest = Math.max(base.prefixItems?.length ?? 0, head.prefixItems?.length ?? 0);
    if (!acceptsItemAt(base, rest) || !acceptsItemAt(head, rest)) return;
    if (base.items && head.items) this.node.children.push(this.differ.descend(base.items, head.items, this.direction, `${this.target}[]`));
    // Only where both sides may be arrays (a type change is reported as such); past a tuple prefix, `items` is the rest.
    else if (!typeCovered(base.types, "array") || !typeCovered(head.types, "array")) return;
    else if (head.items) this.emit("items-constrained", {}, `${this.target}[]`, this.differ.canonical("head", head.items));
    else if (base.items) this.emit("items-unconstrained", {}, `${this.target}[]`);
  }

  /**
   * Tuple positions: position i is `prefixItems[i]`, or the rest schema (`items`) past the
   * prefix. A position both sides describe is compared as a schema (an `items` schema turned
   * into per-position schemas compares each against the old item schema); a position only
   * one side constrains is a prefix item added or removed. A position one side allows no item at
   * (past a closed tuple or `maxItems`) is not "unconstrained" but empty: the `maxItems` change
   * reports it, so it is skipped here.
   */
  private comparePrefixItems(): void {
    const { base, head } = this;
    const basePrefix = base.prefixItems ?? [];
    const headPrefix = head.prefixItems ?? [];
    for (let i = 0; i < Math.max(basePrefix.length, headPrefix.length); i++) {
      const from = basePrefix[i] ?? base.items;
      const to = headPrefix[i] ?? head.items;
      if (!acceptsItemAt(base, i) || !acceptsItemAt(head, i)) continue;
      const target = `${this.target}[${i}]`;
      if (from && to) this.node.children.push(this.differ.descend(from, to, this.direction, target));
      else if (to) this.emit("prefix-item-added", { position: i }, target, this.differ.canonical("head", to));
      else if (from) this.emit("prefix-item-removed", { position: i }, target);
    }
  }

  /** `contains`: a request array must still satisfy it, a response array must still keep the promise. */
  private compareContains(): void {
    const { base, head } = this;
    if (base.contains && head.contains) {
      this.node.children.push(this.differ.descend(base.contains, head.contains, this.direction, `${this.target}[contains]`));
      return;
    }
    if (head.contains) this.emit("contains-added", {}, this.target, this.differ.canonical("head", head.contains));
    else this.emit("contains-removed");
  }

  private compareDependentSchemas(): void {
    const base = this.base.dependentSchemas ?? new Map<string, Located>();
    const head = this.head.dependentSchemas ?? new Map<string, Located>();
    for (const [name, headAt] of head) {
      const baseAt = base.get(name);
      if (baseAt) this.node.children.push(this.differ.descend(baseAt, headAt, this.direction, `${this.target}(with ${name})`));
      else this.emit("dependent-schema-added", { name }, this.target, this.differ.canonical("head", headAt));
    }
    for (const name of base.keys()) if (!head.has(name)) this.emit("dependent-schema-removed", { name });
  }

  private compareNullable(): void {
    const { base, head } = this;
    if (base.nullable === head.nullable) return;
    this.emit(head.nullable ? "became-nullable" : "became-not-nullable");
  }

  /** True when the types are incompatible, so comparing deeper would only add noise. */
  private compareTypes(): boolean {
    const { base, head } = this;
    const baseTypes = base.types;
    const headTypes = head.types;
    const lost = baseTypes ? [...baseTypes].filter((type) => !typeCovered(headTypes, type)) : headTypes ? ["any"] : [];
    const gained = headTypes ? [...headTypes].filter((type) => !typeCovered(baseTypes, type)) : baseTypes ? ["any"] : [];
    if (!lost.length && !gained.length) return false;
    const params = { from: describeTypes(baseTypes), to: describeTypes(headTypes) };
    if (this.direction === "request") {
      if (lost.length) this.emit("type-changed", params);
      else this.emit("type-widened", params);
      return lost.length > 0;
    }
    if (gained.length) this.emit("type-changed", params);
    else this.emit("type-narrowed", params);
    return gained.length > 0;
  }

  private compareEnum(): void {
    const { base, head } = this;
    if (!base.enum && !head.enum) return;
    if (!base.enum) {
      this.emit("enum-constraint-added", { values: listValues(head.enum!) });
      return;
    }
    if (!head.enum) {
      this.emit("enum-constraint-removed", { values: listValues(base.enum) });
      return;
    }
    const removed = base.enum.filter((value) => !head.enum!.some((other) => sameValue(value, other)));
    const added = head.enum.filter((value) => !base.enum!.some((other) => sameValue(value, other)));
    if (removed.length) this.emit("enum-value-removed", { values: listValues(removed) });
    if (added.length) this.emit("enum-value-added", { values: listValues(added) });
  }

  private compareFormat(): void {
    const { base, head } = this;
    if (base.format === head.format) return;
    const params = { from: base.format ?? "none", to: head.format ?? "none" };
    // A request format added or changed may reject values; a response format removed or changed may not parse.
    if (this.direction === "request" && head.format !== undefined) this.emit("format-changed", params);
    if (this.direction === "response" && base.format !== undefined) this.emit("format-changed", params);
  }

  private comparePattern(): void {
    const { base, head } = this;
    if (base.pattern === head.pattern) return;
    const params = { from: base.pattern ?? "", to: head.pattern ?? "" };
    if (this.direction === "request") {
      if (base.pattern === undefined) this.emit("pattern-added", params);
      else if (head.pattern === undefined) this.emit("pattern-removed", params);
      else this.emit("pattern-changed", params);
    } else if (base.pattern === undefined) this.emit("pattern-added", params);
    else this.emit("pattern-changed", params);
  }

  private compareBounds(): void {
    for (const [keywords, side] of [
      [MAX_KEYWORDS, "max"],
      [MIN_KEYWORDS, "min"],
    ] as const) {
      for (const keyword of keywords) {
        // minContains/maxContains mean nothing without `contains`; its own rules report it appearing.
        if (CONTAINS_KEYWORDS.has(keyword) && !(this.base.contains && this.head.contains)) continue;
        const from = this.base.bounds[keyword];
        const to = this.head.bounds[keyword];
        const order = compareBound(to, from, side);
        if (order === 0) continue;
        const tighter = order < 0;
        const params = { keyword, from: describeBound(from), to: describeBound(to) };
        // The rule id says what moved; its level (from the registry) says whether that breaks this direction.
        if (side === "max") this.emit(tighter ? "max-decreased" : "max-increased", params);
        else this.emit(tighter ? "min-increased" : "min-decreased", params);
      }
    }
  }

  /**
   * Every multiple of `from` is a multiple of `to` exactly when from/to is an
   * integer: 10 → 5 accepts more, 5 → 10 or 5 → 3 rejects values that were valid.
   */
  private compareMultipleOf(): void {
    const from = this.base.multipleOf;
    const to = this.head.multipleOf;
    if (from === to) return;
    const divides = (big: number | undefined, small: number | undefined) => small === undefined || (big !== undefined && isWholeRatio(big, small));
    const params = { from: from ?? "none", to: to ?? "none" };
    // A request must still accept every old value; a response must still keep every old promise.
    const compatible = this.direction === "request" ? divides(from, to) : divides(to, from);
    this.emit(compatible ? "multiple-of-compatible" : "multiple-of-changed", params);
  }

  private compareFlag(key: "uniqueItems", added: string, removed: string): void {
    if (this.base[key] === this.head[key]) return;
    this.emit(this.head[key] ? added : removed);
  }

  /** `not` and `if/then/else` are compared as written: added, removed or changed. */
  private compareText(key: "not" | "conditional", prefix: string): void {
    const from = this.base[key];
    const to = this.head[key];
    if (from === to) return;
    if (from === undefined) this.emit(`${prefix}-added`, { to: shorten(to!) });
    else if (to === undefined) this.emit(`${prefix}-removed`, { from: shorten(from) });
    else this.emit(`${prefix}-changed`, { from: shorten(from), to: shorten(to) });
  }

  private compareDependentRequired(): void {
    const base = this.base.dependentRequired ?? new Map<string, readonly string[]>();
    const head = this.head.dependentRequired ?? new Map<string, readonly string[]>();
    for (const name of new Set([...base.keys(), ...head.keys()])) {
      const before = new Set(base.get(name) ?? []);
      const after = new Set(head.get(name) ?? []);
      const added = [...after].filter((other) => !before.has(other));
      const removed = [...before].filter((other) => !after.has(other));
      if (added.length) this.emit("dependent-required-added", { name, values: added.map((v) => `\`${v}\``).join(", ") });
      if (removed.length) this.emit("dependent-required-removed", { name, values: removed.map((v) => `\`${v}\``).join(", ") });
    }
  }

  private comparePropertyNames(): void {
    const { base, head } = this;
    if (base.propertyNames && head.propertyNames) {
      this.node.children.push(this.differ.descend(base.propertyNames, head.propertyNames, this.direction, `${this.target}{keys}`));
      return;
    }
    if (head.propertyNames) this.emit("property-names-added", {}, this.target, this.differ.canonical("head", head.propertyNames));
    else this.emit("property-names-removed");
  }

  private comparePatternProperties(): void {
    const base = this.base.patternProperties ?? new Map<string, Located>();
    const head = this.head.patternProperties ?? new Map<string, Located>();
    for (const [pattern, headAt] of head) {
      const baseAt = base.get(pattern);
      if (baseAt) this.node.children.push(this.differ.descend(baseAt, headAt, this.direction, `${this.target}{/${pattern}/}`));
      else this.emit("pattern-property-added", { pattern }, this.target, this.differ.canonical("head", headAt));
    }
    for (const pattern of base.keys()) {
      if (head.has(pattern)) continue;
      // A closed request object rejects the keys that pattern let through: say it as what it is.
      if (this.direction === "request" && this.head.additional === false) this.emit("additional-properties-restricted", {}, `${this.target} (keys matching /${pattern}/)`);
      else this.emit("pattern-property-removed", { pattern });
    }
  }

  private compareDiscriminator(): void {
    const base = this.base.discriminator;
    const head = this.head.discriminator;
    if (!base || !head) return;
    if (base.propertyName !== head.propertyName) {
      this.emit("discriminator-property-changed", { from: base.propertyName, to: head.propertyName });
      return;
    }
    for (const [tag, schema] of base.mapping) {
      const now = head.mapping.get(tag);
      if (now === undefined) this.emit("discriminator-mapping-removed", { tag, from: schema });
      else if (now !== schema) this.emit("discriminator-mapping-changed", { tag, from: schema, to: now });
    }
    for (const [tag, schema] of head.mapping) if (!base.mapping.has(tag)) this.emit("discriminator-mapping-added", { tag, to: schema });
  }

  private compareProperties(): void {
    const { base, head, direction } = this;
    const hidden = (schema: CanonicalSchema) => (direction === "request" ? schema.readOnly : schema.writeOnly);
    const names = new Set([...base.properties.keys(), ...head.properties.keys()]);
    for (const name of names) {
      const baseAt = base.properties.get(name);
      const headAt = head.properties.get(name);
      const baseProperty = baseAt && this.differ.canonical("base", baseAt);
      const headProperty = headAt && this.differ.canonical("head", headAt);
      const inBase = baseProperty !== undefined && !hidden(baseProperty);
      const inHead = headProperty !== undefined && !hidden(headProperty);
      const target = `${this.target}.${name}`;
      const note = headProperty && hidden(headProperty) ? ` (now ${direction === "request" ? "readOnly" : "writeOnly"})` : "";
      if (inBase && !inHead) {
        const at = headProperty ?? this.head;
        if (direction === "request") this.emit("property-removed", { note }, `${target}${note}`, at);
        else this.emit(base.required.has(name) ? "required-property-removed" : "optional-property-removed", { note }, `${target}${note}`, at);
        continue;
      }
      if (!inBase && inHead) {
        if (direction === "request") this.emit(head.required.has(name) ? "required-property-added" : "optional-property-added", {}, target, headProperty);
        else this.emit("property-added", {}, target, headProperty);
        continue;
      }
      if (!inBase || !inHead) continue;
      const wasRequired = base.required.has(name);
      const isRequired = head.required.has(name);
      if (wasRequired !== isRequired) this.emit(isRequired ? "property-became-required" : "property-became-optional", {}, target, headProperty);
      this.node.children.push(this.differ.descend(baseAt!, headAt!, direction, target));
    }
  }

  /**
   * `anyOf` of required-property sets: a request accepted before must still be
   * accepted (each old set still suffices), and a response must still carry what
   * one of the old sets guaranteed.
   */
  private compareRequiredAlternatives(): void {
    const alternatives = (schema: CanonicalSchema) => (schema.requiredAnyOf ?? [[]]).map((set) => new Set([...set, ...schema.required]));
    const base = alternatives(this.base);
    const head = alternatives(this.head);
    const subset = (small: Set<string>, big: Set<string>) => [...small].every((name) => big.has(name));
    const describe = (sets: Set<string>[]) => sets.map((set) => [...set].sort().join("+") || "nothing").join(" | ");
    const target = `${this.target} (one of: ${describe(head)})`;
    if (this.direction === "request") {
      if (!base.every((old) => head.some((now) => subset(now, old)))) this.emit("property-became-required", {}, target);
    } else if (!head.every((now) => base.some((old) => subset(old, now)))) this.emit("property-became-optional", {}, target);
  }

  private compareAdditional(): void {
    const { base, head } = this;
    if (base.additional && head.additional) {
      this.node.children.push(this.differ.descend(base.additional, head.additional, this.direction, `${this.target}{}`));
      return;
    }
    // A schema for extra property values appeared or went (a map's value type declared or dropped).
    if (base.additional === undefined && head.additional) {
      this.emit("additional-properties-constrained", {}, `${this.target}{}`, this.differ.canonical("head", head.additional));
      return;
    }
    if (base.additional && head.additional === undefined) {
      this.emit("additional-properties-unconstrained", {}, `${this.target}{}`);
      return;
    }
    if (this.direction !== "request") return;
    const wasClosed = base.additional === false;
    const isClosed = head.additional === false;
    if (!wasClosed && isClosed) this.emit("additional-properties-restricted");
    if (wasClosed && !isClosed) this.emit("additional-properties-allowed");
  }

  private compareVariants(): void {
    const baseVariants = (this.base.variants ?? [this.base]).map((variant) => this.differ.withoutNull(variant));
    const headVariants = (this.head.variants ?? [this.head]).map((variant) => this.differ.withoutNull(variant));
    const { pairs, removed, added } = matchVariants(baseVariants, headVariants);
    for (const [baseVariant, headVariant] of pairs) {
      if (baseVariant === this.base && headVariant === this.head) continue;
      this.node.children.push(
        this.differ.descendCanonical(baseVariant, headVariant, this.direction, `${this.target}|${variantLabel(headVariant, headVariants.indexOf(headVariant))}`),
      );
    }
    // An alternative without a counterpart may still be covered by a wider one on
    // the other side (two shapes merged into one, a more specific shape added):
    // then it is rated as the change from it to that one would be on its own. No
    // breaking change there means nothing breaks; a warning there (a property no
    // longer declared, a changed pattern) is reported as that warning, not as a
    // whole alternative gone — which would be a false break.
    const covering = (from: CanonicalSchema, candidates: CanonicalSchema[], side: "base" | "head") => {
      for (const candidate of candidates) {
        const [b, h] = side === "head" ? [from, candidate] : [candidate, from];
        const node = this.differ.descendCanonical(b, h, this.direction, this.target);
        const changes = SchemaDiffer.collect([node]);
        if (changes.some((change) => ruleById(change.id).level === "breaking")) continue;
        const warnings = changes.filter((change) => ruleById(change.id).level === "warning");
        if (warnings.length) this.node.children.push({ changes: warnings, children: [] });
        return candidate;
      }
      return undefined;
    };
    // A side without alternatives is one shape: name it as such, never as an alternative of itself.
    const baseLabel = (variant: CanonicalSchema) => (this.base.variants ? variantLabel(variant, baseVariants.indexOf(variant)) : "its previous single shape (no oneOf/anyOf)");
    const headLabel = (variant: CanonicalSchema) => (this.head.variants ? variantLabel(variant, headVariants.indexOf(variant)) : "its new single shape (no oneOf/anyOf)");
    for (const variant of removed) {
      const label = baseLabel(variant);
      // Only a removal from a request can break; elsewhere the plain rule (info) says it all.
      const within = this.direction === "request" ? covering(variant, headVariants, "head") : undefined;
      if (within) this.emit("variant-removed-within-existing", { variant: label, within: headLabel(within) });
      else this.emit("variant-removed", { variant: label });
    }
    for (const variant of added) {
      const label = headLabel(variant);
      const within = this.direction === "response" ? covering(variant, baseVariants, "base") : undefined;
      if (within) this.emit("variant-added-within-existing", { variant: label, within: baseLabel(within) }, this.target, variant);
      else this.emit("variant-added", { variant: label }, this.target, variant);
    }
  }
}

function variantLabel(schema: CanonicalSchema, index: number): string {
  if (schema.name) return schema.name;
  if (schema.allOfNames?.length) return schema.allOfNames.join("+");
  if (schema.title) return schema.title;
  const tag = discriminator(schema);
  if (tag) return tag;
  return `#${index + 1} (${describeTypes(schema.types)})`;
}

const NEVER = -1_000_000;

/** How likely two alternatives are the same one: names, discriminator values, titles, shared properties. */
function similarity(a: CanonicalSchema, b: CanonicalSchema): number {
  const tagA = discriminator(a);
  const tagB = discriminator(b);
  if (tagA !== undefined && tagB !== undefined && tagA !== tagB) return NEVER;
  let score = 0;
  if (a.name !== undefined && a.name === b.name) score += 1000;
  if (tagA !== undefined && tagA === tagB) score += 500;
  if (a.title !== undefined && a.title === b.title) score += 200;
  const namesA = new Set(a.allOfNames ?? []);
  for (const name of b.allOfNames ?? []) if (namesA.has(name)) score += 100;
  if (describeTypes(a.types) === describeTypes(b.types)) score += a.properties.size === 0 && b.properties.size === 0 && a.types !== undefined ? 100 : 10;
  const propertiesA = new Set(a.properties.keys());
  const propertiesB = [...b.properties.keys()];
  const shared = propertiesB.filter((name) => propertiesA.has(name)).length;
  const union = propertiesA.size + propertiesB.length - shared;
  if (union) score += Math.round((50 * shared) / union);
  if (a.enum && b.enum && JSON.stringify(a.enum) === JSON.stringify(b.enum)) score += 50;
  return score;
}

/**
 * Pair alternatives by similarity (best pairs first), so inserting one in the
 * middle of a oneOf does not shift every pairing after it. Alternatives left over
 * pair by order when as many remain on both sides and nothing says they differ.
 */
export function matchVariants(base: CanonicalSchema[], head: CanonicalSchema[]): { pairs: [CanonicalSchema, CanonicalSchema][]; removed: CanonicalSchema[]; added: CanonicalSchema[] } {
  const candidates: { i: number; j: number; score: number }[] = [];
  base.forEach((a, i) => head.forEach((b, j) => candidates.push({ i, j, score: similarity(a, b) })));
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const usedBase = new Set<number>();
  const usedHead = new Set<number>();
  const pairs: [CanonicalSchema, CanonicalSchema][] = [];
  // A pair needs positive evidence (a name, a tag, a title, mostly shared properties) to match here.
  for (const { i, j, score } of candidates) {
    if (score < 60 || usedBase.has(i) || usedHead.has(j)) continue;
    usedBase.add(i);
    usedHead.add(j);
    pairs.push([base[i]!, head[j]!]);
  }
  const restBase = base.filter((_, i) => !usedBase.has(i));
  const restHead = head.filter((_, j) => !usedHead.has(j));
  if (restBase.length === restHead.length && restBase.every((a, k) => similarity(a, restHead[k]!) > NEVER)) {
    restBase.forEach((a, k) => pairs.push([a, restHead[k]!]));
    return { pairs, removed: [], added: [] };
  }
  return { pairs, removed: restBase, added: restHead };
}

/** The single enum value of a property that looks like a discriminator (`kind: {enum: ["card"]}`), as text. */
function discriminator(schema: CanonicalSchema): string | undefined {
  for (const [name, located] of schema.properties) {
    const value = singleValue(located.node);
    if (value !== undefined) return `${name}=${value}`;
  }
  return undefined;
}

/** The one value a raw property schema allows (`enum: [x]`, `const: x`, or either inside an allOf), as JSON. */
function singleValue(node: unknown): string | undefined {
  const raw = node as { enum?: unknown[]; const?: unknown; allOf?: unknown[] } | undefined;
  if (!raw || typeof raw !== "object") return undefined;
  if (raw.enum?.length === 1) return JSON.stringify(raw.enum[0]);
  if ("const" in raw) return JSON.stringify(raw.const);
  if (Array.isArray(raw.allOf)) for (const member of raw.allOf) {
    const value = singleValue(member);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Whether big / small is a whole number (with float tolerance: 0.3 / 0.1). */
function isWholeRatio(big: number, small: number): boolean {
  const ratio = big / small;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

/** A schema quoted in a message, cut to a readable length. */
function shorten(json: string): string {
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 10).map((value) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``);
  return values.length > 10 ? `${shown.join(", ")} and ${values.length - 10} more` : shown.join(", ");
}

function describeBound(bound: Bound | undefined): string {
  if (!bound) return "none";
  return bound.exclusive ? `${bound.value} (exclusive)` : String(bound.value);
}
