import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";

/** Placeholder until the command lands: refuses to run, and `check` reports it as not configured. */
export const errorBudgetCommand = defineCommand<never>({
  name: "error-budget",
  description: "SLO error budgets and burn rates from structured logs or Prometheus",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) => void command.allowUnknownOption().allowExcessArguments(),
  options: () => {
    throw new UsageError("error-budget is not available in this version yet");
  },
  load: () => Promise.reject(new Error("not built")),
  forCheck: async () => ({ notConfigured: "error-budget is not available in this version yet" }),
});
