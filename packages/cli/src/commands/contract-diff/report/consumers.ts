/**
 * Who is affected: call sites of changed operations in a client codebase
 * (TS/JS). String and template literals are matched against each operation's
 * path template ({param} matches `${expr}`, `:param`, `{param}` or a plain
 * segment; a prefix such as `${API_URL}` or `/api` is allowed), and the HTTP
 * method is read from the call around it — `.delete(`, `"DELETE"`,
 * `method: "DELETE"`, openapi-fetch's `.DELETE(` — when it is there.
 */
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { walkFiles } from "../../../io/walk.js";

export interface CallSite {
  file: string;
  line: number;
  /** The method read from the code, or undefined when the code does not say. */
  method?: string;
}

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|vue|svelte)$/;
/** Tests and mocks call the API too, but a broken client is what users meet; listing tests buries it. */
const TEST_FILE = /(?:\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|\/)(?:__tests__|__mocks__|e2e)\/)/;
const METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];
// '…', "…" or `…` (template literals may span lines)
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

interface Matcher {
  operation: string;
  method: string;
  regex: RegExp;
  staticSegments: number;
}

function matcherFor(operation: string): Matcher {
  const space = operation.indexOf(" ");
  const method = operation.slice(0, space);
  const path = operation.slice(space + 1);
  const segments = path.split("/").filter(Boolean);
  const parameter = String.raw`(?:\$\{[^}]*\}|\{[^}/]*\}|:[A-Za-z_]\w*|[^/?#\s"'\`$]+)`;
  const body = segments.map((segment) => (/^\{[^}]*\}$/.test(segment) ? parameter : escapeRegex(segment))).join("/");
  return {
    operation,
    method,
    regex: new RegExp(`^(?:.*/)?${body}/?(?:[?#].*)?$`, "s"),
    staticSegments: segments.filter((segment) => !segment.startsWith("{")).length,
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The HTTP method a call near `index` names, if any: same statement, a few lines either side. */
function methodNear(source: string, start: number, end: number): string | undefined {
  const before = source.slice(Math.max(0, start - 160), start);
  const after = source.slice(end, end + 200).split(/;|\n\s*\n/)[0] ?? "";
  const dotted = /\.(get|put|post|delete|patch|head|options|GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)\s*(?:<[^>]*>)?\s*\(\s*$/.exec(before);
  if (dotted) return dotted[1]!.toUpperCase();
  const option = /method\s*:\s*["'`](\w+)["'`]/i.exec(after) ?? /method\s*:\s*["'`](\w+)["'`][^;]*$/i.exec(before);
  if (option) return option[1]!.toUpperCase();
  const literal = new RegExp(`["'\`](${METHODS.join("|")})["'\`]\\s*,\\s*$`).exec(before);
  if (literal) return literal[1]!;
  return undefined;
}

/**
 * Scan `dirs` (absolute) for uses of `operations` ("GET /properties/{id}").
 * Returns call sites per operation; paths are shown relative to `cwd`.
 */
export async function findCallSites(dirs: { absolute: string; shown: string }[], operations: string[]): Promise<Map<string, CallSite[]>> {
  const result = new Map<string, CallSite[]>();
  if (!operations.length) return result;
  const matchers = [...new Set(operations)].map(matcherFor);
  for (const dir of dirs) {
    const files = (await walkFiles(dir.absolute)).filter((file) => SOURCE_FILE.test(file) && !/\.d\.ts$/.test(file) && !TEST_FILE.test(file));
    for (const file of files) {
      const source = await readFile(join(dir.absolute, file), "utf8");
      if (!source.includes("/")) continue;
      for (const match of source.matchAll(LITERAL)) {
        let content = match[0].slice(1, -1);
        if (!content.includes("/") && !content.includes("{")) continue;
        const end = match.index! + match[0].length;
        // "/properties/" + id: stand a segment in for the concatenated expression.
        if (/^\s*\+/.test(source.slice(end, end + 8)) && content.endsWith("/")) content += "x";
        const hits = matchers.filter((matcher) => matcher.regex.test(content));
        if (!hits.length) continue;
        const best = Math.max(...hits.map((hit) => hit.staticSegments));
        const method = methodNear(source, match.index!, end);
        const line = source.slice(0, match.index!).split("\n").length;
        for (const hit of hits) {
          if (hit.staticSegments !== best) continue;
          if (method && method !== hit.method) continue;
          const sites = result.get(hit.operation) ?? [];
          sites.push({ file: `${dir.shown.replace(/\/$/, "")}/${file}`.replace(/^\.\//, ""), line, method });
          result.set(hit.operation, sites);
        }
      }
    }
  }
  return result;
}
