import type { CommandResult } from "../kernel/result.js";

export const REPORT_FORMATS = ["text", "json", "markdown", "github", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a reporter may know about where its output goes. Reporters are pure: (result, ctx) => string. */
export interface ReportContext {
  /** Use ANSI colour (text reporter only). */
  color: boolean;
  /** Version of crm-devex, for JSON and SARIF. */
  toolVersion: string;
  /** Directory paths in findings are relative to (SARIF uses it as %SRCROOT%). */
  cwd: string;
  /**
   * Where annotation paths must be relative to: GitHub resolves `file=` against
   * the repository root ($GITHUB_WORKSPACE), not against the directory a step ran in.
   */
  annotationRoot?: string;
}

export type Reporter = (result: CommandResult, ctx: ReportContext) => string;
