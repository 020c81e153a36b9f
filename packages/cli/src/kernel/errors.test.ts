import { describe, expect, it } from "vitest";
import { ExitCode } from "./exit-codes.js";
import { InputError, UsageError, describeError, excerptAround } from "./errors.js";

describe("describeError", () => {
  it.each([
    [new InputError("malformed line", { file: ".env.example", line: 4, column: 2 }, { expected: "KEY=value" }), ["error: .env.example:4:2: malformed line", "  expected: KEY=value"]],
    [new InputError("file not found", { file: "spec.yaml" }), ["error: spec.yaml: file not found"]],
    [new UsageError("--format yaml: unknown format"), ["error: --format yaml: unknown format"]],
  ])("an expected error prints its message and details and exits 2: %s", (error, lines) => {
    expect(describeError(error, false)).toEqual({ lines, exitCode: ExitCode.Error });
  });

  it("reports anything else as an internal error, exit 2, stack only on --debug", () => {
    const bug = new TypeError("cannot read properties of undefined");
    const plain = describeError(bug, false);
    expect(plain.exitCode).toBe(ExitCode.Error);
    expect(plain.lines).toEqual(["internal error — please report: cannot read properties of undefined", "  (run again with --debug for the stack trace)"]);
    expect(describeError(bug, true).lines[1]).toMatch(/^TypeError: cannot read properties of undefined\n\s+at /);
  });
});

describe("excerptAround", () => {
  it("numbers the lines and marks the one in question", () => {
    // Continuation lines carry the two-space indent of an error's detail lines.
    expect(excerptAround("a\nb\nc\nd", 2)).toBe("  1 | a\n  > 2 | b\n    3 | c");
    expect(excerptAround("only", 1, 0)).toBe("> 1 | only");
  });
});
