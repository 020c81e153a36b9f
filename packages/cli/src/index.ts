/**
 * crm-devex as a library: the shared kernel (results, errors, exit codes), the
 * reporters, and an in-process entry to the CLI for tools that embed it.
 */
export * from "./kernel/index.js";
export * from "./reporters/index.js";
export { runCli } from "./program.js";
export type { RunContext, CommandOutcome } from "./cli/context.js";
