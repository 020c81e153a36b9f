/** coverage-gate end to end, in-process: exit codes, formats, config, check, --all-files, --diff-base. */
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { makeTree, runCommand } from "../helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function tree(files: Record<string, string>, options: { git?: boolean } = {}): Promise<string> {
  const { dir, cleanup } = await makeTree(files);
  cleanups.push(cleanup);
  if (options.git) {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    git("init", "-q", "-b", "main");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "root");
  }
  return dir;
}

/** An LCOV record: lines → hits. */
function lcov(path: string, hits: Record<number, number>): string {
  return [`SF:${path}`, ...Object.entries(hits).map(([line, count]) => `DA:${line},${count}`), "end_of_record"].join("\n");
}

function range(from: number, to: number, hits: number): Record<number, number> {
  const out: Record<number, number> = {};
  for (let line = from; line <= to; line++) out[line] = hits;
  return out;
}

const SOURCES = {
  "web/src/components/List.tsx": "x\n".repeat(40),
  "web/src/auth/login.ts": "x\n".repeat(20),
  "api/app/payments/service.py": "x\n".repeat(20),
};

describe("coverage-gate CLI", () => {
  test("passes (exit 0) and fails (exit 1) per module, listing the weakest files with missing ranges", async () => {
    const dir = await tree({
      ...SOURCES,
      // a sub-project LCOV: paths relative to web/
      "web/coverage/lcov.info": [lcov("src/components/List.tsx", { ...range(1, 20, 1), ...range(21, 30, 0) }), lcov("src/auth/login.ts", range(1, 10, 3))].join("\n"),
    });
    const failing = await runCommand(["coverage-gate", "web/coverage/lcov.info", "--module", "components=web/src/components/**", "--module", "auth=web/src/auth/**"], { cwd: dir });
    expect(failing.stderr).toBe("");
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toMatch(/components\s+66\.66%\s+20\/30\s+80%.*FAIL < 80%/);
    expect(failing.stdout).toMatch(/auth\s+100\.00%\s+10\/10\s+80%.*pass/);
    expect(failing.stdout).toMatch(/web\/src\/components\/List\.tsx\s+66\.66% \(20\/30\)\s+21-30/);

    const passing = await runCommand(["coverage-gate", "web/coverage/lcov.info", "--module", "auth=web/src/auth/**", "--threshold", "100"], { cwd: dir });
    expect(passing.exitCode).toBe(0);
    expect(passing.stdout).toMatch(/^coverage-gate {2}PASS/);
  });

  test("JSON: the documented shape", async () => {
    const dir = await tree({ ...SOURCES, "lcov.info": lcov("web/src/components/List.tsx", { ...range(1, 3, 1), 4: 0 }) });
    const run = await runCommand(["coverage-gate", "lcov.info", "--module", "ui=web/src/**", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      schemaVersion: 1,
      command: "coverage-gate",
      verdict: "failed",
      metric: "lines",
      modules: [
        {
          name: "ui",
          paths: ["web/src/**"],
          percent: 75,
          covered: 3,
          total: 4,
          threshold: 80,
          passed: false,
          files: [{ path: "web/src/components/List.tsx", percent: 75, covered: 3, total: 4, missing: "4" }],
        },
      ],
      reports: [{ path: "lcov.info", format: "lcov", files: 1, unmatched: 0 }],
      unmatchedFiles: [],
      warnings: [],
    });
    expect(report.patch).toBeUndefined();
  });

  test("a module matching no file fails with a clear message; unmatched report files are warned about", async () => {
    const dir = await tree({ ...SOURCES, "lcov.info": [lcov("web/src/auth/login.ts", range(1, 5, 1)), lcov("/elsewhere/vendor/lib.js", { 1: 1 })].join("\n") });
    const run = await runCommand(["coverage-gate", "lcov.info", "--module", "auth=web/src/auth/**", "--module", "properties=api/app/properties/**"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("properties: no file in the coverage reports matches api/app/properties/**");
    expect(run.stdout).toContain("warning: 1 report file matches no file of this directory and is left out: /elsewhere/vendor/lib.js");
  });

  test("ambiguous paths are named with their candidates; a path unmatched in two reports is counted once", async () => {
    const dir = await tree({
      "api/service.py": "x\n",
      "admin/service.py": "x\n",
      "a.lcov": [lcov("service.py", { 1: 1 }), lcov("/other/lib.py", { 1: 1 })].join("\n"),
      "b.lcov": [lcov("api/service.py", { 1: 1 }), lcov("/other/lib.py", { 1: 0 })].join("\n"),
    });
    const report = JSON.parse((await runCommand(["coverage-gate", "a.lcov", "b.lcov", "--format", "json"], { cwd: dir })).stdout);
    expect(report.unmatchedFiles).toEqual(["service.py", "/other/lib.py"]);
    expect(report.warnings).toEqual([
      "2 report files match no file of this directory and are left out: service.py, /other/lib.py (map them with --path-map FROM=TO)",
      "ambiguous report paths (several repo files end the same way; add --path-map): service.py (could be admin/service.py, api/service.py)",
    ]);
    expect(report.modules[0]).toMatchObject({ name: "all", covered: 1, total: 1 });
  });

  test.each([
    [["missing.xml"], /^error: missing\.xml: coverage report not found/],
    [["reports/*.xml"], /^error: reports\/\*\.xml: no coverage report matches this glob/],
    [["web"], /^error: web: is a directory; pass the report file inside it/],
    [["bad.lcov"], /^error: bad\.lcov:2: malformed DA record "DA:two,1"/],
    [["lcov.info", "--module", "auth"], /^error: --module auth: expected NAME=GLOB/],
    [["lcov.info", "--threshold", "120"], /^error: --threshold 120: expected a percentage between 0 and 100/],
    [["lcov.info", "--metric", "functions"], /^error: --metric functions: expected lines or lines\+branches/],
    [["lcov.info", "--patch-threshold", "90"], /^error: --patch-threshold 90: gates the changed lines, so it needs --diff-base REF/],
    [[], /^error: no coverage report: pass report files or globs/],
  ])("exit 2 with one clear line: %j", async (args, message) => {
    const dir = await tree({ ...SOURCES, "lcov.info": lcov("web/src/auth/login.ts", { 1: 1 }), "bad.lcov": "SF:a.py\nDA:two,1\nend_of_record\n" });
    const run = await runCommand(["coverage-gate", ...args], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });

  test("config section: reports globs, per-module thresholds, lines+branches metric; flags override", async () => {
    const dir = await tree({
      ...SOURCES,
      "crm-devex.config.json": JSON.stringify({
        coverage: {
          reports: ["**/lcov.info", "missing/*.xml"],
          threshold: 90,
          metric: "lines+branches",
          modules: { auth: { paths: ["web/src/auth/**"] }, payments: { paths: ["api/app/payments/**"], threshold: 50 } },
        },
      }),
      "web/coverage/lcov.info": [lcov("src/auth/login.ts", range(1, 10, 1)), "SF:api/app/payments/service.py\nDA:1,1\nDA:2,0\nBRDA:1,0,0,1\nBRDA:1,0,1,0\nend_of_record"].join("\n"),
    });
    const run = await runCommand(["coverage-gate", "--format", "json"], { cwd: dir });
    const report = JSON.parse(run.stdout);
    expect(report.modules.map((module: { name: string; percent: number; threshold: number; passed: boolean }) => [module.name, module.percent, module.threshold, module.passed])).toEqual([
      ["auth", 100, 90, true],
      ["payments", 50, 50, true],
    ]);
    expect(report.warnings).toEqual(["coverage.reports missing/*.xml matched no file"]);
    expect(run.exitCode).toBe(0);
    const stricter = await runCommand(["coverage-gate", "--threshold", "95", "--metric", "lines", "--format", "json"], { cwd: dir });
    expect(JSON.parse(stricter.stdout).modules.map((module: { threshold: number }) => module.threshold)).toEqual([95, 50]);
  });

  test("a module left empty because a configured report is missing says so", async () => {
    const dir = await tree({
      ...SOURCES,
      "crm-devex.config.yaml": "coverage:\n  reports: [api/coverage.lcov, web/coverage/lcov.info]\n  modules:\n    payments: { paths: ['api/app/payments/**'] }\n    auth: { paths: ['web/src/auth/**'] }\n",
      "api/coverage.lcov": lcov("app/payments/service.py", range(1, 10, 1)),
    });
    const run = await runCommand(["coverage-gate", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.modules[0]).toMatchObject({ name: "payments", passed: true, percent: 100 });
    expect(report.modules[1].problem).toBe(
      "no file in the coverage reports matches web/src/auth/** (and coverage.reports web/coverage/lcov.info matched no file: did that test run write its report?)",
    );
    expect(report.warnings).toEqual(["coverage.reports web/coverage/lcov.info matched no file"]);
  });

  test("check: configured but no report glob matches is not checked (exit 1, naming them), gated once reports exist", async () => {
    const dir = await tree({ ...SOURCES, "crm-devex.config.yaml": "coverage:\n  reports: [web/coverage/lcov.info]\n  modules:\n    auth: { paths: ['web/src/auth/**'] }\n" });
    const beforeRun = await runCommand(["check", "--only", "coverage-gate", "--format", "json"], { cwd: dir });
    expect(beforeRun.exitCode).toBe(1);
    const before = JSON.parse(beforeRun.stdout);
    expect(before.gates[0]).toMatchObject({ name: "coverage-gate", verdict: "not-checked", exitCode: 1, summary: expect.stringContaining("web/coverage/lcov.info matched nothing") });
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(dir, "web/coverage"), { recursive: true });
    await writeFile(join(dir, "web/coverage/lcov.info"), lcov("src/auth/login.ts", { ...range(1, 7, 1), ...range(8, 10, 0) }));
    const after = await runCommand(["check", "--only", "coverage-gate", "--format", "json"], { cwd: dir });
    expect(after.exitCode).toBe(1);
    expect(JSON.parse(after.stdout).gates[0]).toMatchObject({ verdict: "failed", report: { modules: [{ name: "auth", percent: 70 }] } });
  });

  test("--all-files counts a source file no report mentions as 0% (tests and non-source files stay out)", async () => {
    const dir = await tree({
      "app/auth/service.py": "def f():\n    return 1\n",
      "app/auth/untested.py": '"""Never imported."""\nimport os\n\n\ndef g():\n    return os.sep\n',
      "app/auth/test_service.py": "def test():\n    assert True\n",
      "app/auth/README.md": "# auth\n",
      "coverage.lcov": lcov("app/auth/service.py", { 1: 1, 2: 1 }),
    });
    const without = JSON.parse((await runCommand(["coverage-gate", "coverage.lcov", "--module", "auth=app/auth/**", "--format", "json"], { cwd: dir })).stdout);
    expect(without.modules[0]).toMatchObject({ percent: 100, total: 2 });
    const run = await runCommand(["coverage-gate", "coverage.lcov", "--module", "auth=app/auth/**", "--all-files", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    const auth = JSON.parse(run.stdout).modules[0];
    expect(auth).toMatchObject({ percent: 40, covered: 2, total: 5 });
    expect(auth.files[0]).toMatchObject({ path: "app/auth/untested.py", percent: 0, total: 3, unreported: true, missing: "2-6" });
  });

  test("--diff-base gates changed lines; github format annotates them, capped at 10 per level with a summary notice", async () => {
    const dir = await tree({ "app/auth/service.py": "x\n".repeat(5), "app/other.py": "y\n" }, { git: true });
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: dir, stdio: "pipe" });
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "feature");
    // 12 separate added blocks, each two lines, separated by a covered line
    const lines: string[] = ["x", "x", "x", "x", "x"];
    for (let block = 0; block < 12; block++) lines.push(`new${block}a`, `new${block}b`, `covered${block}`);
    await writeFile(join(dir, "app/auth/service.py"), `${lines.join("\n")}\n`);
    git("commit", "-q", "-am", "feature");
    const hits: Record<number, number> = { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 };
    for (let block = 0; block < 12; block++) Object.assign(hits, { [6 + block * 3]: 0, [7 + block * 3]: 0, [8 + block * 3]: 1 });
    await writeFile(join(dir, "coverage.lcov"), lcov("app/auth/service.py", hits));
    const summaryFile = join(dir, "summary.md");
    const run = await runCommand(["coverage-gate", "coverage.lcov", "--module", "auth=app/auth/**", "--threshold", "10", "--diff-base", "main", "--patch-threshold", "50", "--format", "github"], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_STEP_SUMMARY: summaryFile },
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/patch {2}\[#+\.+\] {2}33\.33% \(12\/36 lines\), threshold 50%: FAIL/);
    const annotations = run.stdout.split("\n").filter((line) => line.startsWith("::"));
    expect(annotations.filter((line) => line.startsWith("::error file=app/auth/service.py,line=6,endLine=7,"))).toHaveLength(1);
    // 1 patch finding + 12 uncovered blocks: GitHub shows 10 errors per step, the rest are summarised
    expect(annotations[0]).toBe("::error title=coverage%3A changed lines::Changed lines are 33.33%25 covered (12/36), below 50%25.");
    expect(annotations.filter((line) => line.startsWith("::error "))).toHaveLength(10);
    expect(annotations.filter((line) => line.startsWith("::error file="))).toHaveLength(9);
    expect(annotations).toContain("::notice title=crm-devex coverage-gate::3 more error findings are not annotated (GitHub shows 10 per step); see the job summary.");
    const json = JSON.parse((await runCommand(["coverage-gate", "coverage.lcov", "--module", "auth=app/auth/**", "--threshold", "10", "--diff-base", "main", "--patch-threshold", "30", "--format", "json"], { cwd: dir })).stdout);
    expect(json.patch).toMatchObject({ base: "main", percent: 33.33, covered: 12, total: 36, threshold: 30, passed: true });
    expect(json.patch.files[0].uncovered).toBe("6-7,9-10,12-13,15-16,18-19,21-22,24-25,27-28,30-31,33-34,36-37,39-40");
    expect(json.verdict).toBe("passed");
    const markdown = await readFile(summaryFile, "utf8");
    expect(markdown).toContain("Changed lines since main");
  });

  test("--diff-base with an unknown ref is a usage error naming it", async () => {
    const dir = await tree({ "a.py": "x\n", "coverage.lcov": lcov("a.py", { 1: 1 }) }, { git: true });
    const run = await runCommand(["coverage-gate", "coverage.lcov", "--diff-base", "origin/nope"], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: --diff-base origin\/nope: no merge base with HEAD/);
  });

  test("markdown format renders the module table", async () => {
    const dir = await tree({ ...SOURCES, "lcov.info": lcov("web/src/auth/login.ts", range(1, 4, 1)) });
    const run = await runCommand(["coverage-gate", "lcov.info", "--format", "markdown"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/\| module \| lines \| covered \|/);
    expect(run.stdout).toMatch(/\| all \| 100\.00% \| 4\/4 \|/);
  });
});
