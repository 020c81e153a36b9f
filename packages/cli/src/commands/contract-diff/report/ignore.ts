/**
 * Accepted breaks: a YAML list of {id, operation, reason, until?, location?}.
 * Entries match by rule id and operation (method + path shape, so a renamed path
 * parameter does not orphan them), never by message text; expired entries stop
 * applying and say so.
 */
import { z } from "zod";
import { InputError } from "../../../kernel/errors.js";
import { parseStructured } from "../../../config/load.js";
import { lineOfPath, parseDocument } from "../../../config/locate.js";
import { RULES } from "../rules/registry.js";
import { pathShape } from "../diff/operations.js";
import type { Change } from "../model.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const entrySchema = z
  .object({
    id: z.string().min(1),
    operation: z.string().min(1).optional(),
    location: z.string().min(1).optional(),
    reason: z.string().min(3, "give the reason the break is accepted"),
    until: z
      .union([z.string(), z.date()])
      .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
      .refine((value) => DATE.test(value) && !Number.isNaN(new Date(value).getTime()), "expected a date as YYYY-MM-DD")
      .optional(),
  })
  .strict()
  .refine((entry) => entry.operation !== undefined || entry.location !== undefined, "name the operation (\"GET /properties/{id}\" or \"*\") or a location");

const fileSchema = z.array(entrySchema);

export type IgnoreEntry = z.infer<typeof entrySchema> & { line?: number };

export const IGNORE_FILE_EXAMPLE = `- id: response-required-property-removed
  operation: GET /properties/{id}
  reason: mobile app 3.2 stopped reading legacyRef (agreed with the mobile team)
  until: 2026-06-30`;

/** Parse and validate an ignore file; errors name the file, the line and the offending key. */
export function parseIgnoreFile(text: string, shownAs: string): IgnoreEntry[] {
  const raw = text.trim() === "" ? [] : parseStructured(text, shownAs);
  const parsed = fileSchema.safeParse(raw ?? []);
  const document = parseDocument(text);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = [...issue.path, ...(issue.code === "unrecognized_keys" ? [issue.keys[0]!] : [])];
    const where = issue.path.length ? issue.path.join(".") : "(top level)";
    const what = issue.code === "unrecognized_keys" ? `unknown key "${issue.keys[0]}"` : issue.message;
    throw new InputError(`ignore file: ${where}: ${what}`, { file: shownAs, line: lineOfPath(document, text, path) }, { expected: `a list of entries, e.g.\n${IGNORE_FILE_EXAMPLE}` });
  }
  return parsed.data.map((entry, index) => {
    const line = lineOfPath(document, text, [index]);
    if (!RULES.has(entry.id)) {
      throw new InputError(`ignore file: unknown rule id "${entry.id}" (see \`crm-devex contract-diff rules\`)`, { file: shownAs, line: lineOfPath(document, text, [index, "id"]) });
    }
    return { ...entry, line };
  });
}

function operationKey(operation: string): string {
  const space = operation.indexOf(" ");
  if (space === -1) return operation.trim();
  return `${operation.slice(0, space).toUpperCase()} ${pathShape(operation.slice(space + 1).trim())}`;
}

export interface IgnoreOutcome {
  kept: Change[];
  ignored: { change: Change; reason: string; until?: string }[];
  warnings: string[];
}

/** Split changes into kept and accepted; warn about expired and unused entries. */
export function applyIgnores(changes: Change[], entries: IgnoreEntry[], shownAs: string, today: Date): IgnoreOutcome {
  const todayText = today.toISOString().slice(0, 10);
  const warnings: string[] = [];
  const active: IgnoreEntry[] = [];
  for (const entry of entries) {
    if (entry.until !== undefined && entry.until < todayText) {
      warnings.push(`${shownAs}${entry.line ? `:${entry.line}` : ""}: the entry for ${entry.id} on ${entry.operation ?? entry.location} expired on ${entry.until} and no longer applies`);
    } else active.push(entry);
  }
  const used = new Set<IgnoreEntry>();
  const kept: Change[] = [];
  const ignored: IgnoreOutcome["ignored"] = [];
  for (const change of changes) {
    const entry = active.find(
      (candidate) =>
        candidate.id === change.id &&
        (candidate.operation === undefined || candidate.operation === "*" || operationKey(candidate.operation) === operationKey(change.operation)) &&
        (candidate.location === undefined || change.location.includes(candidate.location)),
    );
    if (entry) {
      used.add(entry);
      ignored.push({ change, reason: entry.reason, until: entry.until });
    } else kept.push(change);
  }
  for (const entry of active) {
    if (!used.has(entry)) warnings.push(`${shownAs}${entry.line ? `:${entry.line}` : ""}: the entry for ${entry.id} on ${entry.operation ?? entry.location} matches no change; remove it`);
  }
  return { kept, ignored, warnings };
}
