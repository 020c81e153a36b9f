import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import type { ZodIssue } from "zod";
import { ConfigError, InputError, excerptAround } from "../kernel/errors.js";
import { displayPath, pathExists, readTextFile, resolveFrom } from "../io/fs.js";
import { lineOfPath, parseDocument } from "./locate.js";
import { configSchema, type CrmDevexConfig } from "./schema.js";

/** Config file names looked for in the working directory, in order. */
export const CONFIG_FILE_NAMES = [
  "crm-devex.config.json",
  "crm-devex.config.yaml",
  "crm-devex.config.yml",
  "crm-devex.config.mjs",
] as const;

export interface LoadedConfig {
  config: CrmDevexConfig;
  /** The file it came from (as displayed), or undefined when there is none. */
  file: string | undefined;
}

/**
 * Find and validate the config: `--config FILE` if given, else the first of
 * CONFIG_FILE_NAMES in `cwd`, else a `crm-devex` key in package.json, else `{}`.
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig> {
  if (explicitPath) {
    const path = resolveFrom(cwd, explicitPath);
    if (!(await pathExists(path))) throw new InputError("config file not found", { file: explicitPath });
    return { config: await loadConfigFile(path, displayPath(cwd, path)), file: displayPath(cwd, path) };
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = resolveFrom(cwd, name);
    if (await pathExists(path)) return { config: await loadConfigFile(path, name), file: name };
  }
  const packageJson = resolveFrom(cwd, "package.json");
  if (await pathExists(packageJson)) {
    const source = await readTextFile(packageJson, "package.json");
    const parsed = parseStructured(source, "package.json") as Record<string, unknown> | null;
    if (parsed && typeof parsed === "object" && "crm-devex" in parsed) {
      return { config: validateConfig(parsed["crm-devex"], source, "package.json", ["crm-devex"]), file: "package.json" };
    }
  }
  return { config: {}, file: undefined };
}

async function loadConfigFile(path: string, shownAs: string): Promise<CrmDevexConfig> {
  if (path.endsWith(".mjs") || path.endsWith(".js")) {
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(path).href)) as { default?: unknown };
    } catch (error) {
      throw new ConfigError(`cannot load config module: ${(error as Error).message}`, { file: shownAs }, { cause: error });
    }
    if (module.default === undefined) throw new ConfigError("config module has no default export", { file: shownAs });
    return validateConfig(module.default, undefined, shownAs, []);
  }
  const source = await readTextFile(path, shownAs);
  return validateConfig(parseStructured(source, shownAs), source, shownAs, []);
}

/**
 * Parse YAML or JSON (JSON is YAML), reporting the first syntax error with its line. `merge`
 * turns on YAML 1.1 `<<` merge keys (OpenAPI specs use them; config files keep YAML 1.2's literal `<<`).
 */
export function parseStructured(source: string, shownAs: string, options: { merge?: boolean } = {}): unknown {
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: true, merge: options.merge ?? false });
  const error = document.errors[0];
  if (error) {
    const before = source.slice(0, error.pos[0]).split("\n");
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    throw new InputError(
      `${basename(shownAs).endsWith(".json") ? "invalid JSON" : "invalid YAML"}: ${error.message.split("\n")[0]}`,
      { file: shownAs, line, column },
      line ? { excerpt: excerptAround(source, line) } : undefined,
    );
  }
  return document.toJS();
}

/**
 * Validate raw config against the schema. The first problem is the message
 * (with the key path and, for YAML/JSON, its line); the others follow as details.
 */
export function validateConfig(raw: unknown, source: string | undefined, shownAs: string, prefix: (string | number)[]): CrmDevexConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const document = source === undefined ? undefined : parseDocument(source);
  const problems = parsed.error.issues.map((issue) => {
    // For an unknown key, point at the key itself rather than its parent object.
    const path = [...prefix, ...issue.path, ...(issue.code === "unrecognized_keys" ? [issue.keys[0]!] : [])];
    const line = document && source !== undefined ? lineOfPath(document, source, path) : undefined;
    return { text: describeIssue(issue), line };
  });
  const [first, ...rest] = problems;
  throw new ConfigError(first!.text, { file: shownAs, line: first!.line }, {
    excerpt: rest.length ? rest.map((p) => `${shownAs}${p.line ? `:${p.line}` : ""}: ${p.text}`).join("\n  ") : undefined,
  });
}

function describeIssue(issue: ZodIssue): string {
  const where = issue.path.length ? issue.path.join(".") : "(top level)";
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    const parent = issue.path.length ? ` in ${issue.path.join(".")}` : "";
    return `unknown key ${keys}${parent}`;
  }
  return `${where}: ${issue.message}`;
}
