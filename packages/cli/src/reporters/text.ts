import { Chalk, type ChalkInstance } from "chalk";
import type { CommandResult, ReportBlock, Tone, Verdict } from "../kernel/result.js";
import type { ReportContext } from "./types.js";

/** Plain-terminal report: colour only when ctx.color says so (TTY, no NO_COLOR). */
export function renderText(result: CommandResult, ctx: ReportContext): string {
  const paint = new Chalk({ level: ctx.color ? 1 : 0 });
  const out: string[] = [];
  out.push(`${paint.bold(result.command)}  ${verdictLabel(result.verdict, paint)}  ${result.summary}`);
  const body = renderBlocks(result.blocks, paint, "");
  if (body.length) out.push("", ...body);
  for (const warning of result.warnings) out.push(paint.yellow(`warning: ${warning}`));
  return `${out.join("\n")}\n`;
}

export function verdictLabel(verdict: Verdict, paint: ChalkInstance): string {
  switch (verdict) {
    case "passed":
      return paint.green("PASS");
    case "failed":
      return paint.red("FAIL");
    case "not-checked":
      return paint.yellow("NOT CHECKED");
    case "not-configured":
      return paint.dim("SKIP");
  }
}

function tone(paint: ChalkInstance, value: Tone | undefined): (text: string) => string {
  switch (value) {
    case "good":
      return paint.green;
    case "warn":
      return paint.yellow;
    case "bad":
      return paint.red;
    case "muted":
      return paint.dim;
    default:
      return (text) => text;
  }
}

function renderBlocks(blocks: ReportBlock[], paint: ChalkInstance, indent: string): string[] {
  const out: string[] = [];
  // Bars in one report share a label column so they can be compared at a glance.
  const labelWidth = Math.max(0, ...blocks.map((block) => (block.kind === "bar" ? block.label.length : 0)));
  for (const block of blocks) {
    switch (block.kind) {
      case "heading":
        if (out.length) out.push("");
        out.push(indent + paint.bold(block.text));
        break;
      case "paragraph":
        out.push(...block.text.split("\n").map((line) => indent + tone(paint, block.tone)(line)));
        break;
      case "list":
        out.push(...block.items.map((item) => `${indent}  - ${tone(paint, block.tone)(item)}`));
        break;
      case "code":
        out.push(...block.text.split("\n").map((line) => `${indent}    ${line}`));
        break;
      case "table":
        out.push(...renderTable(block.columns, block.rows, block.align).map((line) => indent + line));
        break;
      case "bar":
        out.push(`${indent}${block.label.padEnd(labelWidth)}  ${tone(paint, block.tone)(bar(block.fraction))}  ${block.caption}`);
        break;
      case "details":
        out.push(indent + block.summary, ...renderBlocks(block.blocks, paint, `${indent}  `));
        break;
    }
  }
  return out;
}

const BAR_WIDTH = 30;

/** A fixed-width bar; the fraction is clamped so an exhausted budget still draws. */
export function bar(fraction: number): string {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(clamped * BAR_WIDTH);
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}]`;
}

function renderTable(columns: string[], rows: string[][], align?: ("left" | "right")[]): string[] {
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (align?.[i] === "right" ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
