import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";

/** Placeholder until the command lands: refuses to run, and `check` reports it as not configured. */
export const previewCommand = defineCommand<never>({
  name: "preview",
  description: "Vercel preview deployment per pull request, with one living PR comment",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) => void command.allowUnknownOption().allowExcessArguments(),
  options: () => {
    throw new UsageError("preview is not available in this version yet");
  },
  load: () => Promise.reject(new Error("not built")),
  forCheck: async () => ({ notConfigured: "preview is not available in this version yet" }),
});
