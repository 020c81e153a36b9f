import type { CommandOutcome, RunContext } from "../../cli/context.js";
import { variablesTable } from "./docs.js";
import type { EnvValidateOptions } from "./options.js";
import { loadSchema } from "./schema.js";

/** `env-validate docs`: the variables table of every project, as Markdown. */
export async function run(options: EnvValidateOptions, ctx: RunContext): Promise<CommandOutcome> {
  const sections: string[] = [];
  for (const project of options.projects) {
    const { specs } = await loadSchema(ctx.cwd, project.example, project.vars, ctx.configFile);
    const heading = options.projects.length > 1 ? `### ${project.example ?? "configured variables"}\n\n` : "";
    sections.push(heading + variablesTable(specs));
  }
  return { kind: "raw", text: sections.join("\n") };
}
