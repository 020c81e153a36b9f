import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";

/** Placeholder until the command lands: refuses to run, and `check` reports it as not configured. */
export const coverageGateCommand = defineCommand<never>({
  name: "coverage-gate",
  description: "Gate coverage per critical module across LCOV, Cobertura, coverage.py, Istanbul reports",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) => void command.allowUnknownOption().allowExcessArguments(),
  options: () => {
    throw new UsageError("coverage-gate is not available in this version yet");
  },
  load: () => Promise.reject(new Error("not built")),
  forCheck: async () => ({ notConfigured: "coverage-gate is not available in this version yet" }),
});
