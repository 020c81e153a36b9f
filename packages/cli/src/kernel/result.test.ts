import { describe, expect, test } from "vitest";
import { ExitCode } from "./exit-codes.js";
import { exitCodeFor, notChecked, requireWork, type CommandResult, type GateWork, type Verdict } from "./result.js";

function result(verdict: Verdict, work?: GateWork, exitCode?: ExitCode): CommandResult {
  return { command: "gate", verdict, summary: "all good", blocks: [], findings: [], warnings: [], json: { figure: 1 }, ...(work ? { work } : {}), ...(exitCode !== undefined ? { exitCode } : {}) };
}

describe("requireWork: no pass without work", () => {
  test.each<[string, CommandResult, Verdict, string]>([
    ["a pass that compared something stays a pass", result("passed", { count: 3, what: "operations compared" }), "passed", "all good"],
    ["a pass with zero work is not checked, naming what is missing", result("passed", { count: 0, what: "files scanned", missing: "nothing staged" }), "not-checked", "not checked: nothing staged"],
    ["a pass that reports no work at all is not checked", result("passed"), "not-checked", "not checked: gate reported nothing it compared, scanned or measured"],
    ["a pass with an explicit exit 0 and no work is still not checked", result("passed", { count: 0, what: "x" }, ExitCode.Passed), "not-checked", "not checked: gate reported nothing it compared, scanned or measured"],
    ["a failure stays a failure even without work", result("failed", { count: 0, what: "operations compared", missing: "spec not tracked" }), "failed", "all good"],
    ["not configured stays not configured", result("not-configured"), "not-configured", "all good"],
  ])("%s", (_name, input, verdict, summary) => {
    const output = requireWork(input);
    expect(output.verdict).toBe(verdict);
    expect(output.summary).toBe(summary);
    expect(output.exitCode ?? exitCodeFor(output.verdict)).toBe(verdict === "failed" || verdict === "not-checked" ? ExitCode.Failed : ExitCode.Passed);
    if (verdict === "not-checked") {
      expect(output.json).toMatchObject({ figure: 1, notChecked: expect.any(String) });
      expect(output.blocks[0]).toMatchObject({ kind: "paragraph", text: summary });
    }
  });

  test("notChecked() is a result that exits 1 and says what is missing", () => {
    const output = notChecked("contract-diff", "no baseline on origin/master");
    expect(output).toMatchObject({ verdict: "not-checked", summary: "not checked: no baseline on origin/master", work: { count: 0, missing: "no baseline on origin/master" } });
    expect(exitCodeFor(output.verdict)).toBe(ExitCode.Failed);
  });
});
