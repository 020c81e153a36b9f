import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// What users download must work, not only the workspace: pack the CLI, install
// the tarball into an empty project, and run it there through npx.
const packageDir = fileURLToPath(new URL("..", import.meta.url));
let project: string;
let tarball: string;

function npx(args: string[], cwd = project) {
  return spawnSync("npx", ["--no-install", "crm-devex", ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "crm-devex-pack-"));
  const packed = execFileSync("npm", ["pack", "--pack-destination", project, "--json"], { cwd: packageDir, encoding: "utf8" });
  tarball = join(project, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", tarball], { cwd: project, stdio: "pipe" });
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the packed crm-devex package", () => {
  it("ships only dist, README and package.json", () => {
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(listing).toContain("package/dist/bin.js");
    expect(listing).toContain("package/README.md");
    expect(listing.filter((path) => path.includes("/src/") || path.endsWith(".test.ts"))).toEqual([]);
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
