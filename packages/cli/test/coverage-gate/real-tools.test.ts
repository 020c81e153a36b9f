/**
 * Reports produced by the real tools, at test time: coverage.py 7.17.4 + pytest-cov
 * 7.1.0, coverage.py 7.4.4 and 6.5.0 (JSON formats 3, 2, 1; cached venvs from
 * tools/python-venv.sh) on projects/python, Vitest 3 with V8 coverage on
 * projects/typescript, and `go test -coverprofile` on projects/go. Every format each tool writes must give the
 * per-file and per-module figures the tool itself prints.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCommand } from "../helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../../..");

interface FileJson {
  path: string;
  percent: number;
  covered: number;
  total: number;
  lines: { percent: number; covered: number; total: number };
  branches?: { percent: number; covered: number; total: number };
  missing: string;
}
interface ModuleJson {
  name: string;
  percent: number;
  covered: number;
  total: number;
  lines: { percent: number; covered: number; total: number };
  branches?: { covered: number; total: number };
  files: FileJson[];
}

async function gate(cwd: string, args: string[]): Promise<{ modules: ModuleJson[]; warnings: string[]; reports: { format: string }[] }> {
  const run = await runCommand(["coverage-gate", ...args, "--format", "json"], { cwd });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout);
}

function filesOf(report: { modules: ModuleJson[] }): Map<string, FileJson> {
  return new Map(report.modules.flatMap((module) => module.files).map((file) => [file.path, file]));
}

/** coverage.py's display rounding of a percentage (precision 2). */
function coveragePyDisplay(covered: number, total: number): string {
  return total === 0 ? "100.00%" : `${((100 * covered) / total).toFixed(2)}%`;
}

/** A venv from tools/python-venv.sh (created once, cached under .cache/coverage-gate). */
function pythonVenv(...args: string[]): string {
  return execFileSync("bash", [join(here, "tools/python-venv.sh"), ...args], { encoding: "utf8", env: { ...process.env, CRM_DEVEX_ROOT: repoRoot }, stdio: ["ignore", "pipe", "inherit"] }).trim();
}

const COVERAGE_PY = [
  // venv arguments, the JSON format it writes, how the fixture's tests run, and whether its JSON
  // and LCOV list module docstring lines as executed (coverage.py before 7.14 does; its XML does not)
  { name: "coverage.py 7.17.4 via pytest-cov 7.1.0", venv: [], jsonFormat: 3, pytestCov: true, docstringLines: false },
  { name: "coverage.py 7.4.4", venv: ["coverage-7.4", "coverage==7.4.4"], jsonFormat: 2, pytestCov: false, docstringLines: true },
  { name: "coverage.py 6.5.0", venv: ["coverage-6.5", "coverage==6.5.0"], jsonFormat: 1, pytestCov: false, docstringLines: true },
];

describe.each(COVERAGE_PY)("$name reports", ({ venv, jsonFormat, pytestCov, docstringLines }) => {
  let dir: string;
  let python: string;
  /** `coverage report --precision=2` rows: name → [Stmts, Miss, Branch, BrPart, Cover]. */
  const printed = new Map<string, string[]>();

  beforeAll(async () => {
    python = pythonVenv(...venv);
    dir = await mkdtemp(join(tmpdir(), "crm-devex-pycov-"));
    await cp(join(here, "projects/python"), dir, { recursive: true });
    const run = (args: string[]) => execFileSync(python, args, { cwd: dir, stdio: "pipe", encoding: "utf8" });
    if (pytestCov) {
      run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "--cov=shop", "--cov-branch", "--cov-report=xml:coverage.xml", "--cov-report=json:coverage.json", "--cov-report=lcov:coverage.lcov"]);
    } else {
      run(["-m", "coverage", "run", "--branch", "--source=shop", "run_tests.py"]);
      run(["-m", "coverage", "xml", "-o", "coverage.xml"]);
      run(["-m", "coverage", "json", "-o", "coverage.json"]);
      run(["-m", "coverage", "lcov", "-o", "coverage.lcov"]);
    }
    const table = run(["-m", "coverage", "report", "--precision=2"]);
    for (const line of table.split("\n")) {
      const cells = line.trim().split(/\s+/);
      if (cells.length === 6 && /%$/.test(cells[5]!)) printed.set(cells[0]!, cells.slice(1));
    }
    expect(printed.size).toBeGreaterThanOrEqual(5);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test(`its JSON is format ${jsonFormat}`, async () => {
    const meta = JSON.parse(await readFile(join(dir, "coverage.json"), "utf8")).meta;
    expect(meta.format ?? 1).toBe(jsonFormat);
  });

  test.each([
    ["Cobertura XML", "coverage.xml", "cobertura"],
    ["JSON", "coverage.json", "coveragepy-json"],
    ["LCOV", "coverage.lcov", "lcov"],
  ])("%s: per-file Stmts, Miss, Branch and Cover equal `coverage report`", async (_name, report, format) => {
    const result = await gate(dir, [report, "--module", "shop=shop/**", "--metric", "lines+branches"]);
    expect(result.reports[0]!.format).toBe(format);
    const files = filesOf(result);
    if (docstringLines && format !== "cobertura") {
      // The tool's own JSON/LCOV disagree with its report; the gate says so and names the way out.
      expect(result.warnings).toEqual([expect.stringMatching(new RegExp(`^${report}: 2 files list a different number of executable lines.*shop/auth\\.py: 15 listed, 14 counted.*Cobertura XML is exact$`))]);
      for (const [name, [, miss]] of printed) if (name !== "TOTAL") expect(files.get(name)!.lines.total - files.get(name)!.lines.covered, name).toBe(Number(miss));
      return;
    }
    expect(result.warnings).toEqual([]);
    for (const [name, [stmts, miss, branch, , cover]] of printed) {
      if (name === "TOTAL") continue;
      const file = files.get(name);
      expect(file, name).toBeDefined();
      expect([file!.lines.total, file!.lines.total - file!.lines.covered, file!.branches?.total ?? 0], name).toEqual([Number(stmts), Number(miss), Number(branch)]);
      expect(coveragePyDisplay(file!.covered, file!.total), name).toBe(cover);
      // we truncate where coverage.py rounds: never above, never a hundredth below
      expect(Number(cover!.slice(0, -1)) - file!.percent).toBeGreaterThanOrEqual(0);
      expect(Number(cover!.slice(0, -1)) - file!.percent).toBeLessThan(0.01 + 1e-9);
    }
    const [stmts, miss, branch, , cover] = printed.get("TOTAL")!;
    const shop = result.modules[0]!;
    expect([shop.lines.total, shop.lines.total - shop.lines.covered, shop.branches?.total]).toEqual([Number(stmts), Number(miss), Number(branch)]);
    expect(coveragePyDisplay(shop.covered, shop.total)).toBe(cover);
  });

  test("missing ranges are coverage.py's, and all three reports merged count each line once", async () => {
    const single = await gate(dir, ["coverage.xml", "--module", "pay=shop/payments.py"]);
    const merged = await gate(dir, ["coverage.xml", "coverage.json", "coverage.lcov", "--module", "pay=shop/payments.py"]);
    // merging is a union by line: with the docstring line in JSON/LCOV, the merge is the JSON's figure
    const expected = docstringLines ? await gate(dir, ["coverage.json", "--module", "pay=shop/payments.py"]) : single;
    const missing = execFileSync(python, ["-m", "coverage", "report", "-m", "--include=shop/payments.py"], { cwd: dir, encoding: "utf8" });
    expect(missing).toContain("12-17, 21-22");
    expect(single.modules[0]!.files[0]!.missing).toBe("12-17,21-22");
    expect(merged.modules[0]).toMatchObject({ covered: expected.modules[0]!.covered, total: expected.modules[0]!.total });
  });
});

describe("Vitest (V8) reports", () => {
  let dir: string;
  /** Vitest's text table: file → [% Stmts, % Branch, % Funcs, % Lines, Uncovered]. */
  const printed = new Map<string, string[]>();

  beforeAll(async () => {
    // Inside the repo (ignored .cache) so the fixture resolves vitest from the workspace's node_modules.
    const work = join(repoRoot, ".cache/coverage-gate/work");
    await mkdir(work, { recursive: true });
    dir = await mkdtemp(join(work, "vitest-"));
    await cp(join(here, "projects/typescript"), dir, { recursive: true });
    const output = execFileSync(process.execPath, [join(repoRoot, "node_modules/vitest/vitest.mjs"), "run", "--root", dir, "--config", join(dir, "vitest.config.mjs")], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "1" },
    });
    for (const line of output.split("\n")) {
      const cells = line.split("|").map((cell) => cell.trim());
      if (cells.length === 6 && /^[\d.]+$/.test(cells[4]!)) printed.set(cells[0]!, cells.slice(1));
    }
    expect(printed.has("cart.ts")).toBe(true);
    // Its own repository, so the gate's file listing sees the fixture (the outer repo ignores .cache).
    execFileSync("git", ["init", "-q", "."], { cwd: dir });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test.each([
    ["lcov.info", "lcov", true],
    ["coverage-final.json", "istanbul-final", true],
    ["clover.xml", "clover", false],
    ["cobertura-coverage.xml", "cobertura", false],
    ["coverage-summary.json", "istanbul-summary", true],
  ])("%s: per-file % Lines (and % Branch) equal Vitest's table", async (report, format, sameBranches) => {
    const result = await gate(dir, [`coverage/${report}`, "--module", "src=src/**"]);
    expect(result.reports[0]!.format).toBe(format);
    expect(result.warnings).toEqual([]);
    const files = filesOf(result);
    for (const [name, [, branch, , lines, uncovered]] of printed) {
      if (name === "All files") continue;
      const file = files.get(`src/${name}`);
      expect(file, name).toBeDefined();
      expect(file!.lines.percent, name).toBe(Number(lines));
      if (sameBranches) expect(file!.branches?.percent ?? 100, name).toBe(Number(branch));
      if (format !== "istanbul-summary") expect(file!.missing, name).toBe(uncovered!.replace(/\s/g, ""));
    }
    expect(result.modules[0]!.lines.percent).toBe(Number(printed.get("All files")![3]));
  });
});

describe("Go cover profile (go test -coverprofile)", () => {
  let dir: string;
  /** `go tool cover -func` rows: function → [start line, percent]. */
  const functions: { name: string; line: number; percent: number }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "crm-devex-gocov-"));
    await cp(join(here, "projects/go"), dir, { recursive: true });
    // Offline and with the installed toolchain: the fixture has no dependencies.
    const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod", GOWORK: "off" };
    execFileSync("go", ["test", "-coverprofile=cover.out", "./..."], { cwd: dir, env, stdio: "pipe" });
    const table = execFileSync("go", ["tool", "cover", "-func=cover.out"], { cwd: dir, env, encoding: "utf8" });
    for (const line of table.split("\n")) {
      const match = /^\S+\.go:(\d+):\s+(\w+)\s+([\d.]+)%$/.exec(line.trim());
      if (match) functions.push({ name: match[2]!, line: Number(match[1]), percent: Number(match[3]) });
    }
    expect(functions.length).toBe(3);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("import paths map to the files; untested functions are missing whole, tested ones not at all", async () => {
    const result = await gate(dir, ["cover.out", "--module", "pay=pay/**"]);
    expect(result.reports[0]!.format).toBe("go");
    expect(result.warnings).toEqual([]);
    const file = filesOf(result).get("pay/pay.go")!;
    const missing = new Set<number>();
    for (const part of file.missing.split(",").filter(Boolean)) {
      const [start, end = start] = part.split("-").map(Number);
      for (let line = start!; line <= end!; line++) missing.add(line);
    }
    const sorted = [...functions].sort((a, b) => a.line - b.line);
    sorted.forEach((fn, index) => {
      const end = sorted[index + 1]?.line ?? Infinity;
      const missed = [...missing].filter((line) => line >= fn.line && line < end);
      if (fn.percent === 0) expect(missed.length, fn.name).toBeGreaterThan(0);
      if (fn.percent === 0) expect(missed[0], fn.name).toBe(fn.line);
      if (fn.percent === 100) expect(missed, fn.name).toEqual([]);
      if (fn.percent > 0 && fn.percent < 100) expect(missed.length, fn.name).toBeGreaterThan(0);
    });
    expect(file.missing).toBe("14-18,24-25");
  });
});
