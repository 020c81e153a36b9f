import type { EnvProblem, VariableSpec } from "./model.js";
import { isPlaceholder, isUrlWithoutPassword, looksRandom, urlWithRealPassword } from "./placeholders.js";
import { checkValueType } from "./value-types.js";

/** A value found for a variable and where it came from (for messages; the value itself is never shown). */
export interface ResolvedValue {
  value: string;
  from: string;
}

function described(spec: VariableSpec): string {
  const facts = [spec.secret ? "secret" : undefined, spec.rotate ? `rotate every ${spec.rotate}` : undefined, spec.docs ? `docs: ${spec.docs}` : undefined].filter(Boolean);
  const text = spec.description || "(no description in the example)";
  return facts.length ? `${text} [${facts.join("; ")}]` : text;
}

/**
 * Check values against the schema: every problem at once (envalid's lesson), each
 * with the variable's description so the report says what to set, not only what.
 */
export function validateValues(specs: VariableSpec[], values: ReadonlyMap<string, ResolvedValue>): EnvProblem[] {
  const problems: EnvProblem[] = [];
  for (const spec of specs) {
    const found = values.get(spec.name);
    const empty = found === undefined || (found.value === "" && !spec.allowEmpty);
    if (empty) {
      if (spec.required) {
        problems.push({
          kind: "missing",
          severity: "error",
          name: spec.name,
          message: `${spec.name} is required but ${found === undefined ? "not set" : `empty (${found.from})`} — ${described(spec)}`,
          description: spec.description,
          file: spec.source.file,
          line: spec.source.line,
        });
      }
      continue;
    }
    if (spec.type) {
      const reason = checkValueType(spec.type, found.value);
      if (reason) {
        problems.push({
          kind: "invalid",
          severity: "error",
          name: spec.name,
          message: `${spec.name} (${found.from}) ${reason} — ${described(spec)}`,
          description: spec.description,
          file: spec.source.file,
          line: spec.source.line,
        });
      }
    }
  }
  return problems;
}

/** Keys in an env file that the schema does not know: a typo, or a variable nobody documented. */
export function unknownKeys(specs: VariableSpec[], entries: { name: string; line: number }[], file: string): EnvProblem[] {
  const known = new Set(specs.map((spec) => spec.name));
  return entries
    .filter((entry) => !known.has(entry.name))
    .map((entry) => ({
      kind: "unknown" as const,
      severity: "warning" as const,
      name: entry.name,
      message: `${entry.name} is set in ${file} but not declared in the example`,
      file,
      line: entry.line,
    }));
}

/**
 * `${NAME}` / `$NAME` references to variables the schema does not declare. Without a
 * fallback and with no value anywhere the reference expands to "" — an error; with a
 * `${NAME:-default}` fallback, or a value set in the file or environment, a warning.
 */
export function undeclaredReferences(
  specs: VariableSpec[],
  entries: { name: string; line: number; references: { name: string; hasFallback: boolean }[] }[],
  file: string,
  ignored: ReadonlySet<string>,
  isSet: (name: string) => boolean,
): EnvProblem[] {
  const declared = new Set(specs.map((spec) => spec.name));
  const problems: EnvProblem[] = [];
  for (const entry of entries) {
    for (const reference of entry.references) {
      if (declared.has(reference.name) || ignored.has(reference.name)) continue;
      const harmless = reference.hasFallback || isSet(reference.name);
      const outcome = reference.hasFallback ? "it falls back to its default" : isSet(reference.name) ? "it is set, but undocumented" : "it expands to an empty string";
      problems.push({
        kind: "undeclared-reference",
        severity: harmless ? "warning" : "error",
        name: entry.name,
        message: `${entry.name} references \${${reference.name}}, which the example does not declare (${outcome}): declare ${reference.name} in the example`,
        file,
        line: entry.line,
      });
    }
  }
  return problems;
}

/** Finds credentials in a line of text; returns the ids of the rules that matched. */
export type SecretDetector = (line: string, file: string) => string[];

/**
 * The example must be honest: it documents names, never real values. A value is
 * a leak when a secret rule matches it, when a @secret variable holds anything
 * but a placeholder, when it looks generated, or when a URL carries a password.
 */
export function dishonestValues(specs: VariableSpec[], detectSecrets: SecretDetector): EnvProblem[] {
  const problems: EnvProblem[] = [];
  for (const spec of specs) {
    const value = spec.exampleValue;
    if (isPlaceholder(value)) continue;
    const rules = detectSecrets(`${spec.name}=${value}`, spec.source.file);
    let reason: string | undefined;
    if (rules.length) reason = `matches secret rule ${rules.join(", ")}`;
    else if (urlWithRealPassword(value)) reason = "is a URL with a password in it";
    // A credential-free URL (sqlite:///./crm.db) is a harmless local default even for a @secret key.
    else if (spec.secret && !isUrlWithoutPassword(value)) reason = "is marked @secret but holds a value instead of a placeholder";
    else if (looksRandom(value)) reason = "looks like a generated credential (high entropy)";
    if (reason) {
      problems.push({
        kind: "leaked-value",
        severity: "error",
        name: spec.name,
        message: `${spec.name} in the example ${reason}; use an empty value or a placeholder like <your-${spec.name.toLowerCase().replace(/_/g, "-")}>`,
        file: spec.source.file,
        line: spec.source.line,
      });
    }
  }
  return problems;
}

/** Variables code reads that no example declares (dotenv-safe's drift, found from the code side). */
export function undocumentedReads(
  specs: VariableSpec[],
  reads: { name: string; file: string; line: number }[],
  ignored: ReadonlySet<string>,
): EnvProblem[] {
  const known = new Set(specs.map((spec) => spec.name));
  const firstRead = new Map<string, { file: string; line: number }>();
  for (const read of reads) if (!known.has(read.name) && !ignored.has(read.name) && !firstRead.has(read.name)) firstRead.set(read.name, read);
  return [...firstRead].map(([name, where]) => ({
    kind: "undocumented" as const,
    severity: "error" as const,
    name,
    message: `${name} is read by ${where.file}:${where.line} but missing from the example`,
    file: where.file,
    line: where.line,
  }));
}
