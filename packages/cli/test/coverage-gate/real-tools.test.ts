/**
 * Reports produced by the real tools, at test time: coverage.py 7.17.4 + pytest-cov
 * 7.1.0 (a cached venv, tools/python-venv.sh) on projects/python, and Vitest 3 with
 * V8 coverage on projects/typescript. Every format each tool writes must give the
 * per-file and per-module figures the tool itself prints.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
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

describe("coverage.py / pytest-cov reports", () => {
  let dir: string;
  let python: string;
  /** `coverage report --precision=2` rows: name → [Stmts, Miss, Branch, BrPart, Cover]. */
  const printed = new Map<string, string[]>();

  beforeAll(async () => {
    python = execFileSync("bash", [join(here, "tools/python-venv.sh")], { encoding: "utf8", env: { ...process.env, CRM_DEVEX_ROOT: repoRoot }, stdio: ["ignore", "pipe", "inherit"] }).trim();
    dir = await mkdtemp(join(tmpdir(), "crm-devex-pycov-"));
    await cp(join(here, "projects/python"), dir, { recursive: true });
    execFileSync(
      python,
      ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--cov=shop", "--cov-branch", "--cov-report=xml:coverage.xml", "--cov-report=json:coverage.json", "--cov-report=lcov:coverage.lcov"],
      { cwd: dir, stdio: "pipe" },
    );
    const table = execFileSync(python, ["-m", "coverage", "report", "--precision=2"], { cwd: dir, encoding: "utf8" });
    for (const line of table.split("\n")) {
      const cells = line.trim().split(/\s+/);
      if (cells.length === 6 && /%$/.test(cells[5]!)) printed.set(cells[0]!, cells.slice(1));
    }
    expect(printed.size).toBeGreaterThanOrEqual(5);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test.each([
    ["Cobertura XML", "coverage.xml", "cobertura"],
    ["coverage.py JSON", "coverage.json", "coveragepy-json"],
    ["coverage.py LCOV", "coverage.lcov", "lcov"],
  ])("%s: per-file Stmts, Miss, Branch and Cover equal `coverage report`", async (_name, report, format) => {
    const result = await gate(dir, [report, "--module", "shop=shop/**", "--metric", "lines+branches"]);
    expect(result.reports[0]!.format).toBe(format);
    expect(result.warnings).toEqual([]);
    const files = filesOf(result);
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
    const missing = execFileSync(python, ["-m", "coverage", "report", "-m", "--include=shop/payments.py"], { cwd: dir, encoding: "utf8" });
    expect(missing).toContain("12-17, 21-22");
    expect(single.modules[0]!.files[0]!.missing).toBe("12-17,21-22");
    expect(merged.modules[0]).toMatchObject({ covered: single.modules[0]!.covered, total: single.modules[0]!.total });
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
