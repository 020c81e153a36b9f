/** Gate maths: truncation, merging, modules that match nothing, branch thresholds, missing ranges, patch. */
import { describe, expect, test } from "vitest";
import { analyseModule, analysePatch, fileResult } from "../../src/commands/coverage-gate/analyse.js";
import { changedLinesFromDiff } from "../../src/commands/coverage-gate/diff.js";
import { addLineBranches, addLineHits, emptyFile, mergeInto, truncatedPercent, type FileCoverage } from "../../src/commands/coverage-gate/model.js";
import { formatRanges, missingRanges } from "../../src/commands/coverage-gate/ranges.js";
import { estimateExecutableLines, isSourceFile } from "../../src/commands/coverage-gate/unreported.js";

function file(path: string, hits: Record<number, number>, branches: Record<number, [number, number]> = {}): FileCoverage {
  const coverage = emptyFile(path);
  for (const [line, count] of Object.entries(hits)) addLineHits(coverage, Number(line), count);
  for (const [line, [covered, total]] of Object.entries(branches)) addLineBranches(coverage, Number(line), covered, total);
  return coverage;
}

describe("truncatedPercent", () => {
  test.each([
    [4, 5, 80],
    [79999, 100000, 79.99],
    [7999, 10000, 79.99],
    [2, 3, 66.66],
    [1, 3, 33.33],
    [0, 0, 100],
    [0, 7, 0],
    [999999, 1000000, 99.99],
    [1000000, 1000000, 100],
  ])("%i/%i → %f", (covered, total, expected) => {
    expect(truncatedPercent(covered, total)).toBe(expected);
  });
});

describe("modules", () => {
  const files = [
    fileResult(file("app/auth/login.py", { 1: 1, 2: 1, 3: 1, 4: 1, 5: 0 }, { 2: [1, 2] })),
    fileResult(file("app/auth/tokens.py", { 1: 1, 2: 0, 3: 0 })),
    fileResult(file("app/payments/stripe.py", { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 })),
  ];

  test("a module's percentage is over all its files' lines (not an average of file percentages)", () => {
    const auth = analyseModule({ name: "auth", paths: ["app/auth/**"], threshold: 80 }, files);
    expect(auth).toMatchObject({ percent: 62.5, covered: 5, total: 8, passed: false });
    expect(auth.files.map((result) => result.path)).toEqual(["app/auth/tokens.py", "app/auth/login.py"]);
  });

  test("79.999% fails an 80% threshold; exactly 80% passes", () => {
    const hits: Record<number, number> = {};
    for (let line = 1; line <= 100000; line++) hits[line] = line <= 79999 ? 1 : 0;
    expect(analyseModule({ name: "m", paths: ["**"], threshold: 80 }, [fileResult(file("a.py", hits))])).toMatchObject({ percent: 79.99, passed: false });
    expect(analyseModule({ name: "m", paths: ["**"], threshold: 80 }, [fileResult(file("a.py", { 1: 1, 2: 1, 3: 1, 4: 1, 5: 0 }))])).toMatchObject({ percent: 80, passed: true });
  });

  test("a module whose globs match no file fails with a clear problem, never 100%", () => {
    const result = analyseModule({ name: "properties", paths: ["app/properties/**"], threshold: 80 }, files);
    expect(result).toMatchObject({ passed: false, percent: 0, total: 0, problem: "no file in the coverage reports matches app/properties/**" });
  });

  test("a branch threshold without branch data fails; with data it gates", () => {
    const payments = analyseModule({ name: "payments", paths: ["app/payments/**"], threshold: 80, branches: 50 }, files);
    expect(payments.passed).toBe(false);
    expect(payments.problem).toMatch(/no branch data/);
    const auth = analyseModule({ name: "auth", paths: ["app/auth/login.py"], threshold: 80, branches: 60 }, files);
    expect(auth).toMatchObject({ percent: 80, passed: false, branches: { percent: 50, covered: 1, total: 2, threshold: 60, passed: false } });
  });

  test("the lines+branches metric is coverage.py's Cover: (lines + branch outcomes covered) / (lines + outcomes)", () => {
    const login = fileResult(file("app/auth/login.py", { 1: 1, 2: 1, 3: 1, 4: 1, 5: 0 }, { 2: [1, 2] }), "lines+branches");
    expect(login).toMatchObject({ percent: 71.42, covered: 5, total: 7, lines: { percent: 80, covered: 4, total: 5 } });
  });
});

describe("merging", () => {
  test("two reports of one file merge by line with max hits, never counting a line twice", () => {
    const unit = file("a.ts", { 1: 1, 2: 0, 3: 0 }, { 1: [1, 2] });
    const e2e = file("a.ts", { 2: 4, 3: 0, 4: 0 }, { 1: [2, 2] });
    mergeInto(unit, e2e);
    expect(fileResult(unit)).toMatchObject({ covered: 2, total: 4, branches: { covered: 2, total: 2 } });
  });

  test("line data wins over a summary-only entry for the same file", () => {
    const summary = emptyFile("a.ts");
    summary.summaryOnly = { covered: 1, total: 10, branchesCovered: 0, branchesTotal: 0 };
    mergeInto(summary, file("a.ts", { 1: 1, 2: 1 }));
    expect(fileResult(summary)).toMatchObject({ covered: 2, total: 2 });
    expect(fileResult(summary).summaryOnly).toBeUndefined();
  });
});

describe("missing ranges (as coverage.py prints them)", () => {
  test.each([
    [{ 1: 1, 2: 0, 3: 0, 5: 0, 7: 1, 8: 0 }, "2-5, 8"],
    [{ 21: 0, 22: 0, 25: 0, 30: 0 }, "21-30"],
    [{ 1: 1, 2: 1 }, ""],
  ])("%j → %s", (hits, expected) => {
    expect(formatRanges(missingRanges(file("x", hits).lines))).toBe(expected);
  });
  test("long lists are shortened", () => {
    const hits: Record<number, number> = {};
    for (let line = 1; line < 200; line++) hits[line] = line % 2;
    expect(formatRanges(missingRanges(file("x", hits).lines), 20)).toBe("2, 4, 6, 8, 10, 12, …");
  });
});

describe("patch coverage", () => {
  const diff = [
    "diff --git a/app/auth/login.py b/app/auth/login.py",
    "index 1..2 100644",
    "--- a/app/auth/login.py",
    "+++ b/app/auth/login.py",
    "@@ -1,0 +2,3 @@ def login():",
    "+a",
    "+b",
    "+c",
    "@@ -10 +9 @@",
    "-old",
    "+new",
    "@@ -20,2 +18,0 @@",
    "diff --git a/docs/x.md b/docs/x.md",
    "--- a/docs/x.md",
    "+++ b/docs/x.md",
    "@@ -0,0 +1 @@",
    "+hello",
    "diff --git a/gone.py b/gone.py",
    "--- a/gone.py",
    "+++ /dev/null",
    "@@ -1,2 +0,0 @@",
    'diff --git "a/app/auth/caf\\303\\251.py" "b/app/auth/caf\\303\\251.py"',
    '+++ "b/app/auth/caf\\303\\251.py"',
    "@@ -0,0 +1,2 @@",
    "",
  ].join("\n");

  test("git diff -U0: new-side lines of each hunk; deletions and removed files add nothing; quoted paths", () => {
    const changed = changedLinesFromDiff(diff);
    expect(Object.fromEntries([...changed].map(([path, lines]) => [path, [...lines]]))).toEqual({
      "app/auth/login.py": [2, 3, 4, 9],
      "docs/x.md": [1],
      "app/auth/café.py": [1, 2],
    });
  });

  test("only executable changed lines in a module count; uncovered ones are grouped into ranges", () => {
    const files = new Map([["app/auth/login.py", file("app/auth/login.py", { 2: 0, 3: 0, 4: 1, 6: 1, 9: 0 })]]);
    const patch = analysePatch(changedLinesFromDiff(diff), files, [{ name: "auth", paths: ["app/auth/**"], threshold: 80 }], { base: "origin/main", mergeBase: "abc", threshold: 80 });
    expect(patch).toMatchObject({ covered: 1, total: 4, percent: 25, passed: false, files: [{ path: "app/auth/login.py", modules: ["auth"], covered: 1, total: 4, uncovered: [[2, 3], [9, 9]] }] });
  });

  test("no coverable changed line passes with 100%", () => {
    const patch = analysePatch(new Map([["README.md", new Set([1])]]), new Map(), [{ name: "all", paths: ["**"], threshold: 80 }], { base: "main", mergeBase: "abc", threshold: 80 });
    expect(patch).toMatchObject({ total: 0, percent: 100, passed: true });
  });
});

describe("--all-files estimates", () => {
  test.each([
    ["app/auth/service.py", true],
    ["src/List.tsx", true],
    ["src/List.test.tsx", false],
    ["tests/test_auth.py", false],
    ["app/conftest.py", false],
    ["src/types.d.ts", false],
    ["README.md", false],
    ["pkg/pay_test.go", false],
  ])("isSourceFile(%s) = %s", (path, expected) => {
    expect(isSourceFile(path)).toBe(expected);
  });

  test("skips blank lines, comments, docstrings and closing punctuation", () => {
    const python = ['"""Module doc', "spans lines", '"""', "", "# comment", "import os", "", "def f():", '    """One-line doc."""', "    return os.sep"].join("\n");
    expect(estimateExecutableLines("a.py", python)).toEqual([6, 8, 10]);
    const ts = ["/**", " * doc", " */", "export function f(): number {", "  // note", "  return 1;", "}", ""].join("\n");
    expect(estimateExecutableLines("a.ts", ts)).toEqual([4, 6]);
  });
});
