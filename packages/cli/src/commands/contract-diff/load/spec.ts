/**
 * A loaded spec: the root document plus every file its `$ref`s reach, and a
 * resolver that follows refs lazily (nothing is dereferenced up front, so cyclic
 * schemas cost nothing and 12 MB specs stay as parsed).
 */
import { InputError } from "../../../kernel/errors.js";
import { parseSpecText } from "./parse.js";
import { convertSwagger2 } from "./swagger2.js";
import { readSource, relativeSource, sourceKey, type SpecSource } from "./source.js";

export interface SpecDocument {
  uri: string;
  source: SpecSource;
  text: string;
  value: unknown;
}

/** A node reached by following refs, with where it lives (for nested refs and line numbers). */
export interface Located<T = unknown> {
  node: T;
  /** URI of the document the node is in. */
  doc: string;
  /** JSON pointer segments inside that document. */
  pointer: readonly string[];
  /** The last segment of the last `$ref` followed, e.g. a component schema's name. */
  refName?: string;
}

export type OpenApiVersion = "2.0" | "3.0" | "3.1";

export class Spec {
  readonly documents = new Map<string, SpecDocument>();

  constructor(
    readonly root: SpecDocument,
    /** The version as written (2.0 documents are converted to 3.0 before use). */
    readonly version: OpenApiVersion,
  ) {
    this.documents.set(root.uri, root);
  }

  get value(): Record<string, unknown> {
    return this.root.value as Record<string, unknown>;
  }

  /** Follow `$ref`s from a node until a non-ref node; throws InputError for a dangling or looping ref. */
  resolve<T = unknown>(located: Located): Located<T> {
    let current = located;
    for (let hops = 0; hops < 64; hops++) {
      const node = current.node as { $ref?: unknown } | null;
      if (!node || typeof node !== "object" || typeof node.$ref !== "string") return current as Located<T>;
      current = this.follow(node.$ref, current.doc);
    }
    throw new InputError(`$ref chain does not end (a ref points back at itself): ${String((located.node as { $ref?: unknown }).$ref)}`, {
      file: this.documents.get(located.doc)?.source.shownAs ?? located.doc,
    });
  }

  /** The node a `$ref` string points at, seen from document `fromDoc`. */
  follow(ref: string, fromDoc: string): Located {
    const hash = ref.indexOf("#");
    const location = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? "" : ref.slice(hash + 1);
    let doc = fromDoc;
    if (location) {
      const from = this.documents.get(fromDoc)!;
      doc = sourceKey(relativeSource(from.source, location, "/"));
    }
    const document = this.documents.get(doc);
    if (!document) throw this.danglingRef(ref, fromDoc, "the file was not loaded");
    const pointer = fragment ? fragment.split("/").slice(1).map(decodeSegment) : [];
    let node: unknown = document.value;
    for (const segment of pointer) {
      if (node === null || typeof node !== "object") throw this.danglingRef(ref, fromDoc, `nothing at ${segment}`);
      node = (node as Record<string, unknown>)[segment];
      if (node === undefined) throw this.danglingRef(ref, fromDoc, `no "${segment}"`);
    }
    return { node, doc, pointer, refName: pointer.length ? pointer[pointer.length - 1] : location.replace(/^.*\//, "").replace(/\.(ya?ml|json)$/, "") };
  }

  private danglingRef(ref: string, fromDoc: string, why: string): InputError {
    const document = this.documents.get(fromDoc);
    const shownAs = document?.source.shownAs ?? fromDoc;
    const line = document ? lineOfText(document.text, `"${ref}"`) ?? lineOfText(document.text, ref) : undefined;
    return new InputError(`$ref "${ref}" cannot be resolved: ${why}`, { file: shownAs, line });
  }
}

function decodeSegment(segment: string): string {
  let decoded = segment;
  if (segment.includes("%")) {
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      decoded = segment;
    }
  }
  return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
}

function lineOfText(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index === -1 ? undefined : text.slice(0, index).split("\n").length;
}

/** Load a spec from its source: parse, check it is OpenAPI, convert 2.0, and load external ref targets. */
export async function loadSpec(source: SpecSource, cwd: string, readText: (source: SpecSource) => Promise<string> = (s) => readSource(s, cwd)): Promise<Spec> {
  const text = await readText(source);
  let value = parseSpecText(text, source.shownAs);
  const version = detectVersion(value, text, source.shownAs);
  if (version === "2.0") value = convertSwagger2(value as Record<string, unknown>);
  const spec = new Spec({ uri: sourceKey(source), source, text, value }, version);
  await loadExternalDocuments(spec, spec.root, cwd, readText);
  for (const document of spec.documents.values()) checkRefs(spec, document);
  return spec;
}

const JSON_REF = /"\$ref"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/**
 * Every `$ref` must resolve, even in parts the diff never visits: a dangling ref
 * is a broken spec. JSON documents are scanned as text (one regex pass over
 * 12 MB), YAML ones walked; each distinct ref is resolved once.
 */
function checkRefs(spec: Spec, document: SpecDocument): void {
  const refs = new Set<string>();
  if (document.text.trimStart().startsWith("{") && spec.version !== "2.0") {
    for (const match of document.text.matchAll(JSON_REF)) refs.add(JSON.parse(`"${match[1]}"`) as string);
  } else collectRefs(document.value, refs, new Set());
  for (const ref of refs) spec.follow(ref, document.uri);
}

function collectRefs(value: unknown, into: Set<string>, seen: Set<unknown>): void {
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into, seen);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$ref === "string") into.add(record.$ref);
  for (const key in record) collectRefs(record[key], into, seen);
}

function detectVersion(value: unknown, text: string, shownAs: string): OpenApiVersion {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new InputError("not an OpenAPI document: expected an object with `openapi: 3.x` or `swagger: \"2.0\"`", { file: shownAs, line: 1 });
  }
  const record = value as Record<string, unknown>;
  const expected = "`openapi: 3.0.x` / `openapi: 3.1.x` (or `swagger: \"2.0\"`) at the top level";
  if (record.swagger !== undefined) {
    if (String(record.swagger) !== "2.0") throw new InputError(`unsupported swagger version "${String(record.swagger)}"`, { file: shownAs, line: lineOfText(text, "swagger") }, { expected });
    return "2.0";
  }
  if (typeof record.openapi !== "string") {
    throw new InputError("not an OpenAPI document: no `openapi` version field", { file: shownAs, line: 1 }, { expected });
  }
  const match = /^3\.(\d+)/.exec(record.openapi);
  if (!match) throw new InputError(`unsupported OpenAPI version "${record.openapi}"`, { file: shownAs, line: lineOfText(text, "openapi") }, { expected });
  if (record.paths !== undefined && (typeof record.paths !== "object" || record.paths === null || Array.isArray(record.paths))) {
    throw new InputError("`paths` must be an object mapping path templates to path items", { file: shownAs, line: lineOfText(text, "paths") });
  }
  if (record.paths === undefined && match[1] === "0") {
    throw new InputError("OpenAPI 3.0 requires a `paths` object", { file: shownAs, line: 1 }, { expected: "paths: {}" });
  }
  return match[1] === "0" ? "3.0" : "3.1";
}

/** A cheap text test first: most specs have no external refs, and then we skip the walk over 12 MB. */
const EXTERNAL_REF = /["']?\$ref["']?\s*:\s*["']?(?!#)[^\s"'#]/;

async function loadExternalDocuments(spec: Spec, document: SpecDocument, cwd: string, readText: (source: SpecSource) => Promise<string>): Promise<void> {
  if (!EXTERNAL_REF.test(document.text)) return;
  const targets = new Set<string>();
  collectExternalRefs(document.value, targets, new Set());
  for (const target of targets) {
    const source = relativeSource(document.source, target, cwd);
    const uri = sourceKey(source);
    if (spec.documents.has(uri)) continue;
    const text = await readText(source);
    const loaded: SpecDocument = { uri, source, text, value: parseSpecText(text, source.shownAs) };
    spec.documents.set(uri, loaded);
    await loadExternalDocuments(spec, loaded, cwd, readText);
  }
}

function collectExternalRefs(value: unknown, into: Set<string>, seen: Set<unknown>): void {
  if (!value || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) collectExternalRefs(item, into, seen);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$ref === "string" && !record.$ref.startsWith("#")) {
    const location = record.$ref.split("#")[0]!;
    if (location) into.add(location);
  }
  for (const key in record) collectExternalRefs(record[key], into, seen);
}

/** A spec from an already-parsed document (tests, rule examples): no external refs. */
export function specFromObject(value: unknown, shownAs: string): Spec {
  const text = JSON.stringify(value, null, 2);
  const version = detectVersion(value, text, shownAs);
  const converted = version === "2.0" ? convertSwagger2(value as Record<string, unknown>) : value;
  const source: SpecSource = { kind: "file", path: `/${shownAs}`, shownAs };
  return new Spec({ uri: sourceKey(source), source, text, value: converted }, version);
}
