import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";

/** Placeholder until the command lands: refuses to run, and `check` reports it as not configured. */
export const envValidateCommand = defineCommand<never>({
  name: "env-validate",
  description: "Check required config and secrets against an annotated .env.example",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) => void command.allowUnknownOption().allowExcessArguments(),
  options: () => {
    throw new UsageError("env-validate is not available in this version yet");
  },
  load: () => Promise.reject(new Error("not built")),
  forCheck: async () => ({ notConfigured: "env-validate is not available in this version yet" }),
});
