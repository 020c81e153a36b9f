import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";

/** Placeholder until the command lands: refuses to run, and `check` reports it as not configured. */
export const contractDiffCommand = defineCommand<never>({
  name: "contract-diff",
  description: "Fail on breaking changes between two OpenAPI specs (file, URL or git:REF:PATH)",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) => void command.allowUnknownOption().allowExcessArguments(),
  options: () => {
    throw new UsageError("contract-diff is not available in this version yet");
  },
  load: () => Promise.reject(new Error("not built")),
  forCheck: async () => ({ notConfigured: "contract-diff is not available in this version yet" }),
});
