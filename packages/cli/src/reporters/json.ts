import type { CommandResult } from "../kernel/result.js";
import type { ReportContext } from "./types.js";

/** Bumped only when a field is removed or changes meaning; additions keep the version. */
export const JSON_SCHEMA_VERSION = 1;

const ENVELOPE_KEYS = new Set(["schemaVersion", "tool", "command", "verdict", "summary", "work", "warnings"]);

/**
 * The machine-readable report: `{schemaVersion, tool, command, verdict, summary,
 * work?, ...commandFields, warnings}`. Command fields never override the envelope.
 * `work` (gates only) says what the gate compared, scanned or measured.
 */
export function renderJson(result: CommandResult, ctx: ReportContext): string {
  const commandFields = Object.fromEntries(Object.entries(result.json).filter(([key]) => !ENVELOPE_KEYS.has(key)));
  const document = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: "crm-devex", version: ctx.toolVersion },
    command: result.command,
    verdict: result.verdict,
    summary: result.summary,
    ...(result.work ? { work: result.work } : {}),
    ...commandFields,
    warnings: result.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
