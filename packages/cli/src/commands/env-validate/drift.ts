/**
 * Where code reads environment variables. Each reader is a pattern over source
 * text for one idiom; matching text (not an AST) keeps this fast and language-
 * agnostic, at the price of also seeing reads in comments — acceptable for a
 * "document what you read" check.
 */
export interface VariableRead {
  name: string;
  file: string;
  line: number;
  /**
   * Whether the code supplies a fallback (`os.getenv("X", "d")`, `process.env.X ?? "d"`, a
   * Settings field with a default): `init` marks such variables @optional. Undefined when unknown.
   */
  hasDefault?: boolean;
  /** The Python type annotation of a pydantic Settings field (`int`, `HttpUrl | None`), for `init`'s @type. */
  annotation?: string;
}

const NAME = "([A-Za-z_][A-Za-z0-9_]*)";
const OS = "(?:\\bos\\.|(?<![\\w.]))";

/** One idiom per entry; `language` picks which files it applies to. */
export const READERS: { id: string; language: "js" | "python"; pattern: RegExp }[] = [
  { id: "process-env-dot", language: "js", pattern: new RegExp(`process\\.env\\.${NAME}`, "g") },
  { id: "process-env-index", language: "js", pattern: new RegExp(`process\\.env\\[\\s*["'\`]${NAME}["'\`]\\s*\\]`, "g") },
  { id: "import-meta-env-dot", language: "js", pattern: new RegExp(`import\\.meta\\.env\\.${NAME}`, "g") },
  { id: "import-meta-env-index", language: "js", pattern: new RegExp(`import\\.meta\\.env\\[\\s*["'\`]${NAME}["'\`]\\s*\\]`, "g") },
  // `OS` also matches the bare names that `from os import environ, getenv` brings in, but not `self.environ`.
  { id: "os-environ-index", language: "python", pattern: new RegExp(`${OS}environ\\[\\s*["']${NAME}["']\\s*\\]`, "g") },
  { id: "os-environ-get", language: "python", pattern: new RegExp(`${OS}environ\\.get\\(\\s*["']${NAME}["']`, "g") },
  { id: "os-getenv", language: "python", pattern: new RegExp(`${OS}getenv\\(\\s*["']${NAME}["']`, "g") },
];

/** Vite's built-in import.meta.env keys, which no example needs to declare. */
const VITE_BUILTINS = new Set(["MODE", "DEV", "PROD", "SSR", "BASE_URL"]);

export function languageOf(file: string): "js" | "python" | undefined {
  if (/\.(?:[cm]?[jt]sx?)$/.test(file)) return "js";
  if (/\.py$/.test(file)) return "python";
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every variable read in one source file. */
export function findVariableReads(text: string, file: string): VariableRead[] {
  const language = languageOf(file);
  if (!language) return [];
  const reads: VariableRead[] = [];
  for (const reader of READERS) {
    if (reader.language !== language) continue;
    for (const match of text.matchAll(reader.pattern)) {
      const name = match[1]!;
      if (reader.id.startsWith("import-meta") && VITE_BUILTINS.has(name)) continue;
      reads.push({ name, file, line: lineAt(text, match.index), hasDefault: fallbackFollows(reader.id, text, match.index + match[0].length) });
    }
  }
  if (language === "js") reads.push(...destructuredReads(text, file));
  if (language === "python") reads.push(...settingsFields(text, file));
  return reads.sort((a, b) => a.line - b.line);
}

/**
 * Whether the read at `end` comes with a fallback: a second argument to
 * `getenv`/`environ.get`, or `??` / `||` / a ternary / `&&` after a JS read.
 */
function fallbackFollows(readerId: string, text: string, end: number): boolean {
  const after = text.slice(end, end + 40);
  if (readerId === "os-getenv" || readerId === "os-environ-get") return /^["']?\s*,/.test(after);
  if (readerId === "os-environ-index") return false;
  // `?? d`, `|| d`, or a test of presence (`X ? a : b`, `X && …`): the code copes without it.
  return /^\s*(?:\?\?|\|\||\?(?!\.)|&&)/.test(after);
}

/** `const { API_URL, PORT: port = 3000 } = process.env` */
function destructuredReads(text: string, file: string): VariableRead[] {
  const reads: VariableRead[] = [];
  for (const match of text.matchAll(/\{([^{}]*)\}\s*=\s*(?:process\.env|import\.meta\.env)\b/g)) {
    for (const part of match[1]!.split(",")) {
      const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(part)?.[1];
      if (name && !VITE_BUILTINS.has(name)) reads.push({ name, file, line: lineAt(text, match.index), hasDefault: part.includes("=") });
    }
  }
  return reads;
}

/** Whether a Settings field's `= …` gives a default: `Field(...)` and `Field(alias=…)` do not. */
function settingsDefault(defaultText: string | undefined): boolean {
  if (defaultText === undefined) return false;
  if (!defaultText.startsWith("Field(")) return true;
  return /\bdefault(?:_factory)?\s*=/.test(defaultText) || /^Field\(\s*(?!\.\.\.|\)|\w+\s*=)/.test(defaultText);
}

/**
 * Fields of pydantic-settings `BaseSettings` classes: the env name is the field
 * name (matched case-insensitively by pydantic, so upper-cased here) with the
 * class's `env_prefix`, unless `Field(alias=…)` or `validation_alias=…` names it.
 */
function settingsFields(text: string, file: string): VariableRead[] {
  const reads: VariableRead[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    if (!/^class\s+\w+\s*\([^)]*\bBaseSettings\b[^)]*\)\s*:/.test(lines[index]!)) continue;
    const body: { text: string; line: number }[] = [];
    for (let j = index + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (line.trim() !== "" && !/^\s/.test(line)) break;
      body.push({ text: line, line: j + 1 });
    }
    const prefix = /env_prefix\s*=\s*["']([^"']*)["']/.exec(body.map((b) => b.text).join("\n"))?.[1] ?? "";
    const indent = /^(\s+)\S/.exec(body.find((b) => b.text.trim())?.text ?? "")?.[1] ?? "    ";
    for (const { text: line, line: lineNumber } of body) {
      if (!line.startsWith(indent) || /^\s/.test(line.slice(indent.length))) continue; // nested blocks (methods)
      const field = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^=]+)(?:=(.*))?$/.exec(line);
      if (!field || field[1] === "model_config" || field[1]!.startsWith("_")) continue;
      const alias = /(?:validation_)?alias\s*=\s*["']([^"']+)["']/.exec(field[3] ?? "")?.[1];
      const annotation = field[2]!.replace(/#.*$/, "").trim();
      reads.push({ name: alias ?? `${prefix}${field[1]}`.toUpperCase(), file, line: lineNumber, hasDefault: settingsDefault(field[3]?.trim()), annotation });
    }
  }
  return reads;
}
