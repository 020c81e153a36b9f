import { describe, expect, it } from "vitest";
import type { CommandResult, Finding } from "../kernel/result.js";
import { ANNOTATIONS_PER_LEVEL, annotation, annotationPath, escapeData, escapeProperty, renderGithub } from "./github.js";

// Exact outputs, as @actions/core's command.ts escapes them.
describe("workflow command escaping", () => {
  it.each([
    ["plain", "plain"],
    ["100%", "100%25"],
    ["a\nb", "a%0Ab"],
    ["a\r\nb", "a%0D%0Ab"],
    ["%0A literal", "%250A literal"],
    ["a:b,c", "a:b,c"],
  ])("data %j -> %j", (input, expected) => expect(escapeData(input)).toBe(expected));

  it.each([
    ["src/app.ts", "src/app.ts"],
    ["C:\\repo,x", "C%3A\\repo%2Cx"],
    ["50%: a,b\n", "50%25%3A a%2Cb%0A"],
  ])("property %j -> %j", (input, expected) => expect(escapeProperty(input)).toBe(expected));
});

describe("annotation", () => {
  it("writes file, line, column and title as properties", () => {
    const finding: Finding = {
      ruleId: "stripe-secret-key",
      level: "error",
      title: "Stripe key: rotate it",
      message: "line 1\nline 2",
      location: { file: "src/a,b.ts", line: 3, column: 9 },
    };
    expect(annotation(finding)).toBe("::error file=src/a%2Cb.ts,line=3,col=9,title=Stripe key%3A rotate it::line 1%0Aline 2");
  });

  it("maps note to notice and falls back to the rule id as title", () => {
    expect(annotation({ ruleId: "info-rule", level: "note", message: "m" })).toBe("::notice title=info-rule::m");
  });
});

describe("github reporter", () => {
  it("caps annotations per level and says how many were left out", () => {
    const findings: Finding[] = Array.from({ length: ANNOTATIONS_PER_LEVEL + 3 }, (_, i) => ({ ruleId: "r", level: "error", message: `m${i}` }));
    const result: CommandResult = { command: "secret-scan", verdict: "failed", summary: "13 findings", blocks: [], findings, warnings: [], json: {} };
    const output = renderGithub(result, { color: false, toolVersion: "0", cwd: "/" });
    expect(output.match(/^::error /gm)).toHaveLength(ANNOTATIONS_PER_LEVEL);
    expect(output).toContain("::notice title=crm-devex secret-scan::3 more error findings are not annotated");
  });
});

describe("annotation paths", () => {
  it.each([
    ["openapi.json", "/w/repo/examples/crm", "/w/repo", "examples/crm/openapi.json"],
    ["src/a.ts", "/w/repo", "/w/repo", "src/a.ts"],
    ["../outside.ts", "/w/repo", "/w/repo/sub", "../outside.ts"],
    ["a.ts", "/w/repo/x", undefined, "a.ts"],
  ])("%s run in %s with workspace %s -> %s", (file, cwd, root, expected) => {
    expect(annotationPath(file, cwd, root)).toBe(expected);
  });

  it("rebases file= on the workspace when a step runs in a subdirectory", () => {
    const result: CommandResult = {
      command: "contract-diff",
      verdict: "failed",
      summary: "1 breaking",
      blocks: [],
      findings: [{ ruleId: "r", level: "error", message: "m", location: { file: "openapi.json", line: 3 } }],
      warnings: [],
      json: {},
    };
    const output = renderGithub(result, { color: false, toolVersion: "0", cwd: "/w/repo/examples/crm", annotationRoot: "/w/repo" });
    expect(output).toContain("::error file=examples/crm/openapi.json,line=3,title=r::m");
  });
});
