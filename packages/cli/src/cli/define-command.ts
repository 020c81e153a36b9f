import type { Command } from "commander";
import type { CommandResult } from "../kernel/result.js";
import type { ReportFormat } from "../reporters/types.js";
import type { CommandModule, RunContext } from "./context.js";

/** The flags commander parsed for a command, before validation. */
export type RawFlags = Record<string, unknown>;

/** Returned by `forCheck` when a gate has nothing to do in this repo. */
export interface NotConfiguredReason {
  notConfigured: string;
}

/**
 * Returned by `forCheck` when the gate is set up (its config section exists) but its input is
 * missing, e.g. no coverage report yet: `check` shows it as not checked, never as passed.
 */
export interface NotCheckedReason {
  notChecked: string;
}

/**
 * A CLI command: how to declare its arguments (cheap, loaded at start-up) and how
 * to load its implementation (lazy, so `--version` never pays for a YAML parser).
 */
export interface CommandDefinition<Options> {
  name: string;
  description: string;
  /** Output formats this command supports; the first is the default. */
  formats: readonly ReportFormat[];
  /** Declare arguments and flags on the commander command. */
  configure(command: Command): void;
  /** Turn positional arguments, flags and config into validated options (throw UsageError on nonsense). */
  options(args: string[], flags: RawFlags, ctx: RunContext): Promise<Options> | Options;
  /** Import the implementation. */
  load(): Promise<CommandModule<Options>>;
  /**
   * Options for `check`, from config and repo contents alone, or why the gate is not configured
   * or cannot check. Only gates have it, and a gate's result always goes through the kernel's
   * `requireWork` (no pass without work), in `check` and on its own.
   */
  forCheck?(ctx: RunContext): Promise<Options | NotConfiguredReason | NotCheckedReason>;
  /** Nested subcommands, e.g. `env-validate docs`. */
  subcommands?: CommandDefinition<never>[];
}

/** Identity helper that keeps the Options type of a definition. */
export function defineCommand<Options>(definition: CommandDefinition<Options>): CommandDefinition<Options> {
  return definition;
}

export function isNotConfigured(value: unknown): value is NotConfiguredReason {
  return typeof value === "object" && value !== null && "notConfigured" in value;
}

export function isNotChecked(value: unknown): value is NotCheckedReason {
  return typeof value === "object" && value !== null && "notChecked" in value;
}

/** Gates are the commands `check` can run; their results must show work to pass. */
export function isGate(definition: CommandDefinition<unknown>): boolean {
  return definition.forCheck !== undefined;
}

/** The gate results `check` collects, each with its own timing. */
export interface GateRun {
  name: string;
  result: CommandResult;
  exitCode: number;
  durationMs: number;
}
