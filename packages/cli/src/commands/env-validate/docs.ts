import type { VariableSpec } from "./model.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The Markdown table a README's "Configuration" section embeds (FR-058: rotation guidance included). */
export function variablesTable(specs: VariableSpec[]): string {
  const rows = specs.map((spec) =>
    [
      `\`${spec.name}\``,
      cell(spec.description || "—") + (spec.docs ? ` ([docs](${spec.docs}))` : ""),
      spec.required ? "yes" : "no",
      spec.secret ? "yes" : "no",
      spec.type ?? "string",
      spec.rotate ? `every ${spec.rotate}` : spec.secret ? "on exposure" : "—",
    ].join(" | "),
  );
  return ["| name | description | required | secret | type | rotation |", "| --- | --- | --- | --- | --- | --- |", ...rows.map((row) => `| ${row} |`)].join("\n") + "\n";
}
