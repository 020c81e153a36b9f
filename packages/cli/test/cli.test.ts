import { describe, expect, it } from "vitest";
import { runCommand, tempTrees } from "./helpers.js";

const tree = tempTrees();

describe("crm-devex CLI contract", () => {
  it("lists every command in --help and exits 0", async () => {
    const { exitCode, stdout } = await runCommand(["--help"]);
    expect(exitCode).toBe(0);
    for (const name of ["check", "contract-diff", "env-validate", "secret-scan", "coverage-gate", "error-budget", "preview"]) {
      expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
  });

  it("prints the version", async () => {
    const { exitCode, stdout } = await runCommand(["--version"]);
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [["bogus"], /unknown command 'bogus'/],
    [["check", "--bogus"], /unknown option '--bogus'/],
    [["check", "--format", "yaml"], /argument 'yaml' is invalid/],
    [["check", "--only", "nope"], /--only nope: unknown gate/],
    [["check", "--cwd", "/definitely/not/here"], /--cwd \/definitely\/not\/here: not a directory/],
    [["check", "--config", "missing.yaml"], /missing.yaml: config file not found/],
    [[], /Usage: crm-devex/],
  ])("exits 2 with one line for %j", async (argv, message) => {
    const { exitCode, stderr } = await runCommand(argv);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a config module that throws: one line naming it, the stack only with --debug", async () => {
    const dir = await tree({ "crm-devex.config.mjs": "throw new Error('boom');\n" });
    const plain = await runCommand(["check"], { cwd: dir });
    expect(plain.exitCode).toBe(2);
    expect(plain.stderr).toContain("crm-devex.config.mjs: cannot load config module: boom");
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCommand(["check", "--debug"], { cwd: dir });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe("config", () => {
  it("names an unknown key, the file and its line", async () => {
    const dir = await tree({ "crm-devex.config.yaml": "check:\n  skip: []\ncoverge:\n  threshold: 80\n" });
    const { exitCode, stderr } = await runCommand(["check"], { cwd: dir });
    expect(exitCode).toBe(2);
    expect(stderr.split("\n")[0]).toBe('error: crm-devex.config.yaml:3: unknown key "coverge"');
  });

  it("names a mistyped value by its path and line", async () => {
    const dir = await tree({ "crm-devex.config.yaml": "check:\n  skip:\n    - secret-scan\n    - typo-gate\n" });
    const { exitCode, stderr } = await runCommand(["check"], { cwd: dir });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^error: crm-devex.config.yaml:4: check.skip.1: Invalid enum value/);
  });

  it("reports broken YAML with line and an excerpt", async () => {
    const dir = await tree({ "crm-devex.config.yaml": "check:\n  skip: [secret-scan\n" });
    const { exitCode, stderr } = await runCommand(["check"], { cwd: dir });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^error: crm-devex.config.yaml:\d+(:\d+)?: invalid YAML/);
  });

  it("reads a crm-devex key from package.json and validates it", async () => {
    const dir = await tree({ "package.json": JSON.stringify({ name: "x", "crm-devex": { chek: {} } }, null, 2) });
    const { exitCode, stderr } = await runCommand(["check"], { cwd: dir });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^error: package.json:4: unknown key "chek"/);
  });

  it("reports JSON syntax errors with a line", async () => {
    const dir = await tree({ "crm-devex.config.json": '{\n  "check": {\n    "skip": [,]\n  }\n}\n' });
    const { exitCode, stderr } = await runCommand(["check"], { cwd: dir });
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/^error: crm-devex.config.json:3(:\d+)?: invalid JSON/);
  });
});

describe("check", () => {
  it("never passes when no gate ran", async () => {
    const dir = await tree({ "crm-devex.config.json": JSON.stringify({ check: { skip: ["contract-diff", "env-validate", "secret-scan", "coverage-gate", "error-budget"] } }) });
    const { exitCode, stdout } = await runCommand(["check", "--format", "json"], { cwd: dir });
    expect(exitCode).toBe(2);
    const report = JSON.parse(stdout) as { verdict: string; gates: unknown[]; warnings: string[] };
    expect(report.verdict).toBe("failed");
    expect(report.gates).toEqual([]);
    expect(report.warnings[0]).toMatch(/no gate is configured/);
  });

  it("writes --output (creating its folder) with the same report as stdout", async () => {
    const dir = await tree({});
    const { stdout } = await runCommand(["check", "--only", "secret-scan", "--format", "json", "--output", "out/report.json"], { cwd: dir });
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(`${dir}/out/report.json`, "utf8")).toBe(stdout);
  });
});
