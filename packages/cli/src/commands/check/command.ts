import { UsageError } from "../../kernel/errors.js";
import { defineCommand } from "../../cli/define-command.js";
import { GATE_NAMES } from "../../config/schema.js";
import { checkOptionsSchema, type CheckOptions } from "./options.js";

/** Split "a,b" and repeated flags into a list, rejecting unknown gate names with the valid ones. */
function gateList(flag: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const names = (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(",")).map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!(GATE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`${flag} ${name}: unknown gate (choose from ${GATE_NAMES.join(", ")})`);
    }
  }
  return names;
}

export const checkCommand = defineCommand<CheckOptions>({
  name: "check",
  description: "Run every gate configured for this repo and print one summary",
  formats: ["text", "json", "markdown", "github", "sarif"],
  configure: (command) =>
    void command
      .option("--only <gates...>", `run only these gates (${GATE_NAMES.join(", ")})`)
      .option("--skip <gates...>", "leave these gates out"),
  options: (_args, flags, ctx) => {
    const only = gateList("--only", flags.only);
    const skip = [...(ctx.config.check?.skip ?? []), ...(gateList("--skip", flags.skip) ?? [])];
    const live = Boolean(process.stderr.isTTY) && !ctx.env.CI;
    return checkOptionsSchema.parse({ only, skip, live });
  },
  load: () => import("./index.js"),
});
