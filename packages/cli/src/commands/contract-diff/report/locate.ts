/**
 * Lines of JSON pointers in a spec's text, for annotations. JSON is scanned
 * once, looking only inside the branches that lead to a wanted pointer, so a
 * 12 MB description costs one pass and no second parse. YAML goes through the
 * yaml package's Document (specs in YAML are small).
 */
import { lineOfPath, parseDocument } from "../../../config/locate.js";

/** Map each pointer (segments joined by "\u0000") to its 1-based line; missing pointers fall back to their deepest ancestor. */
export function locateLines(text: string, pointers: readonly (readonly string[])[]): Map<string, number> {
  const result = new Map<string, number>();
  if (!pointers.length) return result;
  const start = text.search(/\S/);
  if (text[start] === "{") {
    const lines = scanJson(text, pointers);
    for (const pointer of pointers) result.set(pointer.join("\u0000"), deepest(lines, pointer) ?? 1);
    return result;
  }
  const document = parseDocument(text);
  for (const pointer of pointers) result.set(pointer.join("\u0000"), lineOfPath(document, text, pointer) ?? 1);
  return result;
}

function deepest(lines: Map<string, number>, pointer: readonly string[]): number | undefined {
  for (let length = pointer.length; length > 0; length--) {
    const line = lines.get(pointer.slice(0, length).join("\u0000"));
    if (line !== undefined) return line;
  }
  return undefined;
}

/** Lines of every key on the way to the wanted pointers. */
function scanJson(text: string, pointers: readonly (readonly string[])[]): Map<string, number> {
  const wanted = new Set<string>();
  for (const pointer of pointers) for (let i = 1; i <= pointer.length; i++) wanted.add(pointer.slice(0, i).join("\u0000"));
  const lines = new Map<string, number>();
  // Stack of containers: the path to each, whether it is wanted, and (arrays) the next index.
  const stack: { path: string; wanted: boolean; isArray: boolean; index: number }[] = [];
  let line = 1;
  let pendingKey: string | undefined;
  let pendingWanted = false;
  let i = 0;
  const length = text.length;
  const childPath = (parent: string, key: string) => (parent === "" ? key : `${parent}\u0000${key}`);
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      line++;
      i++;
      continue;
    }
    if (code === 34) {
      // a string: a key when inside an object and followed by ':'
      let j = i + 1;
      let hasEscape = false;
      while (j < length) {
        const c = text.charCodeAt(j);
        if (c === 92) {
          hasEscape = true;
          j += 2;
          continue;
        }
        if (c === 34) break;
        j++;
      }
      const top = stack[stack.length - 1];
      if (top && !top.isArray && top.wanted) {
        let k = j + 1;
        while (k < length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13)) k++;
        if (text.charCodeAt(k) === 58) {
          const raw = text.slice(i + 1, j);
          const key = hasEscape ? (JSON.parse(`"${raw}"`) as string) : raw;
          const path = childPath(top.path, key);
          pendingKey = path;
          pendingWanted = wanted.has(path);
          if (pendingWanted) lines.set(path, line);
        }
      }
      i = j + 1;
      continue;
    }
    if (code === 123 || code === 91) {
      const top = stack[stack.length - 1];
      let path = "";
      let isWanted = stack.length === 0;
      if (top?.isArray) {
        path = childPath(top.path, String(top.index));
        isWanted = top.wanted && wanted.has(path);
        if (isWanted) lines.set(path, line);
      } else if (top) {
        path = pendingKey ?? "";
        isWanted = pendingWanted;
      }
      stack.push({ path, wanted: isWanted, isArray: code === 91, index: 0 });
      pendingKey = undefined;
      pendingWanted = false;
      i++;
      continue;
    }
    if (code === 125 || code === 93) {
      stack.pop();
      i++;
      continue;
    }
    if (code === 44) {
      const top = stack[stack.length - 1];
      if (top?.isArray) top.index++;
    }
    i++;
  }
  return lines;
}
