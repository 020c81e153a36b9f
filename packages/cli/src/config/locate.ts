import { isMap, isSeq, parseDocument, type Document } from "yaml";

/**
 * The 1-based line of a key path inside a YAML or JSON document, so a config
 * error can point at the line a person must edit. Falls back to the deepest
 * ancestor that exists.
 */
export function lineOfPath(document: Document, source: string, path: readonly (string | number)[]): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => String((item.key as { value?: unknown } | null)?.value ?? item.key) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  if (offset === undefined) return undefined;
  return source.slice(0, offset).split("\n").length;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}

export { parseDocument };
