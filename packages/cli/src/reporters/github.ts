import { isAbsolute, relative, resolve, sep } from "node:path";
import type { CommandResult, Finding, FindingLevel } from "../kernel/result.js";
import { renderText } from "./text.js";
import type { ReportContext } from "./types.js";

/**
 * GitHub shows at most 10 annotations of each level per step and drops the
 * rest silently; we print that many and say how many more there are.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

const COMMAND_FOR_LEVEL: Record<FindingLevel, "error" | "warning" | "notice"> = {
  error: "error",
  warning: "warning",
  note: "notice",
};

/** Escape a workflow-command message, as @actions/core's escapeData does. */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escape a workflow-command property value: message escaping plus `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** A finding's path (relative to cwd) re-expressed relative to the annotation root, when one is set. */
export function annotationPath(file: string, cwd: string, annotationRoot: string | undefined): string {
  if (!annotationRoot) return file;
  const fromRoot = relative(annotationRoot, resolve(cwd, file));
  // Outside the workspace GitHub cannot show the file anyway; keep what we had.
  if (fromRoot.startsWith("..") || isAbsolute(fromRoot)) return file;
  return fromRoot.split(sep).join("/");
}

/** One `::error file=…,line=…::message` line. */
export function annotation(finding: Finding, rebase: (file: string) => string = (file) => file): string {
  const properties: string[] = [];
  if (finding.location?.file) properties.push(`file=${escapeProperty(rebase(finding.location.file))}`);
  if (finding.location?.line) properties.push(`line=${finding.location.line}`);
  if (finding.location?.endLine) properties.push(`endLine=${finding.location.endLine}`);
  if (finding.location?.column) properties.push(`col=${finding.location.column}`);
  properties.push(`title=${escapeProperty(finding.title ?? finding.ruleId)}`);
  return `::${COMMAND_FOR_LEVEL[finding.level]} ${properties.join(",")}::${escapeData(finding.message)}`;
}

/**
 * The log of a step in Actions: the plain text report, then one annotation per
 * finding (capped per level). The Markdown job summary is written by the adapter,
 * not here, because it goes to a file.
 */
export function renderGithub(result: CommandResult, ctx: ReportContext): string {
  const lines = [renderText(result, { ...ctx, color: false }).trimEnd()];
  for (const level of ["error", "warning", "note"] as const) {
    const ofLevel = result.findings.filter((finding) => finding.level === level);
    const rebase = (file: string) => annotationPath(file, ctx.cwd, ctx.annotationRoot);
    for (const finding of ofLevel.slice(0, ANNOTATIONS_PER_LEVEL)) lines.push(annotation(finding, rebase));
    const hidden = ofLevel.length - ANNOTATIONS_PER_LEVEL;
    if (hidden > 0) {
      lines.push(`::notice title=${escapeProperty(`crm-devex ${result.command}`)}::${escapeData(`${hidden} more ${level} findings are not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per step); see the job summary.`)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
