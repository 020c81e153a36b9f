import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What users download must work, not only the workspace: pack the CLI, install
// the tarball into an empty project, and run it there through npx.
const packageDir = fileURLToPath(new URL("..", import.meta.url));
let project: string;
let tarball: string;
/** What `npm i -D <tarball>` put in node_modules, measured before the tests add anything. */
let installed: { packages: number; bytes: number };

function npx(args: string[], cwd = project) {
  return spawnSync("npx", ["--no-install", "crm-devex", ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "crm-devex-pack-"));
  const packed = execFileSync("npm", ["pack", "--pack-destination", project, "--json"], { cwd: packageDir, encoding: "utf8" });
  tarball = join(project, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--save-dev", "--no-audit", "--no-fund", tarball], { cwd: project, stdio: "pipe" });
  installed = measureInstall(join(project, "node_modules"));
  console.log(`npm i -D crm-devex: ${installed.packages} packages, ${(installed.bytes / 1e6).toFixed(1)} MB in node_modules`);
});

/** Packages (folders with a package.json, scoped and nested ones included) and bytes of files under node_modules. */
function measureInstall(nodeModules: string): { packages: number; bytes: number } {
  let packages = 0;
  let bytes = 0;
  const countPackages = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith("@")) countPackages(path);
      else {
        if (existsSync(join(path, "package.json"))) packages++;
        if (existsSync(join(path, "node_modules"))) countPackages(join(path, "node_modules"));
      }
    }
  };
  const countBytes = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) countBytes(path);
      else if (entry.isFile()) bytes += statSync(path).size;
    }
  };
  countPackages(nodeModules);
  countBytes(nodeModules);
  return { packages, bytes };
}

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the packed crm-devex package", () => {
  it("ships dist, README, CHANGELOG and LICENSE — no sources, tests or source maps", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(listing).toContain("package/dist/bin.js");
    expect(listing).toContain("package/README.md");
    expect(listing).toContain("package/CHANGELOG.md");
    expect(listing).toContain("package/LICENSE");
    expect(listing.filter((path) => path.includes("/src/") || path.endsWith(".test.ts") || path.endsWith(".map"))).toEqual([]);
    const shipped = join(project, "node_modules", "crm-devex");
    expect(readFileSync(join(shipped, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    expect(readFileSync(join(shipped, "CHANGELOG.md"), "utf8")).toContain("## [Unreleased]");
  });

  it("says where it comes from: repository, homepage and bugs", () => {
    const manifest = JSON.parse(readFileSync(join(project, "node_modules", "crm-devex", "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.repository).toMatchObject({ type: "git", url: expect.stringMatching(/^git\+https:\/\/github\.com\/crm-devex\/crm-devex\.git$/) });
    expect(manifest.homepage).toMatch(/^https:\/\/github\.com\/crm-devex\/crm-devex/);
    expect(manifest.bugs).toMatchObject({ url: expect.stringMatching(/\/issues$/) });
    expect(manifest.license).toBe("MIT");
  });

  it("installs small: at most 40 packages and 10 MB with npm i -D", () => {
    // Printed in beforeAll; the bound is the (most of a bigger install is preview's Vercel client).
    expect(installed.packages).toBeLessThanOrEqual(40);
    expect(installed.bytes).toBeLessThanOrEqual(10_000_000);
  });

  // The .d.ts must stand alone: a consumer has no @types/node, and TypeScript 6 no longer
  // loads @types packages by default. skipLibCheck is off so our declarations are checked.
  it.each([
    ["5.9", "CRM_DEVEX_TSC_5"],
    ["6.0", "CRM_DEVEX_TSC_6"],
  ])("its types check in a consumer under TypeScript %s defaults", (version, variable) => {
    const tsc = process.env[variable];
    expect(tsc, `${variable} is set by scripts/test.d/15-package.sh`).toBeTruthy();
    const dir = join(project, `types-${version}`);
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${version}`, private: true, type: "module" }));
    writeFileSync(
      join(dir, "consumer.ts"),
      [
        'import { ExitCode, renderJson, runCli, type CommandResult, type RunContext } from "crm-devex";',
        'import { loadEnv } from "crm-devex/env";',
        "",
        'const result: CommandResult = { command: "probe", verdict: "passed", summary: "ok", blocks: [], findings: [], warnings: [], json: {} };',
        "const code: ExitCode = ExitCode.Passed;",
        "export const env: RunContext[\"env\"] = { HOME: \"/home/me\" };",
        'export const text: string = renderJson(result, { color: false, toolVersion: "0", cwd: "/" });',
        "export const run: typeof runCli = runCli;",
        "export const load: typeof loadEnv = loadEnv;",
        "export { code };",
        "",
      ].join("\n"),
    );
    // Resolution through package.json "exports" (what every current setup uses); nothing else set.
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", strict: true, noEmit: true, skipLibCheck: false }, files: ["consumer.ts"] }));
    // Linked beside the consumer so resolution finds the installed package.
    execFileSync("ln", ["-sfn", join(project, "node_modules"), join(dir, "node_modules")]);
    const check = spawnSync(tsc!, ["-p", dir], { encoding: "utf8" });
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("runs --help through npx in an empty project", () => {
    const run = npx(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}contract-diff\b/m);
  });

  it("runs a real command there and keeps the exit-code contract", () => {
    writeFileSync(join(project, "crm-devex.config.yaml"), "check:\n  skipp: []\n");
    const broken = npx(["check"]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('crm-devex.config.yaml:2: unknown key "skipp" in check');
    rmSync(join(project, "crm-devex.config.yaml"));
  });

  it("exposes the library entry point", () => {
    writeFileSync(join(project, "probe.mjs"), 'import { ExitCode, renderJson } from "crm-devex";\nconsole.log(ExitCode.Failed, typeof renderJson);\n');
    const run = spawnSync(process.execPath, ["probe.mjs"], { cwd: project, encoding: "utf8" });
    expect(run.stdout.trim()).toBe("1 function");
    expect(readdirSync(join(project, "node_modules", "crm-devex", "dist")).some((file) => file.endsWith(".d.ts"))).toBe(true);
  });
});

describe("crm-devex/env in the packed package", () => {
  it("fails fast listing the missing variables", () => {
    writeFileSync(join(project, ".env.example"), "# Signs tokens. @secret\nSECRET_KEY=\n# @type=port\nPORT=8000\n");
    writeFileSync(join(project, "start.mjs"), 'import { loadEnv } from "crm-devex/env";\ntry { loadEnv({ example: ".env.example", env: {} }); } catch (e) { console.log(e.message); process.exit(3); }\n');
    const run = spawnSync(process.execPath, ["start.mjs"], { cwd: project, encoding: "utf8" });
    expect(run.status).toBe(3);
    expect(run.stdout).toContain("SECRET_KEY is required but not set — Signs tokens. [secret]");
    expect(run.stdout).toContain("PORT is required but not set");
  });
});
