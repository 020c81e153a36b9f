import type { ValueType } from "./value-types.js";

/** What the schema says about one variable. */
export interface VariableSpec {
  name: string;
  /** The comment lines above the key, joined; empty when undocumented. */
  description: string;
  required: boolean;
  secret: boolean;
  /** Empty counts as missing unless this is set (`@allow-empty`). */
  allowEmpty: boolean;
  type?: ValueType;
  /** Rotation period as written, e.g. "90d". */
  rotate?: string;
  docs?: string;
  /** The value the example shows (placeholder or default). */
  exampleValue: string;
  /** Where it was declared: the example file and line, or the config file. */
  source: { file: string; line?: number };
}

/** A KEY=value line of an env file. */
export interface EnvEntry {
  name: string;
  value: string;
  line: number;
  /** Single-quoted: taken literally, never expanded. */
  literal?: boolean;
}

export type ProblemKind = "missing" | "invalid" | "unknown" | "leaked-value" | "undocumented" | "undeclared-reference" | "undescribed";

/** One thing wrong, with enough context for a person to fix it. Never holds a secret value. */
export interface EnvProblem {
  kind: ProblemKind;
  /** error fails the gate; warning is reported only. */
  severity: "error" | "warning";
  name: string;
  message: string;
  file?: string;
  line?: number;
  /** The variable's description, repeated so the report reads on its own. */
  description?: string;
}
