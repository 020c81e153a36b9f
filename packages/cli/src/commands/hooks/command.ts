import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";
import { hooksInstallOptions, type HooksInstallOptions } from "./options.js";

const installCommand = defineCommand<HooksInstallOptions>({
  name: "install",
  description: "Install a pre-commit hook running `secret-scan --staged` (plain git, husky, lefthook or core.hooksPath; existing hooks are chained)",
  formats: ["text", "json"],
  configure: (command) =>
    void command.option("--command <cmd>", "command line that runs crm-devex in the hook (default: ./node_modules/.bin/crm-devex, then crm-devex on PATH)"),
  options: (_args, flags) => {
    const runner = flags.command as string | undefined;
    if (runner !== undefined && (!runner.trim() || /[\r\n]/.test(runner))) throw new UsageError("--command must be one non-empty line");
    return hooksInstallOptions.parse({ runner });
  },
  load: () => import("./index.js"),
});

/** `crm-devex hooks …`: git hook management. */
export const hooksCommand = defineCommand<never>({
  name: "hooks",
  description: "Manage the git hooks that keep secrets and .env files out of commits",
  formats: ["text"],
  configure: () => undefined,
  options: () => {
    throw new UsageError("choose a subcommand: crm-devex hooks install");
  },
  load: () => Promise.reject(new Error("hooks has no implementation of its own")),
  subcommands: [installCommand as never],
});
