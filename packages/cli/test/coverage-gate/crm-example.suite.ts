/**
 * The example CRM's real reports, gated per module, give the figures coverage.py and
 * Vitest print for the same files. Run by scripts/test.d/50-coverage-gate.sh, which
 * provides (never skips):
 * - CRM_BACKEND_REPORTS: coverage.xml, coverage.json and coverage.lcov written by coverage.py from
 *   the backend's pytest-cov run, and CRM_BACKEND_TABLES: `coverage report --precision=2
 *   --include=app/<m>/*` from the same data (<m>.txt);
 * - CRM_FRONTEND_TEXT: Vitest's text coverage table, and CRM_FRONTEND_COVERAGE: the folder
 *   where the same run wrote lcov.info and coverage-final.json.
 */
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { runCommand } from "../helpers.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
const example = join(repoRoot, "examples/crm");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/test.d/50-coverage-gate.sh`);
  return value;
}

interface Ratio {
  percent: number;
  covered: number;
  total: number;
}
interface Gated {
  modules: { name: string; percent: number; covered: number; total: number; lines: Ratio; branches?: Ratio; files: { path: string; percent: number; covered: number; total: number; lines: Ratio; branches?: Ratio; missing: string }[] }[];
  warnings: string[];
}

async function gate(args: string[]): Promise<Gated> {
  const run = await runCommand(["coverage-gate", ...args, "--format", "json"], { cwd: example });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as Gated;
}

const BACKEND_MODULES = ["auth", "payments", "clients", "properties"];

describe("backend (coverage.py via pytest-cov)", () => {
  test.each([["coverage.xml"], ["coverage.json"], ["coverage.lcov"]])("%s: every critical module and file as `coverage report` prints it", async (name) => {
    const tables = required("CRM_BACKEND_TABLES");
    const report = join(required("CRM_BACKEND_REPORTS"), name);
    const result = await gate([report, "--metric", "lines+branches", ...BACKEND_MODULES.flatMap((name) => ["--module", `${name}=backend/app/${name}/**`])]);
    expect(result.warnings).toEqual([]);
    for (const module of result.modules) {
      const rows = new Map<string, string[]>();
      for (const line of (await readFile(join(tables, `${module.name}.txt`), "utf8")).split("\n")) {
        const cells = line.trim().split(/\s+/);
        if (cells.length >= 6 && /%$/.test(cells[5]!)) rows.set(cells[0]!, cells.slice(1, 6));
      }
      expect(rows.has("TOTAL"), `${module.name}: TOTAL row`).toBe(true);
      const display = (covered: number, total: number) => (total === 0 ? "100.00%" : `${((100 * covered) / total).toFixed(2)}%`);
      for (const [name, [stmts, miss, branch, , cover]] of rows) {
        const figures = name === "TOTAL" ? module : module.files.find((file) => file.path === `backend/${name}`);
        expect(figures, `${module.name}: ${name}`).toBeDefined();
        expect([figures!.lines.total, figures!.lines.total - figures!.lines.covered, figures!.branches?.total ?? 0, display(figures!.covered, figures!.total)], `${report} ${module.name}: ${name}`).toEqual([
          Number(stmts),
          Number(miss),
          Number(branch),
          cover,
        ]);
      }
    }
  });
});

describe("frontend (Vitest, V8 coverage)", () => {
  /** Vitest's text table: rows of [name, %Stmts, %Branch, %Funcs, %Lines, uncovered], directory rows flagged. */
  async function table(): Promise<{ dir: string; name: string; cells: string[] }[]> {
    const rows: { dir: string; name: string; cells: string[] }[] = [];
    let dir = "";
    for (const line of (await readFile(required("CRM_FRONTEND_TEXT"), "utf8")).split("\n")) {
      const cells = line.split("|");
      if (cells.length !== 6 || !/^\s*[\d.]+\s*$/.test(cells[4]!)) continue;
      const name = cells[0]!.replace(/\s+$/, "");
      if (/^ {2}\S/.test(name)) rows.push({ dir, name: name.trim(), cells: cells.map((cell) => cell.trim()) });
      else if (/^ \S/.test(name)) rows.push({ dir: (dir = name.trim()), name: "", cells: cells.map((cell) => cell.trim()) });
    }
    expect(rows.length).toBeGreaterThan(5);
    return rows;
  }
  /** The istanbul table shortens long names to "...tail": match on the tail. */
  const fits = (shown: string, actual: string) => (shown.startsWith("...") ? actual.endsWith(shown.slice(3)) : actual === shown);

  test.each([["lcov.info"], ["coverage-final.json"]])("%s: each file's and each directory's % Lines and % Branch as Vitest prints them", async (report) => {
    const coverageDir = required("CRM_FRONTEND_COVERAGE");
    const rows = await table();
    const dirs = [...new Set(rows.filter((row) => row.name === "").map((row) => row.dir))];
    const gated = await gate([join(coverageDir, report), "--module", "frontend=frontend/src/**"]);
    expect(gated.warnings).toEqual([]);
    const files = gated.modules[0]!.files;
    let compared = 0;
    for (const row of rows.filter((entry) => entry.name !== "")) {
      const candidates = files.filter((file) => {
        const [folder, name] = [file.path.slice(0, file.path.lastIndexOf("/")), file.path.slice(file.path.lastIndexOf("/") + 1)];
        return fits(row.name, name) && fits(row.dir, folder.replace(/^frontend\//, ""));
      });
      expect(candidates, `${row.dir}/${row.name}`).toHaveLength(1);
      const file = candidates[0]!;
      if (file.lines.total === 0) continue; // a types-only file: no executable line (Vitest prints 0, coverage.py 100)
      expect([file.lines.percent, file.branches?.percent ?? 100], `${report} ${file.path}`).toEqual([Number(row.cells[4]), Number(row.cells[2])]);
      // Vitest lists lines with untaken branches too; where lines are missed, the ranges agree.
      if (file.lines.covered < file.lines.total) expect(file.missing, `${file.path} uncovered`).toBe(row.cells[5]!.replace(/\s/g, ""));
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
    // Directories (each a module of its own) aggregate like Vitest's directory rows.
    for (const dir of dirs) {
      const folder = files.map((file) => file.path.slice(0, file.path.lastIndexOf("/"))).find((path) => fits(dir, path.replace(/^frontend\//, "")))!;
      const module = (await gate([join(coverageDir, report), "--module", `d=${folder}/*`])).modules[0]!;
      const row = rows.find((entry) => entry.name === "" && entry.dir === dir)!;
      expect(module.lines.percent, dir).toBe(Number(row.cells[4]));
    }
  });

  test("the example's configured modules gate on the same reports", async () => {
    const run = await runCommand(["coverage-gate", "--format", "json"], { cwd: example });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as Gated;
    expect(report.modules.map((module) => module.name)).toEqual(["auth", "payments", "clients", "properties", "api-client"]);
    for (const module of report.modules) expect(module.total, module.name).toBeGreaterThan(0);
  });
});
