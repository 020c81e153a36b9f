/**
 * The exit-code contract every command shares. A scan that broke must never be
 * mistaken for a scan that found something, so input and internal errors get
 * their own code (users of gitleaks cannot tell the two apart: issues #1439, #1981).
 */
export const ExitCode = {
  /** The gate passed (or there was nothing to gate). */
  Passed: 0,
  /** The gate ran and failed. */
  Failed: 1,
  /** Usage error, unreadable or malformed input, or an internal error. */
  Error: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
