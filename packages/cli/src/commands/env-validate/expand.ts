/**
 * Variable expansion in env files, with dotenv-expand's semantics (v12, the last release that
 * expanded by itself): `${VAR}`, `$VAR`, `${VAR:-default}` and `${VAR-default}` (the default
 * when VAR is unset or empty), `${VAR:+alternate}` and `${VAR+alternate}` (the alternate when
 * VAR is set), nested defaults (`${A:-${B:-x}}`), `\$` for a literal dollar. A name is looked
 * up among the entries above it (already expanded) and the environment, the environment
 * winning; an unknown name expands to "". Single-quoted values stay literal, as in docker
 * compose and dotenvx (dotenv-expand cannot see quotes; the others can). Pure.
 */
import type { EnvEntry } from "./model.js";

/** One `${NAME}` / `$NAME` in a value, and whether it carries a default or alternate. */
export interface VariableReference {
  name: string;
  hasFallback: boolean;
}

export interface ExpandedValue {
  value: string;
  references: VariableReference[];
}

const REFERENCE = /(?<!\\)\$\{([^{}]+)\}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/;
const OPERATOR = /:\+|\+|:-|-/;
/** A value that keeps producing references (A=$B, B=$A through the environment) stops here. */
const MAX_REPLACEMENTS = 256;

/**
 * Expand one value. `lookup` returns a variable's value or undefined.
 *
 * @example
 * expandValue("http://${API_HOST}:${API_PORT:-8000}/api", (name) => ({ API_HOST: "localhost" })[name])
 * // { value: "http://localhost:8000/api", references: [{ name: "API_HOST", hasFallback: false }, { name: "API_PORT", hasFallback: true }] }
 */
export function expandValue(value: string, lookup: (name: string) => string | undefined): ExpandedValue {
  const references: VariableReference[] = [];
  let result = value;
  // As dotenv-expand does: a value that would bring back an earlier state of this expansion
  // (A=$A through the environment) is replaced by its fallback instead, so expansion ends.
  const seen = new Set<string>();
  for (let replacements = 0; replacements < MAX_REPLACEMENTS; replacements++) {
    const match = REFERENCE.exec(result);
    if (!match) break;
    seen.add(result);
    const expression = match[1] ?? match[2]!;
    const operator = OPERATOR.exec(expression)?.[0];
    const name = operator ? expression.slice(0, expression.indexOf(operator)) : expression;
    const fallback = operator ? expression.slice(expression.indexOf(operator) + operator.length) : "";
    const current = lookup(name);
    references.push({ name, hasFallback: operator !== undefined });
    let replacement: string;
    if (operator === ":+" || operator === "+") replacement = current ? fallback : "";
    else replacement = current && !seen.has(current) ? current : fallback;
    // Innermost first, then the whole value is searched again (nested defaults resolve outwards).
    result = result.slice(0, match.index) + replacement + result.slice(match.index + match[0].length);
  }
  return { value: result.replace(/\\\$/g, "$"), references: dedupe(references) };
}

function dedupe(references: VariableReference[]): VariableReference[] {
  const byName = new Map<string, VariableReference>();
  for (const reference of references) {
    const known = byName.get(reference.name);
    // A name used once without a fallback can expand to "": that use decides.
    byName.set(reference.name, { name: reference.name, hasFallback: (known?.hasFallback ?? true) && reference.hasFallback });
  }
  return [...byName.values()];
}

export interface ExpandedEntry extends EnvEntry {
  /** The value as written, before expansion. */
  raw: string;
  references: VariableReference[];
}

/**
 * Expand a file's entries top to bottom: each sees the entries above it (expanded) and
 * `environment` (which wins, as in dotenv-expand). `earlier` holds values from files read
 * before this one.
 */
export function expandEntries(
  entries: EnvEntry[],
  environment: Readonly<Record<string, string | undefined>> = {},
  earlier: ReadonlyMap<string, string> = new Map(),
): ExpandedEntry[] {
  const seen = new Map(earlier);
  return entries.map((entry) => {
    if (entry.literal) {
      seen.set(entry.name, entry.value);
      return { ...entry, raw: entry.value, references: [] };
    }
    const expanded = expandValue(entry.value, (name) => environment[name] ?? seen.get(name));
    seen.set(entry.name, expanded.value);
    return { ...entry, raw: entry.value, value: expanded.value, references: expanded.references };
  });
}
