/**
 * Lines of JSON pointers in a spec's text, for annotations. JSON is scanned
 * once, looking only inside the branches that lead to a wanted pointer, so a
 * 12 MB description costs one pass and no second parse. Block-style YAML (what
 * spec generators and people write) is scanned line by line by indentation, the
 * same way; anchors, aliases, tags and complex keys fall back to the yaml
 * package's Document, which costs seconds on a 3 MB spec.
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
  const scanned = scanBlockYaml(text, pointers);
  if (scanned) {
    for (const pointer of pointers) result.set(pointer.join("\u0000"), deepest(scanned, pointer) ?? 1);
    return result;
  }
  const document = parseDocument(text);
  for (const pointer of pointers) result.set(pointer.join("\u0000"), lineOfPath(document, text, pointer) ?? 1);
  return result;
}

const YAML_KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"{[\]},&*!?|>%@`-][^#]*?|-[^\s#][^#]*?))[ \t]*:(?=[ \t]|$)/;

/**
 * Lines of the keys and sequence items on the way to the wanted pointers in
 * block-style YAML, or undefined when the text uses what this scan does not
 * read (anchors, aliases, tags, complex keys, several documents).
 */
export function scanBlockYaml(text: string, pointers: readonly (readonly string[])[]): Map<string, number> | undefined {
  const wanted = new Set<string>();
  for (const pointer of pointers) for (let i = 1; i <= pointer.length; i++) wanted.add(pointer.slice(0, i).join("\u0000"));
  const lines = new Map<string, number>();
  const join = (parent: string, key: string) => (parent === "" ? key : `${parent}\u0000${key}`);
  // Open collections, innermost last: their column, their path, and (sequences) the current index.
  const stack: { column: number; path: string; sequence: boolean; index: number }[] = [];
  let lastKey = ""; // path of the last key or item, which a deeper collection belongs to
  let skipDeeperThan = -1; // inside a block scalar or a multi-line flow collection: skip lines deeper than this
  let flowDepth = 0;
  const source = text.split("\n");
  for (let number = 0; number < source.length; number++) {
    const line = source[number]!;
    const column = line.search(/\S/);
    if (column === -1) continue;
    if (flowDepth > 0) {
      flowDepth += bracketBalance(line);
      continue;
    }
    if (skipDeeperThan >= 0) {
      if (column > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    let rest = line.slice(column);
    if (rest.startsWith("#")) continue;
    if (column === 0 && (rest.startsWith("---") || rest.startsWith("..."))) {
      if (stack.length) return undefined;
      continue;
    }
    if (rest.startsWith("%")) return undefined;
    let at = column;
    // Sequence items, possibly nested on one line: "- - x", "- key: value".
    while (rest === "-" || rest.startsWith("- ")) {
      while (stack.length && stack[stack.length - 1]!.column > at) stack.pop();
      let top = stack[stack.length - 1];
      if (top && top.sequence && top.column === at) top.index++;
      else {
        top = { column: at, path: lastKey, sequence: true, index: 0 };
        stack.push(top);
      }
      lastKey = join(top.path, String(top.index));
      if (wanted.has(lastKey)) lines.set(lastKey, number + 1);
      const after = rest.slice(1).search(/\S/);
      if (after === -1) {
        rest = "";
        break;
      }
      at += 1 + after;
      rest = rest.slice(1 + after);
    }
    if (!rest || rest.startsWith("#")) continue;
    const key = YAML_KEY.exec(rest);
    if (!key) {
      if (/^[&*!]|^\?\s/.test(rest)) return undefined;
      if (/^[[{]/.test(rest)) flowDepth = Math.max(0, bracketBalance(rest));
      continue;
    }
    while (stack.length && (stack[stack.length - 1]!.column > at || (stack[stack.length - 1]!.column === at && stack[stack.length - 1]!.sequence))) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.column < at) {
      top = { column: at, path: lastKey, sequence: false, index: 0 };
      stack.push(top);
    }
    const name = key[1] !== undefined ? unescapeDouble(key[1]) : key[2] !== undefined ? key[2].replace(/''/g, "'") : key[3]!.trim();
    lastKey = join(top.path, name);
    if (wanted.has(lastKey)) lines.set(lastKey, number + 1);
    const value = rest.slice(key[0].length).trim();
    if (/^[&*!]/.test(value)) return undefined;
    if (/^[|>]/.test(value)) skipDeeperThan = at;
    else if (/^[[{]/.test(value)) flowDepth = Math.max(0, bracketBalance(value));
  }
  return lines;
}

/** Opening minus closing brackets outside quotes: > 0 while a flow collection continues. */
function bracketBalance(text: string): number {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === "\\" && quote === '"') i++;
      else if (char === quote) quote = "";
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#" && (i === 0 || /\s/.test(text[i - 1]!))) break;
    else if (char === "[" || char === "{") depth++;
    else if (char === "]" || char === "}") depth--;
  }
  return depth;
}

function unescapeDouble(raw: string): string {
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
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
