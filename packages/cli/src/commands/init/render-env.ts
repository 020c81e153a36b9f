/**
 * The annotated `.env.example` text, in the syntax env-validate parses
 * (comment prose above a key, then @secret / @optional / @type= lines). An existing
 * example is kept verbatim; variables it lacks are appended below a marker line.
 */
import type { EnvExamplePlan, ExampleVariable } from "./model.js";
import { frameworkName } from "./render-config.js";

/** Marks the block `init` appends to an existing example. */
export const APPENDED_MARKER = "# Added by `crm-devex init`: variables the code reads or an env file sets that this file did not declare.";

/** A dotenv value, quoted when it has spaces, quotes, # or leading/trailing blanks (as dotenv reads it back). */
export function dotenvValue(value: string): string {
  if (value === "" || /^[^\s"'#\\]+$/.test(value)) return value;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function block(variable: ExampleVariable): string {
  const lines = variable.description.map((line) => `# ${line}`);
  if (variable.secret) lines.push("# @secret");
  if (variable.optional) lines.push("# @optional");
  if (variable.type) lines.push(`# @type=${variable.type}`);
  lines.push(`${variable.name}=${dotenvValue(variable.value)}`);
  return lines.join("\n");
}

function header(plan: EnvExamplePlan): string {
  const served = plan.projects.map((project) => `${project.dir === "." ? "the repository root" : `${project.dir}/`}${project.frameworks.length ? ` (${project.frameworks.map(frameworkName).join(", ")})` : ""}`);
  return [
    `# Environment variables of ${served.join(" and ") || "this project"}, written by \`crm-devex init\`.`,
    "# Copy to .env and fill in the values; never commit .env (secret-scan blocks it). The comment",
    "# lines above a key describe it; @secret, @optional and @type= are checked by `crm-devex env-validate`.",
    "# Secrets are listed with empty values on purpose.",
  ].join("\n");
}

/** A new example holding every variable. */
export function renderNewExample(plan: EnvExamplePlan): string {
  return `${[header(plan), ...plan.variables.map(block)].join("\n\n")}\n`;
}

/** `existing` with the variables it does not declare appended; unchanged when it declares them all. */
export function mergeExample(existing: string, declared: ReadonlySet<string>, plan: EnvExamplePlan): string {
  const missing = plan.variables.filter((variable) => !declared.has(variable.name));
  if (missing.length === 0) return existing;
  const base = existing === "" || existing.endsWith("\n") ? existing : `${existing}\n`;
  return `${base}${base.trim() === "" ? "" : "\n"}${[APPENDED_MARKER, ...missing.map(block)].join("\n\n")}\n`;
}
