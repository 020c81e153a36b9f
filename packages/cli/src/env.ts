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
import { validateValues, type ResolvedValue } from "./commands/env-validate/analyse.js";
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
  for (const envFile of options.envFiles ?? []) {
    const { text, shown } = read(envFile);
    for (const entry of parseEnvFile(text, shown)) values.set(entry.name, { value: entry.value, from: shown });
  }
  const env = options.env ?? process.env;
  for (const spec of specs) {
    const value = env[spec.name];
    if (value !== undefined) values.set(spec.name, { value, from: "environment" });
  }
  const problems = validateValues(specs, values);
  if (problems.length) throw new EnvValidationError(problems);
  const result: EnvValues = {};
  for (const spec of specs) {
    const found = values.get(spec.name);
    result[spec.name] = found === undefined || found.value === "" ? undefined : convertValue(spec.type, found.value);
  }
  return result;
}
