import { Option } from "commander";
import { UsageError } from "../../kernel/errors.js";
import { defineCommand, type NotCheckedReason, type NotConfiguredReason } from "../../cli/define-command.js";
import type { RunContext } from "../../cli/context.js";
import { contractDiffOptions, type ContractDiffOptions } from "./options.js";

const LEVELS = ["breaking", "warning", "info"] as const;

function consumersList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Options from config (and `--base`) alone — what `check` and a bare `contract-diff` run — or
 * why contract-diff is not configured or cannot compare.
 */
async function fromConfig(ctx: RunContext, baseFlag?: string): Promise<ContractDiffOptions | NotConfiguredReason | NotCheckedReason> {
  const section = ctx.config.contractDiff ?? {};
  // Imported here, not at the top: it pulls in git, which `--help` and `--version` never need.
  const defaults = await import("./defaults.js");
  const head = await defaults.defaultHead(ctx, section.head);
  if (!head) {
    if (section.export) throw new UsageError("contractDiff.export needs contractDiff.head: the path the export command writes the spec to");
    return { notConfigured: "no contractDiff.head in the config and no openapi.json in the working directory" };
  }
  const common = { head, failOn: section.failOn, ignore: section.ignore, consumers: consumersList(section.consumers) };
  const explicitBase = baseFlag ?? section.base;
  const chosenBy = baseFlag !== undefined ? "--base" : "contractDiff.base";
  if (explicitBase !== undefined && (await defaults.isSpecSource(ctx.cwd, explicitBase))) {
    if (section.export) {
      throw new UsageError(`${chosenBy} ${explicitBase}: with contractDiff.export the base must be a git ref (e.g. origin/main), whose code the export runs on`);
    }
    return contractDiffOptions.parse({ ...common, base: explicitBase });
  }
  const root = await defaults.repositoryRoot(ctx, head);
  if ("missing" in root) return { notChecked: root.missing };
  const baseRef = await defaults.resolveBaseRef(ctx, explicitBase !== undefined ? { ref: explicitBase, chosenBy } : undefined);
  if ("missing" in baseRef) return { notChecked: baseRef.missing };
  return contractDiffOptions.parse({
    ...common,
    base: defaults.gitSourceAt(root.top, ctx, baseRef.ref, head),
    baseRef,
    baseMayBeMissing: true,
    export: section.export,
    requireTracked: !section.export,
  });
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
      .option("--base <ref>", "compare contractDiff.head (or openapi.json) with the same file at this git ref (default: contractDiff.base, origin/$GITHUB_BASE_REF, origin/HEAD, origin/main, origin/master, main, master)")
      .addOption(new Option("--fail-on <level>", "lowest level that fails the gate").choices([...LEVELS]))
      .option("--ignore <file>", "YAML file of accepted breaks (id, operation, reason, until)")
      .option("--consumers <dir>", "client code to search for call sites of changed operations (repeatable)", (dir: string, previous: string[] = []) => [...previous, dir]);
  },
  options: async (args, flags, ctx) => {
    const section = ctx.config.contractDiff ?? {};
    const baseFlag = flags.base as string | undefined;
    if (args[0] !== undefined && args[1] === undefined) {
      throw new UsageError("give both BASE and HEAD, or neither (to use the contractDiff config / openapi.json on the base branch)");
    }
    if (args[0] !== undefined && baseFlag !== undefined) throw new UsageError("--base names the base ref for the configured head: give it or BASE HEAD, not both");
    let options: Partial<ContractDiffOptions> = { base: args[0], head: args[1] };
    if (args[0] === undefined) {
      const configured = await fromConfig(ctx, baseFlag);
      if ("notConfigured" in configured) throw new UsageError(`contract-diff: ${configured.notConfigured}`);
      if ("notChecked" in configured) throw new UsageError(`contract-diff: ${configured.notChecked}`);
      options = configured;
    }
    const parsed = contractDiffOptions.safeParse({
      ...options,
      failOn: flags.failOn ?? section.failOn,
      ignore: flags.ignore ?? section.ignore,
      consumers: flags.consumers ?? consumersList(section.consumers),
    });
    if (!parsed.success) throw new UsageError(`contract-diff: ${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  },
  load: () => import("./index.js"),
  forCheck: (ctx) => fromConfig(ctx),
  subcommands: [contractDiffRulesCommand as never],
});
