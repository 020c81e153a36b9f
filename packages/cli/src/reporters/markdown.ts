import type { CommandResult, ReportBlock, Verdict } from "../kernel/result.js";
import type { ReportContext } from "./types.js";

/** GitHub rejects comments and step summaries above this many characters. */
export const GITHUB_MARKDOWN_LIMIT = 65_536;

const VERDICT_BADGE: Record<Verdict, string> = {
  passed: "✅ passed",
  failed: "❌ failed",
  "not-checked": "⚠️ not checked",
  "not-configured": "⏭️ not configured",
};

/**
 * A Markdown report for PR comments and job summaries. Long reports are cut at a
 * block boundary with a note, so the whole stays under GitHub's size limit.
 */
export function renderMarkdown(result: CommandResult, _ctx: ReportContext, limit = GITHUB_MARKDOWN_LIMIT): string {
  const head = [`### crm-devex ${result.command}: ${VERDICT_BADGE[result.verdict]}`, "", escapeMarkdown(result.summary), ""];
  const tail = result.warnings.length
    ? ["", "<details><summary>Warnings</summary>", "", ...result.warnings.map((w) => `- ${escapeMarkdown(w)}`), "", "</details>", ""]
    : [];
  const truncationNote = "\n> Report truncated to fit GitHub's size limit; run with `--format json` for the full list.\n";
  let text = `${head.join("\n")}\n`;
  const budget = limit - tail.join("\n").length - truncationNote.length;
  for (const block of result.blocks) {
    const rendered = `${blockToMarkdown(block)}\n`;
    if (text.length + rendered.length > budget) {
      text += truncationNote;
      break;
    }
    text += rendered;
  }
  return text + tail.join("\n");
}

export function blockToMarkdown(block: ReportBlock): string {
  switch (block.kind) {
    case "heading":
      return `#### ${escapeMarkdown(block.text)}\n`;
    case "paragraph":
      return `${escapeMarkdown(block.text)}\n`;
    case "list":
      return `${block.items.map((item) => `- ${escapeMarkdown(item)}`).join("\n")}\n`;
    case "code":
      return `\`\`\`\n${block.text}\n\`\`\`\n`;
    case "table": {
      const cell = (text: string) => escapeMarkdown(text).replace(/\|/g, "\\|").replace(/\n/g, "<br>");
      const header = `| ${block.columns.map(cell).join(" | ")} |`;
      const rule = `| ${block.columns.map((_, i) => (block.align?.[i] === "right" ? "---:" : "---")).join(" | ")} |`;
      const rows = block.rows.map((row) => `| ${row.map(cell).join(" | ")} |`);
      return `${[header, rule, ...rows].join("\n")}\n`;
    }
    case "bar": {
      const percent = Math.round(Math.min(1, Math.max(0, block.fraction)) * 100);
      return `**${escapeMarkdown(block.label)}** \`${"█".repeat(Math.round(percent / 5)).padEnd(20, "░")}\` ${escapeMarkdown(block.caption)}\n`;
    }
    case "details":
      return `<details><summary>${escapeHtml(block.summary)}</summary>\n\n${block.blocks.map(blockToMarkdown).join("\n")}\n</details>\n`;
  }
}

/** Escape characters that would turn user data (paths, names, messages) into Markdown or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (ch) => `\\${ch}`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
