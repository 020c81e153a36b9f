import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";
import { initOptions, type InitOptions } from "./options.js";

/**
 * `crm-devex init`: set up an existing repository — config, annotated .env.example
 * files, the pre-commit hook and a CI workflow — from what it detects.
 */
export const initCommand = defineCommand<InitOptions>({
  name: "init",
  description: "Set up crm-devex in an existing repo: detect the stack, write the config, annotated .env.example files, the pre-commit hook and a CI workflow",
  formats: ["text"],
  configure: (command) =>
    void command
      .option("-y, --yes", "write without asking; print every file written")
      .option("--dry-run", "print what would be written as a unified diff; write nothing")
      .option("--no-hooks", "do not install the pre-commit hook")
      .option("--no-workflow", "do not write .github/workflows/crm-devex.yml"),
  options: (_args, flags) => {
    const yes = flags.yes === true;
    const dryRun = flags.dryRun === true;
    if (yes && dryRun) throw new UsageError("--yes and --dry-run cannot be combined: --dry-run writes nothing");
    // Asking needs a person at a terminal on both ends (the same test `check` uses for its live view).
    const interactive = !yes && !dryRun && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
    if (!yes && !dryRun && !interactive) throw new UsageError("not a terminal, so init cannot ask: pass --yes to write the files, or --dry-run to see them");
    return initOptions.parse({ yes, dryRun, interactive, hooks: flags.hooks !== false, workflow: flags.workflow !== false });
  },
  load: () => import("./index.js"),
});
