import type { CommandResult } from "../kernel/result.js";
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderSarif } from "./sarif.js";
import { renderText } from "./text.js";
import type { ReportContext, ReportFormat, Reporter } from "./types.js";

export * from "./types.js";
export { renderText, renderJson, renderMarkdown, renderGithub, renderSarif };

const REPORTERS: Record<ReportFormat, Reporter> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  github: renderGithub,
  sarif: renderSarif,
};

/** Render a result in the given format. */
export function render(result: CommandResult, format: ReportFormat, ctx: ReportContext): string {
  return REPORTERS[format](result, ctx);
}
