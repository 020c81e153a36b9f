/** `contract-diff rules`: the catalogue, generated from the registry (docs/contract-diff.md embeds it). */
import type { RawOutput } from "../../cli/context.js";
import { renderCatalogue } from "./rules/docs.js";
import { ALL_RULES } from "./rules/registry.js";

export async function run(options: { json: boolean }): Promise<RawOutput> {
  if (options.json) {
    const rules = ALL_RULES.map(({ id, level, direction, area, description, message, docs, mirror, waiver }) => ({ id, level, direction, area, description, message, docs, mirror, waiver }));
    return { kind: "raw", text: `${JSON.stringify({ schemaVersion: 1, rules }, null, 2)}\n` };
  }
  return { kind: "raw", text: renderCatalogue() };
}
