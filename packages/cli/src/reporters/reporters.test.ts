import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { sampleResult } from "./__fixtures__/sample-result.js";
import { GITHUB_MARKDOWN_LIMIT, renderMarkdown } from "./markdown.js";
import { render, REPORT_FORMATS, type ReportContext } from "./index.js";
import type { CommandResult } from "../kernel/result.js";

const ctx: ReportContext = { color: false, toolVersion: "1.2.3", cwd: "/repo" };
const goldenPath = (format: string) => new URL(`./__golden__/sample.${format}.txt`, import.meta.url);

describe("reporters match their golden files", () => {
  // UPDATE_GOLDEN=1 npx vitest run packages/cli/src/reporters rewrites them after a deliberate change.
  it.each(REPORT_FORMATS)("%s", async (format) => {
    const output = render(sampleResult, format, ctx);
    if (process.env.UPDATE_GOLDEN) await writeFile(goldenPath(format), output);
    expect(output).toBe(await readFile(goldenPath(format), "utf8"));
  });
});

describe("text reporter", () => {
  it("uses ANSI colour only when asked", () => {
    expect(render(sampleResult, "text", ctx)).not.toMatch(/\x1b\[/);
    expect(render(sampleResult, "text", { ...ctx, color: true })).toMatch(/\x1b\[31mFAIL/);
  });
});

describe("json reporter", () => {
  it("keeps the envelope even when a command field has the same name", () => {
    const result: CommandResult = { ...sampleResult, json: { verdict: "nope", schemaVersion: 99, extra: 1 } };
    const document = JSON.parse(render(result, "json", ctx)) as Record<string, unknown>;
    expect(document).toMatchObject({ schemaVersion: 1, verdict: "failed", command: "contract-diff", extra: 1 });
  });
});

describe("markdown reporter", () => {
  it("stays under GitHub's limit for a huge report and says it was cut", () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`file-${i}.ts`, "10.00", "80"]);
    const huge: CommandResult = { ...sampleResult, blocks: [{ kind: "paragraph", text: "intro" }, { kind: "table", columns: ["a", "b", "c"], rows }, { kind: "table", columns: ["a", "b", "c"], rows }] };
    const markdown = renderMarkdown(huge, ctx);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_MARKDOWN_LIMIT);
    expect(markdown).toContain("Report truncated");
    expect(markdown).toContain("intro");
  });
});

describe("sarif reporter", () => {
  it("lists every rule a finding uses and points results at them", () => {
    const log = JSON.parse(render(sampleResult, "sarif", ctx)) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; locations?: unknown[] }[] }[];
    };
    const run = log.runs[0]!;
    expect(log.version).toBe("2.1.0");
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(run.results.find((r) => r.ruleId === "request-property-added-optional")!.locations).toBeUndefined();
  });
});
