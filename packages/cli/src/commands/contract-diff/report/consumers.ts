/**
 * Who is affected: call sites of changed operations in a client codebase
 * (TS/JS). String and template literals are matched against each operation's
 * path template ({param} matches `${expr}`, `:param`, `{param}` or a plain
 * segment; a prefix such as `${API_URL}` or `/api` is allowed), and the HTTP
 * method is read from the call around it — `.delete(`, `"DELETE"`,
 * `method: "DELETE"`, openapi-fetch's `.DELETE(`, hey-api's `.get<…>({ url })`,
 * `fetch(url)` with no method (a GET) — when it is there. Generated clients are
 * followed to the code that calls them (see findCallSites).
 */
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { walkFiles } from "../../../io/walk.js";
import { enclosingFunction, inRanges, isGeneratedFile, typeDeclarationRanges, type GeneratedFunction, type Range } from "./source-scan.js";
import { escapeRegExp } from "../../../kernel/text.js";

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
  const body = segments.map((segment) => (/^\{[^}]*\}$/.test(segment) ? parameter : escapeRegExp(segment))).join("/");
  return {
    operation,
    method,
    regex: new RegExp(`^(?:.*/)?${body}/?(?:[?#].*)?$`, "s"),
    staticSegments: segments.filter((segment) => !segment.startsWith("{")).length,
  };
}

/** The HTTP method a call near `index` names, if any: same statement, a few lines either side. */
function methodNear(source: string, start: number, end: number): string | undefined {
  const before = source.slice(Math.max(0, start - 160), start);
  const after = source.slice(end, end + 200).split(/;|\n\s*\n/)[0] ?? "";
  const dotted = /\.(get|put|post|delete|patch|head|options|GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)\s*(?:<[^()]*?>)?\s*\(\s*$/.exec(before);
  if (dotted) return dotted[1]!.toUpperCase();
  // hey-api's client: `.get<Data, Error, ThrowOnError>({ responseType, security: […], url: '/items/' })`;
  // long generic names and options put the method several lines above the url, in the same statement.
  const optionsObject = /\.(get|put|post|delete|patch|head|options)\s*(?:<[^()]*?>)?\s*\(\s*\{[^;]*?\burl\s*:\s*$/i.exec(source.slice(Math.max(0, start - 600), start));
  if (optionsObject) return optionsObject[1]!.toUpperCase();
  const option = /method\s*:\s*["'`](\w+)["'`]/i.exec(after) ?? /method\s*:\s*["'`](\w+)["'`][^;]*$/i.exec(before);
  if (option) return option[1]!.toUpperCase();
  const literal = new RegExp(`["'\`](${METHODS.join("|")})["'\`]\\s*,\\s*$`).exec(before);
  if (literal) return literal[1]!;
  // fetch(url) or fetch(url, { …no method… }) is a GET.
  if (/\bfetch\s*\(\s*$/.test(before) && (/^\s*\)/.test(after) || /^\s*,\s*\{[^{}]*\}\s*\)/.test(after))) return "GET";
  return undefined;
}

interface SourceFile {
  /** Path as shown (relative to cwd). */
  shown: string;
  source: string;
  generated: boolean;
  types: Range[];
  /** Offsets of line starts, for offset → line. */
  lines?: number[];
}

function lineOf(file: SourceFile, offset: number): number {
  file.lines ??= [0, ...[...file.source.matchAll(/\n/g)].map((match) => match.index! + 1)];
  let low = 0;
  let high = file.lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (file.lines[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** A literal that names an operation, before generated functions are followed to their callers. */
interface Hit {
  file: SourceFile;
  offset: number;
  method?: string;
}

/**
 * Scan `dirs` (absolute) for uses of `operations` ("GET /properties/{id}").
 * Literals in type declarations are skipped. A literal inside a generated
 * client's function (hey-api, openapi-typescript-codegen, orval) is replaced by
 * that function's callers, followed through other generated functions (hooks
 * wrapping the request function). Paths are shown relative to `cwd`.
 */
export async function findCallSites(dirs: { absolute: string; shown: string }[], operations: string[]): Promise<Map<string, CallSite[]>> {
  const result = new Map<string, CallSite[]>();
  const named = [...new Set(operations)].filter((operation) => /^[A-Z]+ \//.test(operation));
  if (!named.length) return result;
  const matchers = named.map(matcherFor);
  const files: SourceFile[] = [];
  for (const dir of dirs) {
    const paths = (await walkFiles(dir.absolute)).filter((file) => SOURCE_FILE.test(file) && !/\.d\.[cm]?ts$/.test(file) && !TEST_FILE.test(file));
    for (const path of paths) {
      const source = await readFile(join(dir.absolute, path), "utf8");
      files.push({ shown: `${dir.shown.replace(/\/$/, "")}/${path}`.replace(/^\.\//, ""), source, generated: isGeneratedFile(path, source), types: typeDeclarationRanges(source) });
    }
  }
  const callers = new CallerIndex(files);
  for (const file of files) {
    if (!file.source.includes("/")) continue;
    for (const match of file.source.matchAll(LITERAL)) {
      let content = match[0].slice(1, -1);
      if (!content.includes("/") && !content.includes("{")) continue;
      if (inRanges(file.types, match.index!)) continue;
      const end = match.index! + match[0].length;
      // "/properties/" + id: stand a segment in for the concatenated expression.
      if (/^\s*\+/.test(file.source.slice(end, end + 8)) && content.endsWith("/")) content += "x";
      const hits = matchers.filter((matcher) => matcher.regex.test(content));
      if (!hits.length) continue;
      const best = Math.max(...hits.map((hit) => hit.staticSegments));
      const method = methodNear(file.source, match.index!, end);
      for (const hit of hits) {
        if (hit.staticSegments !== best) continue;
        if (method && method !== hit.method) continue;
        const sites = result.get(hit.operation) ?? [];
        for (const site of callers.sitesFor({ file, offset: match.index!, method })) {
          if (!sites.some((known) => known.file === site.file && known.line === site.line)) sites.push(site);
        }
        result.set(hit.operation, sites);
      }
    }
  }
  for (const sites of result.values()) sites.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  for (const [operation, sites] of result) if (!sites.length) result.delete(operation);
  return result;
}

/** Finds who calls a generated function, following generated wrappers (react-query hooks) up to a few levels. */
class CallerIndex {
  constructor(private readonly files: SourceFile[]) {}

  sitesFor(hit: Hit, depth = 0): CallSite[] {
    const here: CallSite = { file: hit.file.shown, line: lineOf(hit.file, hit.offset), method: hit.method };
    if (!hit.file.generated || depth > 3) return [here];
    const generated = enclosingFunction(hit.file.source, hit.offset);
    if (!generated) return [here];
    const out: CallSite[] = [];
    for (const reference of this.references(generated, hit.file)) out.push(...this.sitesFor({ ...reference, method: hit.method }, depth + 1));
    // A generated function nobody calls is no call site: the report lists real callers only.
    return out;
  }

  /** Uses of `name` (or `Owner.name`) outside its own declaration, imports, exports and type positions. */
  private *references(fn: GeneratedFunction, home: SourceFile): Generator<Hit> {
    const pattern = fn.owner
      ? new RegExp(`\\b${escapeRegExp(fn.owner)}\\s*\\.\\s*${escapeRegExp(fn.name)}\\b`, "g")
      : // a bare use (`readItems(…)`, `queryFn: readItems`), or a namespace call (`sdk.readItems(…)`)
        new RegExp(`(?<![\\w$.])${escapeRegExp(fn.name)}\\b(?!\\s*:)|(?<=\\.\\s*)${escapeRegExp(fn.name)}(?=\\s*(?:<[^()]*?>)?\\s*\\()`, "g");
    for (const file of this.files) {
      if (!file.source.includes(fn.name)) continue;
      for (const match of file.source.matchAll(pattern)) {
        const offset = match.index!;
        if (file === home && offset >= fn.range.start && offset < fn.range.end) continue;
        if (inRanges(file.types, offset)) continue;
        const lineStart = file.source.lastIndexOf("\n", offset) + 1;
        const statement = file.source.slice(lineStart, offset);
        if (/^\s*(?:import|export\s*\{|export\s+\*|\}\s*from)|typeof\s*$/.test(statement) || isInsideImport(file.source, offset)) continue;
        yield { file, offset };
      }
    }
  }
}

/** Whether `offset` is inside a multi-line `import { … } from` list. */
function isInsideImport(source: string, offset: number): boolean {
  const before = source.lastIndexOf("import", offset);
  if (before === -1) return false;
  const between = source.slice(before, offset);
  return /^import\s*(?:type\s*)?\{[^}]*$/.test(between);
}
