import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Pair, type YAMLMap } from "yaml";

/**
 * The 1-based line of a key path inside a YAML or JSON document, so a config
 * error can point at the line a person must edit. Aliases are followed to their
 * anchor, and a key a mapping only has through a `<<` merge key is found where
 * the merged mapping spells it (the line to edit). Falls back to the deepest
 * ancestor that exists.
 */
export function lineOfPath(document: Document, source: string, path: readonly (string | number)[]): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = rangeStart(node);
  for (const segment of path) {
    node = followAlias(document, node);
    if (isMap(node)) {
      const pair = pairOf(document, node, String(segment), 0);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && (typeof segment === "number" || /^\d+$/.test(segment))) {
      node = node.items[Number(segment)];
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  if (offset === undefined) return undefined;
  return source.slice(0, offset).split("\n").length;
}

function followAlias(document: Document, node: unknown): unknown {
  // An alias of an alias is not valid YAML, so one step is enough.
  return isAlias(node) ? node.resolve(document) : node;
}

/** The pair for `key` in `map`: its own, else one it merges in (`<<: *a` or `<<: [*a, *b]`, the first source winning, as YAML 1.1 says). */
function pairOf(document: Document, map: YAMLMap, key: string, depth: number): Pair | undefined {
  const keyOf = (item: Pair) => String(isScalar(item.key) ? item.key.value : item.key);
  const own = map.items.find((item) => keyOf(item) !== "<<" && keyOf(item) === key);
  if (own || depth > 8) return own;
  for (const merge of map.items.filter((item) => keyOf(item) === "<<")) {
    const value = followAlias(document, merge.value);
    const sources = isSeq(value) ? value.items.map((item) => followAlias(document, item)) : [value];
    for (const source of sources) {
      const found = isMap(source) ? pairOf(document, source, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

export { parseDocument };
