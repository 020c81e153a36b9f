import { ExitCode } from "./exit-codes.js";

/** Where in an input file a problem sits (1-based line and column). */
export interface SourcePosition {
  file: string;
  line?: number;
  column?: number;
}

/**
 * Base of every error the CLI expects to meet. Its message is the one line a
 * user sees; anything longer (excerpt, hint) is rendered below it.
 */
export abstract class CrmDevexError extends Error {
  abstract readonly exitCode: ExitCode;
  /** Extra lines shown under the message: an excerpt, the expected form, a hint. */
  readonly details: string[];

  constructor(message: string, options?: { details?: string[]; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = new.target.name;
    this.details = options?.details ?? [];
  }
}

/** A flag, argument or option combination that makes no sense. */
export class UsageError extends CrmDevexError {
  readonly exitCode = ExitCode.Error;
}

/**
 * An input file that is missing, unreadable or malformed. The message always
 * names the file, and the line when the parser knows it.
 *
 * @example
 * throw new InputError("expected KEY=value", { file: ".env.example", line: 4 }, { excerpt: "4 | DATABASE_URL" });
 */
export class InputError extends CrmDevexError {
  readonly exitCode = ExitCode.Error;
  readonly position: SourcePosition | undefined;

  constructor(
    problem: string,
    position?: SourcePosition,
    options?: { excerpt?: string; expected?: string; cause?: unknown },
  ) {
    super(position ? `${formatPosition(position)}: ${problem}` : problem, {
      cause: options?.cause,
      details: [
        ...(options?.excerpt ? [options.excerpt] : []),
        ...(options?.expected ? [`expected: ${options.expected}`] : []),
      ],
    });
    this.position = position;
  }
}

/** A configuration file that does not match the schema (unknown key, wrong type). */
export class ConfigError extends InputError {}

/** "file:line:column", leaving out what is unknown. */
export function formatPosition(position: SourcePosition): string {
  let text = position.file;
  if (position.line !== undefined) text += `:${position.line}`;
  if (position.line !== undefined && position.column !== undefined) text += `:${position.column}`;
  return text;
}

/**
 * Lines to print for an error. Expected errors print their message and details;
 * anything else is a bug in crm-devex and says so, with the stack only on --debug.
 */
export function describeError(error: unknown, debug: boolean): { lines: string[]; exitCode: ExitCode } {
  if (error instanceof CrmDevexError) {
    const lines = [`error: ${error.message}`, ...error.details.map((line) => `  ${line}`)];
    if (debug && error.stack) lines.push(error.stack);
    return { lines, exitCode: error.exitCode };
  }
  const detail = error instanceof Error ? error.message : String(error);
  const lines = [`internal error — please report: ${detail}`];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  else lines.push("  (run again with --debug for the stack trace)");
  return { lines, exitCode: ExitCode.Error };
}

/** A short excerpt of `text` around `line` (1-based), with line numbers, for error messages. */
export function excerptAround(text: string, line: number, radius = 1): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, line - radius);
  const last = Math.min(lines.length, line + radius);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? ">" : " ";
    out.push(`${marker} ${String(n).padStart(width)} | ${lines[n - 1] ?? ""}`);
  }
  return out.join("\n  ");
}
