/**
 * `crm-devex/env`: fail-fast configuration loading for Node services, with the
 * same schema (an annotated `.env.example`) and messages as `crm-devex env-validate`.
 *
 * @example
 * import { loadEnv } from "crm-devex/env";
 * const env = loadEnv({ example: new URL("../.env.example", import.meta.url) });
 * env.PORT; // number when the example says @type=port
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { EnvVarConfig } from "./commands/env-validate/config.js";
import { undeclaredReferences, validateValues, type ResolvedValue } from "./commands/env-validate/analyse.js";
import { expandEntries } from "./commands/env-validate/expand.js";
import type { EnvProblem, VariableSpec } from "./commands/env-validate/model.js";
import { parseEnvExample, parseEnvFile } from "./commands/env-validate/parse.js";
import { applyDeclarations } from "./commands/env-validate/schema.js";
import { convertValue } from "./commands/env-validate/value-types.js";

export interface LoadEnvOptions {
  /** Path or file URL of the annotated example. */
  example?: string | URL;
  /** Variables declared in code instead of (or on top of) the example. */
  vars?: Record<string, EnvVarConfig>;
  /** Env files to read (later win); the environment wins over them. */
  envFiles?: (string | URL)[];
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
}

/** Thrown by loadEnv with every problem at once; the message lists them one per line. */
export class EnvValidationError extends Error {
  readonly problems: EnvProblem[];
  constructor(problems: EnvProblem[]) {
    super(`invalid environment (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((problem) => `  - ${problem.message}`).join("\n")}`);
    this.name = "EnvValidationError";
    this.problems = problems;
  }
}

export type EnvValues = Record<string, string | number | boolean | undefined>;

function read(path: string | URL): { text: string; shown: string } {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  try {
    return { text: readFileSync(file, "utf8"), shown: file };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new Error(`${file}: ${reason}`, { cause: error });
  }
}

/**
 * Read and check the environment before the app starts. Returns the declared
 * variables (converted: int/port to numbers, bool to booleans); throws an
 * EnvValidationError listing every missing or invalid variable otherwise.
 */
export function loadEnv(options: LoadEnvOptions = {}): EnvValues {
  const specs: VariableSpec[] = [];
  if (options.example) {
    const { text, shown } = read(options.example);
    specs.push(...parseEnvExample(text, shown));
  }
  applyDeclarations(specs, options.vars ?? {}, "loadEnv vars");
  const values = new Map<string, ResolvedValue>();
  const env = options.env ?? process.env;
  const referenceProblems: EnvProblem[] = [];
  for (const envFile of options.envFiles ?? []) {
    const { text, shown } = read(envFile);
    // dotenv-expand semantics: ${VAR}, $VAR, ${VAR:-default}, \$; the environment wins.
    const earlier = new Map([...values].map(([name, resolved]) => [name, resolved.value]));
    const entries = expandEntries(parseEnvFile(text, shown), env, earlier);
    for (const entry of entries) values.set(entry.name, { value: entry.value, from: shown });
    // A reference that expands to "" because nobody declared or set it fails the start, like a missing variable.
    referenceProblems.push(
      ...undeclaredReferences(specs, entries, shown, new Set(), (name) => values.has(name) || env[name] !== undefined).filter((problem) => problem.severity === "error"),
    );
  }
  for (const spec of specs) {
    const value = env[spec.name];
    if (value !== undefined) values.set(spec.name, { value, from: "environment" });
  }
  const problems = [...validateValues(specs, values), ...referenceProblems];
  if (problems.length) throw new EnvValidationError(problems);
  const result: EnvValues = {};
  for (const spec of specs) {
    const found = values.get(spec.name);
    result[spec.name] = found === undefined || found.value === "" ? undefined : convertValue(spec.type, found.value);
  }
  return result;
}
