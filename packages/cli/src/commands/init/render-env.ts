/**
 * The annotated `.env.example` text, in the syntax env-validate parses
 * (comment prose above a key, then @secret / @optional / @type= lines). In an existing
 * example no line changes: annotations are added above keys, missing variables appended.
 */
import type { VariableSpec } from "../env-validate/model.js";
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

/**
 * `existing` merged with the plan: every line the user wrote stays as it is; a declared
 * variable that init found to be secret, or whose type it knows, gets the missing
 * `# @secret` / `# @type=` line right above its key; variables the file lacks are
 * appended. Unchanged when there is nothing to add (so a second run writes nothing).
 */
export function mergeExample(existing: string, declared: readonly VariableSpec[], plan: EnvExamplePlan): string {
  const lines = existing.split("\n");
  const byName = new Map(declared.map((spec) => [spec.name, spec]));
  const insertions: { before: number; lines: string[] }[] = [];
  for (const variable of plan.variables) {
    const spec = byName.get(variable.name);
    if (!spec?.source.line) continue;
    const added = [...(variable.secret && !spec.secret ? ["# @secret"] : []), ...(variable.type && !spec.type ? [`# @type=${variable.type}`] : [])];
    if (added.length) insertions.push({ before: spec.source.line - 1, lines: added });
  }
  for (const insertion of insertions.sort((a, b) => b.before - a.before)) {
    const eol = lines[insertion.before]?.endsWith("\r") ? "\r" : "";
    lines.splice(insertion.before, 0, ...insertion.lines.map((line) => `${line}${eol}`));
  }
  let text = lines.join("\n");
  const missing = plan.variables.filter((variable) => !byName.has(variable.name));
  if (missing.length === 0) return text;
  text = text === "" || text.endsWith("\n") ? text : `${text}\n`;
  return `${text}${text.trim() === "" ? "" : "\n"}${[APPENDED_MARKER, ...missing.map(block)].join("\n\n")}\n`;
}
