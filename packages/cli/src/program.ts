import { Command, CommanderError, Option } from "commander";
import { ExitCode } from "./kernel/exit-codes.js";
import type { CommandDefinition } from "./cli/define-command.js";
import { executeCommand, type Environment, type GlobalFlags } from "./cli/execute.js";
import { TOOL_VERSION } from "./cli/version.js";
import { REPORT_FORMATS } from "./reporters/types.js";
import { COMMANDS } from "./commands/registry.js";

/**
 * Build the commander program. Every action records its exit code instead of
 * exiting, so tests (and bin.ts) decide what to do with it.
 */
export function buildProgram(environment: Environment, recordExit: (code: ExitCode) => void): Command {
  const program = new Command("crm-devex")
    .description("Quality, API-contract, security and reliability gates for a product repository")
    .version(TOOL_VERSION, "-v, --version", "print the version")
    .addOption(new Option("-f, --format <format>", "report format").choices([...REPORT_FORMATS]))
    .option("-o, --output <file>", "also write the report to FILE")
    .option("--json-output <file>", "also write the JSON report to FILE (whatever --format prints; the composite actions read their outputs from it)")
    .option("-C, --cwd <dir>", "run as if started in DIR", ".")
    .option("-c, --config <file>", "config file (default: crm-devex.config.{json,yaml,mjs} or package.json#crm-devex)")
    .option("--no-color", "plain text output (also when NO_COLOR is set or stdout is not a terminal)")
    .option("--debug", "show stack traces for errors")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => environment.sink.stdout(text),
      writeErr: (text) => environment.sink.stderr(text),
    });
  for (const definition of COMMANDS) attach(program, definition as CommandDefinition<unknown>, environment, recordExit);
  return program;
}

function attach(parent: Command, definition: CommandDefinition<unknown>, environment: Environment, recordExit: (code: ExitCode) => void): void {
  const command = parent.command(definition.name).description(definition.description).exitOverride();
  command.configureOutput({
    writeOut: (text) => environment.sink.stdout(text),
    writeErr: (text) => environment.sink.stderr(text),
  });
  definition.configure(command);
  for (const sub of definition.subcommands ?? []) attach(command, sub as CommandDefinition<unknown>, environment, recordExit);
  command.action(async (...received: unknown[]) => {
    const self = received[received.length - 1] as Command;
    const globals = self.optsWithGlobals<GlobalFlags>();
    const args = self.processedArgs.flat().filter((value): value is string => typeof value === "string");
    // A subcommand sees flags its parent parsed (commander gives a flag both declare to the parent).
    recordExit(await executeCommand(definition, args, { ...self.optsWithGlobals(), ...self.opts() }, globals, environment));
  });
}

/**
 * Run the CLI in-process and return its exit code. Commander's own usage errors
 * (unknown command or flag, missing argument) exit 2, not commander's default 1.
 */
export async function runCli(argv: string[], environment: Environment): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.Passed;
  const program = buildProgram(environment, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = error.code === "commander.helpDisplayed" || error.code === "commander.version";
      // Bare `crm-devex` prints help to stderr and is a usage error.
      return benign ? ExitCode.Passed : ExitCode.Error;
    }
    environment.sink.stderr(`internal error — please report: ${(error as Error).message}\n`);
    return ExitCode.Error;
  }
  return exitCode;
}
