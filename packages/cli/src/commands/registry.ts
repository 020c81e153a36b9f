import type { CommandDefinition } from "../cli/define-command.js";
import { checkCommand } from "./check/command.js";
import { contractDiffCommand } from "./contract-diff/command.js";
import { coverageGateCommand } from "./coverage-gate/command.js";
import { envValidateCommand } from "./env-validate/command.js";
import { errorBudgetCommand } from "./error-budget/command.js";
import { hooksCommand } from "./hooks/command.js";
import { initCommand } from "./init/command.js";
import { previewCommand } from "./preview/command.js";
import { secretScanCommand } from "./secret-scan/command.js";
import type { GateName } from "../config/schema.js";

/** The gates `check` runs, by name. Definitions are cheap; implementations load lazily. */
export const GATES: Record<GateName, CommandDefinition<unknown>> = {
  "contract-diff": contractDiffCommand as CommandDefinition<unknown>,
  "env-validate": envValidateCommand as CommandDefinition<unknown>,
  "secret-scan": secretScanCommand as CommandDefinition<unknown>,
  "coverage-gate": coverageGateCommand as CommandDefinition<unknown>,
  "error-budget": errorBudgetCommand as CommandDefinition<unknown>,
};

/** Every top-level command, in the order `--help` lists them. */
export const COMMANDS: CommandDefinition<unknown>[] = [
  checkCommand as CommandDefinition<unknown>,
  initCommand as CommandDefinition<unknown>,
  ...Object.values(GATES),
  previewCommand as CommandDefinition<unknown>,
  hooksCommand as CommandDefinition<unknown>,
];
