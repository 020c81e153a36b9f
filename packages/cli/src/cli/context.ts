import type { CrmDevexConfig } from "../config/schema.js";
import type { CommandResult } from "../kernel/result.js";

/**
 * Environment variables as the process has them. Declared here rather than as
 * `NodeJS.ProcessEnv` so the published .d.ts needs no @types/node: TypeScript 6
 * no longer loads every @types package by default, and a consumer without Node's
 * types would fail with TS2503 (cannot find namespace 'NodeJS').
 */
export type EnvironmentVariables = Record<string, string | undefined>;

/**
 * Everything a command's run() may know about its surroundings. Passing it in
 * (instead of reading process.*) keeps every command callable in-process by tests
 * and by `check`.
 */
export interface RunContext {
  /** Absolute working directory (--cwd). Relative paths in options resolve against it. */
  cwd: string;
  env: EnvironmentVariables;
  config: CrmDevexConfig;
  /** The config file, as displayed, or undefined. */
  configFile: string | undefined;
  debug: boolean;
  /** Reads all of standard input (for --stdin modes). */
  readStdin(): Promise<string>;
  /** Progress or diagnostic line for a person, on stderr; never part of the report. */
  log(line: string): void;
}

/**
 * Output that is not a gate report, e.g. `env-validate docs` printing Markdown
 * or `error-budget rules` printing Prometheus rules. Printed as is.
 */
export interface RawOutput {
  kind: "raw";
  text: string;
}

export type CommandOutcome = CommandResult | RawOutput;

export function isRawOutput(outcome: CommandOutcome): outcome is RawOutput {
  return (outcome as RawOutput).kind === "raw";
}

/** A loaded command implementation: a pure-ish core that never prints and never exits. */
export interface CommandModule<Options> {
  run(options: Options, ctx: RunContext): Promise<CommandOutcome>;
}
