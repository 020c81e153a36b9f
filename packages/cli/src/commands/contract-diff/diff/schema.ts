/**
 * Schema comparison by walking both `$ref` graphs at once. Each (base schema,
 * head schema, direction) pair becomes one node holding the changes found at
 * that level and edges to the pairs below it; a pair is created once and
 * reused, so shared components are compared once for the whole spec and cycles
 * simply become cycles in the pair graph. An operation's schema changes are
 * the changes of every pair reachable from its roots, each reported once.
 */
import type { ChangeParams, SpecPointer } from "../model.js";
import type { Located } from "../load/spec.js";
import {
  Canonicalizer,
  MAX_KEYWORDS,
  MIN_KEYWORDS,
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
  compare(baseAt: Located, headAt: Located, direction: Direction, target: string): PairNode {
    return this.comparePair(this.base.of(baseAt), this.head.of(headAt), direction, target);
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
    if (base.variants || head.variants) {
      this.compareVariants();
      return;
    }
    if (this.compareTypes()) return;
    this.compareEnum();
    this.compareFormat();
    this.comparePattern();
    this.compareBounds();
    if (base.properties.size || head.properties.size) this.compareProperties();
    this.compareAdditional();
    if (base.items && head.items) this.node.children.push(this.differ.descend(base.items, head.items, this.direction, `${this.target}[]`));
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

  private compareAdditional(): void {
    const { base, head } = this;
    if (base.additional && head.additional) {
      this.node.children.push(this.differ.descend(base.additional, head.additional, this.direction, `${this.target}{}`));
      return;
    }
    if (this.direction !== "request") return;
    const wasClosed = base.additional === false;
    const isClosed = head.additional === false;
    if (!wasClosed && isClosed) this.emit("additional-properties-restricted");
    if (wasClosed && !isClosed) this.emit("additional-properties-allowed");
  }

  private compareVariants(): void {
    const baseVariants = this.base.variants ?? [this.base];
    const headVariants = this.head.variants ?? [this.head];
    const { pairs, removed, added } = matchVariants(baseVariants, headVariants);
    for (const [baseVariant, headVariant] of pairs) {
      if (baseVariant === this.base && headVariant === this.head) continue;
      this.node.children.push(
        this.differ.descendCanonical(baseVariant, headVariant, this.direction, `${this.target}|${variantLabel(headVariant, headVariants.indexOf(headVariant))}`),
      );
    }
    for (const variant of removed) this.emit("variant-removed", { variant: variantLabel(variant, baseVariants.indexOf(variant)) });
    for (const variant of added) this.emit("variant-added", { variant: variantLabel(variant, headVariants.indexOf(variant)) }, this.target, variant);
  }
}

function variantLabel(schema: CanonicalSchema, index: number): string {
  if (schema.name) return schema.name;
  return `#${index + 1} (${describeTypes(schema.types)})`;
}

function fingerprint(schema: CanonicalSchema): string {
  const properties = [...schema.properties.keys()].sort().join(",");
  return `${describeTypes(schema.types)}|${properties}|${schema.enum ? JSON.stringify(schema.enum) : ""}`;
}

/** Pair variants: same component name, then same shape, then by order when the counts leave no doubt. */
export function matchVariants(base: CanonicalSchema[], head: CanonicalSchema[]): { pairs: [CanonicalSchema, CanonicalSchema][]; removed: CanonicalSchema[]; added: CanonicalSchema[] } {
  const pairs: [CanonicalSchema, CanonicalSchema][] = [];
  const restBase = [...base];
  const restHead = [...head];
  const take = (match: (a: CanonicalSchema, b: CanonicalSchema) => boolean) => {
    for (let i = 0; i < restBase.length; i++) {
      const j = restHead.findIndex((candidate) => match(restBase[i]!, candidate));
      if (j === -1) continue;
      pairs.push([restBase[i]!, restHead[j]!]);
      restBase.splice(i--, 1);
      restHead.splice(j, 1);
    }
  };
  take((a, b) => a.name !== undefined && a.name === b.name);
  take((a, b) => fingerprint(a) === fingerprint(b));
  take((a, b) => discriminator(a) !== undefined && discriminator(a) === discriminator(b));
  if (restBase.length === restHead.length) {
    for (let i = 0; i < restBase.length; i++) pairs.push([restBase[i]!, restHead[i]!]);
    return { pairs, removed: [], added: [] };
  }
  return { pairs, removed: restBase, added: restHead };
}

/** The single enum value of a property that looks like a discriminator (`kind: {enum: ["card"]}`), as text. */
function discriminator(schema: CanonicalSchema): string | undefined {
  for (const [name, located] of schema.properties) {
    const raw = located.node as { enum?: unknown[]; const?: unknown } | undefined;
    if (raw?.enum?.length === 1) return `${name}=${JSON.stringify(raw.enum[0])}`;
    if (raw && "const" in raw) return `${name}=${JSON.stringify(raw.const)}`;
  }
  return undefined;
}

function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 10).map((value) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``);
  return values.length > 10 ? `${shown.join(", ")} and ${values.length - 10} more` : shown.join(", ");
}

function describeBound(bound: Bound | undefined): string {
  if (!bound) return "none";
  return bound.exclusive ? `${bound.value} (exclusive)` : String(bound.value);
}
