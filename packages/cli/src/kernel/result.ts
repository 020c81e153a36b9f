import { ExitCode } from "./exit-codes.js";

/** How serious a finding is, in the SARIF vocabulary (which GitHub annotations also map onto). */
export type FindingLevel = "error" | "warning" | "note";

/** Where a finding points. Paths are relative to the working directory, with forward slashes. */
export interface FindingLocation {
  file: string;
  /** 1-based; 0 or absent when the finding is about the whole file. */
  line?: number;
  column?: number;
  endLine?: number;
}

/**
 * One thing a command wants a person to look at. Commands keep their own richer
 * model; a Finding is the common denominator the github and sarif reporters need.
 */
export interface Finding {
  /** Stable kebab-case rule id, e.g. `response-property-removed`. */
  ruleId: string;
  level: FindingLevel;
  /** One sentence, already safe to show (secrets masked). */
  message: string;
  location?: FindingLocation;
  /** A short heading for annotations, e.g. the operation or module. */
  title?: string;
  /** Stable identity across runs (used by SARIF partialFingerprints). */
  fingerprint?: string;
}

/** Rule metadata for SARIF's tool.driver.rules. */
export interface RuleDescriptor {
  id: string;
  shortDescription: string;
  helpUri?: string;
  level: FindingLevel;
}

/**
 * The outcome of one gate.
 * - passed: the gate ran and nothing at or above the fail level was found
 * - failed: the gate ran and found something that fails it
 * - not-configured: the gate had nothing to check (never counted as a pass by `check`)
 */
export type Verdict = "passed" | "failed" | "not-configured";

/** A piece of human-readable report, rendered by the text and markdown reporters alike. */
export type ReportBlock =
  | { kind: "heading"; text: string }
  | { kind: "paragraph"; text: string; tone?: Tone }
  | { kind: "list"; items: string[]; tone?: Tone }
  | { kind: "table"; columns: string[]; rows: string[][]; align?: ("left" | "right")[] }
  | { kind: "code"; text: string }
  | { kind: "bar"; label: string; fraction: number; caption: string; tone?: Tone }
  | { kind: "details"; summary: string; blocks: ReportBlock[] };

export type Tone = "good" | "warn" | "bad" | "muted";

/** What every command returns. Commands never print and never exit; the adapters do. */
export interface CommandResult {
  /** The command's name as typed, e.g. `contract-diff`. */
  command: string;
  verdict: Verdict;
  /** One line with the key figure, e.g. "3 breaking changes in 2 operations". */
  summary: string;
  /** Human report body, shared by text and markdown. */
  blocks: ReportBlock[];
  /** Findings for annotations and SARIF. */
  findings: Finding[];
  /** Rules referenced by findings, for SARIF. */
  rules?: RuleDescriptor[];
  /** Non-fatal problems worth telling the user (skipped lines, unmatched paths). */
  warnings: string[];
  /**
   * The command's documented JSON shape (without schemaVersion, which the json
   * reporter adds). Other tools read it, so changes to it are versioned.
   */
  json: Record<string, unknown>;
  /**
   * Set only when the verdict alone cannot say it, e.g. `check` exits 2 when one
   * of its gates could not run.
   */
  exitCode?: ExitCode;
}

/** The exit code a result stands for. `not-configured` exits 0 on its own; `check` decides otherwise. */
export function exitCodeFor(verdict: Verdict): ExitCode {
  return verdict === "failed" ? ExitCode.Failed : ExitCode.Passed;
}

/** The worst of several exit codes: an error beats a failure beats a pass. */
export function worstExitCode(codes: Iterable<ExitCode>): ExitCode {
  let worst: ExitCode = ExitCode.Passed;
  for (const code of codes) if (code > worst) worst = code;
  return worst;
}

/** A result for a gate that had nothing to check, with the reason. */
export function notConfigured(command: string, reason: string): CommandResult {
  return {
    command,
    verdict: "not-configured",
    summary: reason,
    blocks: [{ kind: "paragraph", text: `not configured: ${reason}`, tone: "muted" }],
    findings: [],
    warnings: [],
    json: { reason },
  };
}
