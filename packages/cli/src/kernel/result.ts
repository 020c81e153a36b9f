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
 * - passed: the gate compared, scanned or measured something and found nothing at or above the fail level
 * - failed: the gate ran and found something that fails it
 * - not-checked: the gate is set up but did no work (no baseline, no files, no data); the summary
 *   says what is missing. Exits 1: it is not a pass, and `check` never counts it as one
 * - not-configured: nothing in the repo or config asks for this gate (never counted as a pass by `check`)
 */
export type Verdict = "passed" | "failed" | "not-checked" | "not-configured";

/**
 * What a gate did to reach its verdict, e.g. `{ count: 42, what: "operations compared" }`.
 * A gate reports it with every result; `requireWork` turns a pass with no work into `not-checked`.
 */
export interface GateWork {
  /** How many things were compared, scanned or measured; 0 means the gate did nothing. */
  count: number;
  /** What they are, past tense: "operations compared", "files scanned", "modules measured". */
  what: string;
  /** When count is 0: what was missing, in words a user can act on, e.g. "no baseline on origin/master". */
  missing?: string;
}

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
  /** What the gate compared, scanned or measured (gates only; see `requireWork`). */
  work?: GateWork;
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

/**
 * The exit code a result stands for. `not-checked` exits 1 (a gate that was asked to check and
 * could not is a red light, not a green one); `not-configured` exits 0 on its own and `check` decides.
 */
export function exitCodeFor(verdict: Verdict): ExitCode {
  return verdict === "failed" || verdict === "not-checked" ? ExitCode.Failed : ExitCode.Passed;
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

/**
 * A result for a gate that is set up but could not do its work, saying what is missing.
 *
 * @example
 * notChecked("contract-diff", "no baseline on origin/master", "not compared")
 * // summary: "not compared: no baseline on origin/master", verdict "not-checked", exit 1
 */
export function notChecked(command: string, missing: string, verb = "not checked", json: Record<string, unknown> = {}): CommandResult {
  const summary = `${verb}: ${missing}`;
  return {
    command,
    verdict: "not-checked",
    summary,
    blocks: [{ kind: "paragraph", text: summary, tone: "warn" }],
    findings: [],
    warnings: [],
    work: { count: 0, what: "nothing", missing },
    json: { ...json, notChecked: missing },
  };
}

/**
 * The kernel rule every gate goes through: no pass without work. A `passed` result that
 * compared, scanned or measured nothing (no `work`, or `work.count` 0) becomes `not-checked`,
 * with `work.missing` (or a generic reason) as what is missing. Other verdicts pass through.
 *
 * @example
 * requireWork({ ...result, verdict: "passed", work: { count: 0, what: "files scanned", missing: "no tracked files" } })
 * // → verdict "not-checked", summary "not checked: no tracked files"
 */
export function requireWork(result: CommandResult): CommandResult {
  if (result.verdict !== "passed") return result;
  if (result.work && result.work.count > 0) return result;
  const missing = result.work?.missing ?? `${result.command} reported nothing it compared, scanned or measured`;
  const summary = `not checked: ${missing}`;
  return {
    ...result,
    verdict: "not-checked",
    summary,
    blocks: [{ kind: "paragraph", text: summary, tone: "warn" }, ...result.blocks],
    work: { count: 0, what: result.work?.what ?? "nothing", missing },
    json: { ...result.json, notChecked: missing },
    // An explicit exit code of 0 would let a pass without work through; the verdict decides here.
    exitCode: result.exitCode === ExitCode.Passed ? undefined : result.exitCode,
  };
}
