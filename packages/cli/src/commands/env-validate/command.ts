import { UsageError } from "../../kernel/errors.js";
import { defineCommand, type RawFlags } from "../../cli/define-command.js";
import type { RunContext } from "../../cli/context.js";
import { pathExists, resolveFrom } from "../../io/fs.js";
import type { EnvProjectConfig } from "./config.js";
import { envValidateOptions, type EnvValidateOptions } from "./options.js";

function list(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

function projectsFromConfig(ctx: RunContext): EnvProjectConfig[] {
  const section = ctx.config.env;
  if (!section) return [];
  const inline: EnvProjectConfig = { example: section.example, code: section.code, envFiles: section.envFiles, vars: section.vars };
  const hasInline = Object.values(inline).some((value) => value !== undefined);
  return [...(hasInline ? [inline] : []), ...(section.projects ?? [])];
}

function envFileFlags(flags: RawFlags): string[] {
  return [...list(flags.envFile), ...list(flags.dotenv)];
}

/** Flags win over config: --example/--env-file/--code describe one project and replace the configured ones. */
async function resolveOptions(flags: RawFlags, ctx: RunContext, checkEnvironment: boolean): Promise<EnvValidateOptions> {
  const flagExample = flags.example as string | undefined;
  let projects: EnvProjectConfig[] = projectsFromConfig(ctx);
  const defaultExample = (await pathExists(resolveFrom(ctx.cwd, ".env.example"))) ? ".env.example" : undefined;
  const envFiles = envFileFlags(flags);
  if (flagExample || envFiles.length || flags.code) {
    projects = [{ example: flagExample ?? projects[0]?.example ?? defaultExample, envFiles, code: list(flags.code), vars: projects[0]?.vars }];
  }
  if (projects.length === 0 && defaultExample) projects = [{ example: defaultExample }];
  if (!projects.some((project) => project.example || project.vars)) {
    throw new UsageError("no schema: pass --example FILE, add an env section to crm-devex.config, or create .env.example");
  }
  return envValidateOptions.parse({ projects, checkEnvironment, ignore: ctx.config.env?.ignore ?? [] });
}

const docsCommand = defineCommand<EnvValidateOptions>({
  name: "docs",
  description: "Print a Markdown table of the variables (name, description, required, secret, rotation)",
  formats: ["markdown"],
  configure: (command) => void command.option("--example <file>", "annotated example file"),
  options: (_args, flags, ctx) => resolveOptions(flags, ctx, false),
  load: () => import("./docs-index.js"),
});

export const envValidateCommand = defineCommand<EnvValidateOptions>({
  name: "env-validate",
  description: "Check required config and secrets against an annotated .env.example",
  formats: ["text", "json", "markdown", "github", "sarif"],
  configure: (command) =>
    void command
      .option("--example <file>", "annotated example file (default: config env.example, else .env.example)")
      .option("--env-file <file...>", "env files to check besides the process environment (later ones win; the environment wins over all)")
      // Node 20+ reads `--env-file` anywhere in argv and exits 9 on a missing file before
      // this code runs (nodejs/node#54232); --dotenv reaches us whatever Node does.
      .option("--dotenv <file...>", "same as --env-file; use it where Node itself intercepts --env-file (a missing file exits 9)")
      .option("--code <dir...>", "source directories whose variable reads must all be declared in the example")
      .option("--no-environment", "leave the process environment out: check the example, the code and any env files"),
  options: (_args, flags, ctx) => resolveOptions(flags, ctx, flags.environment !== false),
  load: () => import("./index.js"),
  forCheck: async (ctx) => {
    const projects = projectsFromConfig(ctx);
    if (projects.length === 0 && !(await pathExists(resolveFrom(ctx.cwd, ".env.example")))) {
      return { notConfigured: "no env section in the config and no .env.example" };
    }
    return resolveOptions({}, ctx, ctx.config.env?.checkEnvironment ?? false);
  },
  subcommands: [docsCommand as never],
});
