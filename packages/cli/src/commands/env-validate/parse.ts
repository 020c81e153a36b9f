import { InputError, excerptAround } from "../../kernel/errors.js";
import type { EnvEntry, VariableSpec } from "./model.js";
import { VALUE_TYPE_PATTERN, type ValueType } from "./value-types.js";

const KEY_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;
const ANNOTATION = /@([a-z][a-z-]*)(?:=(\S+))?/g;
const KNOWN_ANNOTATIONS = new Set(["secret", "optional", "required", "type", "rotate", "docs", "allow-empty"]);
const EXPECTED_LINE = "KEY=value, a # comment, or a blank line";

/**
 * Parse a dotenv file (`KEY=value`, `export KEY=value`, quoted values, `# comments`).
 * Every other line is malformed and stops the parse: a line silently ignored is a
 * variable silently unchecked.
 */
export function parseEnvFile(text: string, file: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!;
    const lineNumber = index + 1;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const match = KEY_LINE.exec(raw);
    if (!match) throw new InputError("malformed line", { file, line: lineNumber }, { excerpt: excerptAround(text, lineNumber, 0), expected: EXPECTED_LINE });
    const name = match[1]!;
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new InputError(`${name} is defined twice (first on line ${previous})`, { file, line: lineNumber }, { excerpt: excerptAround(text, lineNumber, 0) });
    }
    seen.set(name, lineNumber);
    let rawValue = match[2]!;
    const quote = rawValue.trimStart()[0];
    if (quote === '"' || quote === "'") {
      // As in dotenv and python-dotenv, a quoted value may span lines (PEM keys, certificates).
      while (closingQuote(rawValue.trimStart(), quote) === -1 && index + 1 < lines.length) rawValue += `\n${lines[++index]!}`;
    }
    const literal = rawValue.trimStart().startsWith("'");
    entries.push({ name, value: parseValue(rawValue, text, file, lineNumber, index + 1), line: lineNumber, ...(literal ? { literal } : {}) });
  }
  return entries;
}

/** Index of the quote closing a value that starts with `quote`; inside "…" a backslash escapes the next character. */
function closingQuote(value: string, quote: string): number {
  for (let i = 1; i < value.length; i++) {
    if (quote === '"' && value[i] === "\\") i++;
    else if (value[i] === quote) return i;
  }
  return -1;
}

function parseValue(rawValue: string, text: string, file: string, line: number, lastLine: number): string {
  const value = rawValue.trim();
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const end = closingQuote(value, quote);
    if (end === -1) throw new InputError("unterminated quoted value", { file, line }, { excerpt: excerptAround(text, line, 0), expected: `a closing ${quote}` });
    const rest = value.slice(end + 1).trim();
    if (rest && !rest.startsWith("#")) {
      const problem = lastLine > line ? `the quoted value opened here runs to line ${lastLine} and is followed by text there (a missing closing ${quote}?)` : "unexpected text after the quoted value";
      throw new InputError(problem, { file, line }, { excerpt: excerptAround(text, line, 0) });
    }
    const inner = value.slice(1, end);
    return quote === '"' ? inner.replace(/\\(["\\n])/g, (_escape, char: string) => (char === "n" ? "\n" : char)) : inner;
  }
  // An unquoted value ends at " #" (an inline comment), as in dotenv.
  const comment = value.search(/(?:^|\s)#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}

/**
 * Parse an annotated `.env.example` into variable specs. The comment lines
 * directly above a key describe it; `@secret`, `@optional`, `@type=…`,
 * `@rotate=…`, `@docs=…`, `@allow-empty` annotate it; a comment that is just
 * "optional" marks it optional (the dotenvx convention). A blank line ends a
 * comment block, so a file header is not taken for the first key's description.
 */
export function parseEnvExample(text: string, file: string): VariableSpec[] {
  const entries = parseEnvFile(text, file);
  const lines = text.split(/\r?\n/);
  return entries.map((entry) => {
    const comments: string[] = [];
    for (let index = entry.line - 2; index >= 0; index--) {
      const line = lines[index]!.trim();
      if (!line.startsWith("#")) break;
      comments.unshift(line.replace(/^#+\s?/, ""));
    }
    const inline = inlineComment(KEY_LINE.exec(lines[entry.line - 1]!)![2]!);
    if (inline) comments.push(inline);
    return specFromComments(entry.name, entry.value, comments, { file, line: entry.line }, text);
  });
}

/** The text of a `# comment` after the value on a KEY=value line, if any. */
function inlineComment(rawValue: string): string | undefined {
  const value = rawValue.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'") && closingQuote(value, quote) === -1) return undefined; // the value goes on below
  const afterValue = quote === '"' || quote === "'" ? value.slice(closingQuote(value, quote) + 1) : value;
  const match = /(?:^|\s)#\s?(.*)$/.exec(afterValue);
  return match?.[1]?.trim() || undefined;
}

function specFromComments(name: string, exampleValue: string, comments: string[], source: { file: string; line: number }, text: string): VariableSpec {
  const spec: VariableSpec = { name, description: "", required: true, secret: false, allowEmpty: false, exampleValue, source };
  const description: string[] = [];
  for (const comment of comments) {
    if (/^\s*optional\.?\s*$/i.test(comment)) {
      spec.required = false;
      continue;
    }
    for (const [, key, value] of comment.matchAll(ANNOTATION)) applyAnnotation(spec, key!, value, source, text);
    const prose = comment.replace(ANNOTATION, "").trim();
    if (prose) description.push(prose);
  }
  spec.description = description.join(" ");
  return spec;
}

function applyAnnotation(spec: VariableSpec, key: string, value: string | undefined, source: { file: string; line: number }, text: string): void {
  const fail = (problem: string, expected: string) => {
    throw new InputError(`${spec.name}: ${problem}`, source, { excerpt: excerptAround(text, source.line, 1), expected });
  };
  if (!KNOWN_ANNOTATIONS.has(key)) fail(`unknown annotation @${key}`, "@secret, @optional, @type=…, @rotate=…, @docs=…, @allow-empty");
  switch (key) {
    case "secret":
      spec.secret = true;
      break;
    case "optional":
      spec.required = false;
      break;
    case "required":
      spec.required = true;
      break;
    case "allow-empty":
      spec.allowEmpty = true;
      break;
    case "type":
      if (!value || !VALUE_TYPE_PATTERN.test(value)) fail(`@type=${value ?? ""} is not a known type`, "@type=url|int|port|bool|email|enum(a,b)");
      spec.type = value as ValueType;
      break;
    case "rotate":
      if (!value || !/^\d+[dwmy]$/.test(value)) fail(`@rotate=${value ?? ""} is not a period`, "@rotate=90d (days, w weeks, m months, y years)");
      spec.rotate = value;
      break;
    case "docs":
      if (!value || !/^https?:\/\/\S+$/.test(value)) fail(`@docs=${value ?? ""} is not a URL`, "@docs=https://…");
      spec.docs = value;
      break;
  }
}
