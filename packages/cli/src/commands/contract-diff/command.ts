import { Option } from "commander";
import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";
import type { RunContext } from "../../cli/context.js";
import { contractDiffOptions, type ContractDiffOptions } from "./options.js";

const LEVELS = ["breaking", "warning", "info"] as const;

function consumersList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Options from config alone (what `check` runs), or why contract-diff has nothing to compare. */
async function fromConfig(ctx: RunContext): Promise<ContractDiffOptions | { notConfigured: string }> {
  const section = ctx.config.contractDiff ?? {};
  // Imported here, not at the top: it pulls in git, which `--help` and `--version` never need.
  const { defaultBase, defaultHead } = await import("./defaults.js");
  const head = await defaultHead(ctx, section.head);
  if (!head) return { notConfigured: "no contractDiff.head in the config and no openapi.json in the working directory" };
  let base = section.base;
  let baseMayBeMissing = false;
  if (!base) {
    const found = await defaultBase(ctx, head);
    if ("reason" in found) return { notConfigured: found.reason };
    base = found.base;
    baseMayBeMissing = true;
  }
  return contractDiffOptions.parse({ base, head, failOn: section.failOn, ignore: section.ignore, consumers: consumersList(section.consumers), baseMayBeMissing });
}

/** `crm-devex contract-diff rules`: the rule catalogue as Markdown (or JSON). */
export const contractDiffRulesCommand = defineCommand<{ json: boolean }>({
  name: "rules",
  description: "Print the rule catalogue (Markdown; --json for data)",
  formats: ["text", "markdown", "json", "github"],
  configure: (command) => void command.option("--json", "print the catalogue as JSON"),
  options: (_args, flags) => ({ json: flags.json === true }),
  load: () => import("./rules-command.js"),
});

/**
 * `crm-devex contract-diff [BASE] [HEAD]`: fail on breaking changes between two
 * OpenAPI specs. Without arguments, the config's `contractDiff` section (or
 * `openapi.json` against the same file on the base branch) is used.
 */
export const contractDiffCommand = defineCommand<ContractDiffOptions>({
  name: "contract-diff",
  description: "Fail on breaking changes between two OpenAPI specs (file, URL or git:REF:PATH)",
  formats: ["text", "json", "markdown", "github", "sarif"],
  configure: (command) => {
    command
      .argument("[base]", "the spec clients use today: file, http(s) URL or git:REF:PATH (default: config, or openapi.json on the base branch)")
      .argument("[head]", "the spec of this change (default: contractDiff.head or openapi.json)")
      .addOption(new Option("--fail-on <level>", "lowest level that fails the gate").choices([...LEVELS]))
      .option("--ignore <file>", "YAML file of accepted breaks (id, operation, reason, until)")
      .option("--consumers <dir>", "client code to search for call sites of changed operations (repeatable)", (dir: string, previous: string[] = []) => [...previous, dir]);
  },
  options: async (args, flags, ctx) => {
    const section = ctx.config.contractDiff ?? {};
    let base = args[0];
    let head = args[1];
    let baseMayBeMissing = false;
    if (base !== undefined && head === undefined) {
      throw new UsageError("give both BASE and HEAD, or neither (to use the contractDiff config / openapi.json on the base branch)");
    }
    if (base === undefined) {
      const configured = await fromConfig(ctx);
      if ("notConfigured" in configured) throw new UsageError(`contract-diff: ${configured.notConfigured}`);
      base = configured.base;
      head = configured.head;
      baseMayBeMissing = configured.baseMayBeMissing;
    }
    const parsed = contractDiffOptions.safeParse({
      base,
      head,
      failOn: flags.failOn ?? section.failOn,
      ignore: flags.ignore ?? section.ignore,
      consumers: flags.consumers ?? consumersList(section.consumers),
      baseMayBeMissing,
    });
    if (!parsed.success) throw new UsageError(`contract-diff: ${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  },
  load: () => import("./index.js"),
  forCheck: fromConfig,
  subcommands: [contractDiffRulesCommand as never],
});
