/**
 * `crm-devex init` on small FastAPI, Vite and Express repositories made here (git
 * repos on `master`): what it detects, what it writes, that no secret value ever
 * reaches a written file, merging an existing .env.example, idempotence, --dry-run,
 * and that `check` afterwards runs without a config error.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, readdir, stat, symlink, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { makeTree, runCommand } from "../helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// Fake credentials shaped like real ones, made per run so nothing key-like is committed.
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const random = (length: number) => [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");

/** A git repository on `master` whose files are committed (what `init` meets in real life). */
async function repo(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await makeTree(files);
  cleanups.push(cleanup);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=Fixture", "-c", "user.email=fixture@example.com", ...args], { cwd: dir, stdio: "pipe" });
  git("init", "-q", "-b", "master");
  git("add", "-A");
  git("commit", "-q", "-m", "the app before crm-devex");
  return dir;
}

/** Every file under `dir` (but git's object store) with its content, to prove what changed and what leaked. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  async function visit(current: string): Promise<void> {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      const shown = relative(dir, path);
      if (entry.isDirectory()) {
        if (!["objects", "refs", "logs"].includes(entry.name) || !shown.startsWith(".git")) await visit(path);
      } else files.set(shown, await readFile(path, "utf8"));
    }
  }
  await visit(dir);
  return files;
}

const env = () => ({ PATH: process.env.PATH, HOME: process.env.HOME });

function fastapiRepo(secrets: Record<string, string>): Record<string, string> {
  return {
    ".gitignore": ".env\n.venv/\n__pycache__/\nopenapi.json\n",
    // pydantic's env_file="../.env": the values live at the root, beside compose files.
    ".env": [
      "# Signs session tokens",
      `SECRET_KEY=${secrets.SECRET_KEY}`,
      "",
      `DATABASE_URL=postgresql://app:${secrets.DB_PASSWORD}@localhost:5432/app`,
      `STRIPE_API_KEY=${secrets.STRIPE_API_KEY}`,
      `UPSTREAM_REF=${secrets.UPSTREAM_REF}`,
      "",
      "# Postgres",
      "PORT=8000",
      "DEBUG=false",
      "",
      "# Where mail goes (ops@example.com reads it)",
      "SMTP_HOST=mail.internal",
      "",
      `POSTGRES_PASSWORD=${secrets.DB_PASSWORD}`,
      "",
    ].join("\n"),
    "compose.yml": "services:\n  db:\n    image: postgres:17\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD?Variable not set}\n",
    "backend/pyproject.toml": [
      "[project]",
      'name = "api"',
      'dependencies = ["fastapi>=0.110", "pydantic-settings>=2"]',
      "",
      "[dependency-groups]",
      'dev = ["pytest>=8", "pytest-cov>=5"]',
      "",
      "[tool.pytest.ini_options]",
      'addopts = "--cov=app --cov-report=xml:coverage.xml"',
      "",
    ].join("\n"),
    "backend/app/__init__.py": "",
    "backend/app/main.py": [
      "from fastapi import FastAPI",
      "",
      'app = FastAPI(title="Fixture API")',
      "",
      "",
      '@app.get("/items/{item_id}")',
      "def read_item(item_id: int) -> dict[str, int]:",
      '    return {"id": item_id}',
      "",
    ].join("\n"),
    "backend/app/config.py": [
      "from typing import Literal",
      "",
      "from pydantic_settings import BaseSettings, SettingsConfigDict",
      "",
      "",
      "class Settings(BaseSettings):",
      '    model_config = SettingsConfigDict(env_file="../.env")',
      "    SECRET_KEY: str",
      "    DATABASE_URL: str",
      "    PORT: int = 8000",
      "    DEBUG: bool = False",
      '    ENVIRONMENT: Literal["local", "staging", "production"] = "local"',
      "",
    ].join("\n"),
    "backend/app/payments.py": 'import os\n\nSTRIPE = os.environ["STRIPE_API_KEY"]\nMAIL = os.getenv("SMTP_HOST", "localhost")\n',
    "backend/tests/test_items.py": 'import os\n\nTOKEN = os.environ["ONLY_IN_TESTS"]\n',
    "frontend/package.json": JSON.stringify({ name: "web", private: true, type: "module", dependencies: { react: "^19.0.0" }, devDependencies: { vite: "^7.0.0", typescript: "~5.9.0" } }),
    "frontend/src/api.ts": "export const base = import.meta.env.VITE_API_URL;\n",
    "frontend/.gitignore": ".env\n",
    "frontend/.env": "VITE_API_URL=http://localhost:8000\n",
  };
}

/**
 * A Python with FastAPI for the generated export command: the example CRM's venv, made
 * (once, then cached) by its own bootstrap script, put first on PATH so `python3` is it.
 */
function pythonWithFastApi(): string {
  const backend = fileURLToPath(new URL("../../../../examples/crm/backend/", import.meta.url));
  execFileSync(join(backend, "scripts/bootstrap"), { stdio: "ignore" });
  return join(backend, ".venv/bin");
}

describe("init on a FastAPI repository (backend/ folder, settings in the root .env)", () => {
  const secrets = { SECRET_KEY: random(48), DB_PASSWORD: random(16), STRIPE_API_KEY: `sk_live_${random(24)}`, UPSTREAM_REF: random(40) };

  it("--dry-run prints the diff of every file and writes nothing", async () => {
    const dir = await repo(fastapiRepo(secrets));
    const before = await snapshot(dir);
    const { exitCode, stdout, stderr } = await runCommand(["init", "--dry-run"], { cwd: dir, env: env() });
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
    expect(stdout).toContain("found backend/ (Python, FastAPI), frontend/ (TypeScript, Vite)");
    for (const file of ["crm-devex.config.yaml", ".env.example", "frontend/.env.example", ".git/hooks/pre-commit", ".github/workflows/crm-devex.yml"]) {
      expect(stdout).toContain(`--- /dev/null\n+++ b/${file}\n`);
    }
    expect(stdout).toMatch(/dry run: 5 files would be written, nothing was/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it("a .env's passwords, connection strings, DSNs and user:password pairs reach neither the example nor --dry-run", async () => {
    // The review's repro, values made per run: every one of them used to be copied in full, labelled "0 secret".
    const password = () => `${random(6)}${Math.floor(Math.random() * 9000) + 1000}!`;
    const leaks: Record<string, string> = {
      ADMIN_PW: password(),
      SMTP_PW: `hunter${Math.floor(Math.random() * 10)}`,
      DB_CONN: `Server=db;User Id=sa;Password=${password()};`,
      SENTRY_DSN: `https://${randomBytes(16).toString("hex")}@o1.ingest.sentry.io/1`,
      ADMIN_CREDS: `admin:${password()}`,
      GREETING: password(),
    };
    const files = fastapiRepo(secrets);
    files[".env"] += `${Object.entries(leaks).map(([name, value]) => `${name}=${value}`).join("\n")}\nLOG_LEVEL=info\n`;
    const dir = await repo(files);
    const dry = await runCommand(["init", "--dry-run"], { cwd: dir, env: env() });
    expect(dry.exitCode).toBe(0);
    for (const [name, value] of Object.entries(leaks)) expect(dry.stdout, `${name} in --dry-run`).not.toContain(value);
    expect(dry.stdout).toMatch(/\.env\.example — new: env example for backend\/ \(16 variables, 10 secret\)/);
    expect((await runCommand(["init", "--yes"], { cwd: dir, env: env() })).exitCode).toBe(0);
    const example = await readFile(join(dir, ".env.example"), "utf8");
    for (const [name, value] of Object.entries(leaks)) {
      expect(example, `${name} in .env.example`).not.toContain(value);
      expect(example).toMatch(new RegExp(`^${name}=$`, "m"));
    }
    for (const name of ["ADMIN_PW", "SMTP_PW", "DB_CONN", "SENTRY_DSN", "ADMIN_CREDS"]) expect(example).toMatch(new RegExp(`# @secret\n(# @type=\\S+\n)?${name}=\n`));
    expect(example).toMatch(/^LOG_LEVEL=info$/m); // a plain choice word is still copied
  });

  it("--yes writes config, example, hook and workflow; no secret value anywhere; a second run writes nothing", async () => {
    const dir = await repo(fastapiRepo(secrets));
    const first = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    for (const file of ["crm-devex.config.yaml", ".env.example", "frontend/.env.example", ".git/hooks/pre-commit", ".github/workflows/crm-devex.yml"]) {
      expect(first.stdout).toMatch(new RegExp(`^wrote +${file.replace(/\./g, "\\.")} — `, "m"));
    }

    const written = await snapshot(dir);
    for (const [file, text] of written) {
      if (file === ".env") continue;
      for (const [name, value] of Object.entries(secrets)) expect(text, `${name} leaked into ${file}`).not.toContain(value);
    }

    const example = written.get(".env.example")!;
    expect(example).toContain("# Signs session tokens\n# Read by backend/app/config.py:8.\n# @secret\nSECRET_KEY=\n");
    expect(example).toMatch(/# @secret\n# @type=url\nDATABASE_URL=\n|# @secret\nDATABASE_URL=\n/);
    expect(example).toContain("# Read by backend/app/payments.py:3.\n# @secret\nSTRIPE_API_KEY=\n");
    expect(example).toMatch(/# @secret\nUPSTREAM_REF=\n/); // secret by value shape only
    expect(example).toContain("# Read by backend/app/config.py:10.\n# @optional\n# @type=port\nPORT=8000\n"); // "# Postgres" heads a group, so it is no description
    expect(example).toContain("# @optional\n# @type=bool\nDEBUG=false\n");
    expect(example).toContain("# @optional\n# @type=enum(local,staging,production)\nENVIRONMENT=\n");
    expect(example).toContain("# Where mail goes (ops at example.com reads it)\n# Read by backend/app/payments.py:4.\n# @optional\nSMTP_HOST=mail.internal\n");
    expect(example).not.toContain("ONLY_IN_TESTS");
    expect(example).toContain("# Used by compose.yml:5.\n# @secret\nPOSTGRES_PASSWORD=\n"); // no code reads it; compose does

    const config = written.get("crm-devex.config.yaml")!;
    expect(config).toContain("    - example: .env.example\n      code: [backend]\n    - example: frontend/.env.example\n      code: [frontend]\n");
    expect(config).toContain("  consumers: [frontend/src]\n");
    expect(written.get("frontend/.env.example")).toContain("# Read by frontend/src/api.ts:1.\n# @type=url\nVITE_API_URL=http://localhost:8000\n");
    // pip with only a pyproject.toml: CI has no way to install pytest, so the report is not gated (a first run would fail "not checked").
    expect(config).toContain("#   backend/coverage.xml: pytest --cov — pytest-cov (--cov-report=xml in backend/pyproject.toml); not gated");
    expect(config).toContain("# coverage:\n#   reports:\n#     - backend/coverage.xml\n#   threshold: 80\n");
    expect(config).not.toMatch(/^coverage:/m);
    expect(written.get(".git/hooks/pre-commit")).toContain("secret-scan --staged");
    expect((await stat(join(dir, ".git/hooks/pre-commit"))).mode & 0o111).not.toBe(0);
    const workflow = written.get(".github/workflows/crm-devex.yml")!;
    expect(workflow).toContain("branches: [master]");
    expect(workflow).toContain("uses: crm-devex/crm-devex@v1");
    expect(workflow).not.toContain("Tests with coverage");

    const second = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain("nothing to write: crm-devex is already set up here");
    expect(second.stdout).toContain("kept    crm-devex.config.yaml — exists; init never rewrites a config");
    expect(second.stdout).not.toMatch(/^wrote/m);
    expect(await snapshot(dir)).toEqual(written);
  });

  it("check runs afterwards without a config error: the export writes both specs, env-validate passes on what init wrote", async () => {
    const dir = await repo(fastapiRepo(secrets));
    expect((await runCommand(["init", "--yes"], { cwd: dir, env: env() })).exitCode).toBe(0);
    const config = await readFile(join(dir, "crm-devex.config.yaml"), "utf8");
    expect(config).toContain(`  head: openapi.json\n  export: "cd backend && python3 -c \\"import json, app.main as m; json.dump(m.app.openapi(), open('../openapi.json', 'w'), indent=2)\\""\n`);

    const check = await runCommand(["check", "--format", "json"], { cwd: dir, env: { ...env(), PATH: `${pythonWithFastApi()}:${process.env.PATH}` } });
    expect(check.stderr).not.toMatch(/error: .*crm-devex\.config/);
    expect([0, 1]).toContain(check.exitCode);
    const gates = (JSON.parse(check.stdout) as { gates: { name: string; verdict: string; exitCode: number; summary: string }[] }).gates;
    const gate = (name: string) => gates.find((candidate) => candidate.name === name);
    // The app's own spec, exported at head and at master's commit: compared, nothing broken.
    expect(gate("contract-diff")).toMatchObject({ verdict: "passed", exitCode: 0 });
    expect(JSON.parse(await readFile(join(dir, "openapi.json"), "utf8"))).toMatchObject({ info: { title: "Fixture API" }, paths: { "/items/{item_id}": {} } });
    expect(gate("env-validate")).toMatchObject({ verdict: "passed", exitCode: 0 });
    expect(gate("secret-scan")).toMatchObject({ verdict: "passed", exitCode: 0 }); // .env is gitignored
    // pip with only pyproject.toml: CI could not run the tests, so init left coverage ungated rather than "not checked".
    expect(gate("coverage-gate")?.verdict ?? "not configured").not.toMatch(/not-checked|failed/);
    expect(gates.every((candidate) => candidate.exitCode !== 2)).toBe(true);
  }, 300_000);
});

describe("init on a Vite app with its own .env.example", () => {
  const files = (): Record<string, string> => ({
    ".gitignore": "node_modules/\n.env\n.env.local\ncoverage/\n",
    "package.json": JSON.stringify({ name: "web", private: true, type: "module", scripts: { dev: "vite" }, dependencies: { react: "^19.0.0" }, devDependencies: { vite: "^7.0.0", vitest: "^3.2.0", typescript: "~5.9.0" } }, null, 2),
    "tsconfig.json": "{}\n",
    "vite.config.ts": 'import { defineConfig } from "vite";\nexport default defineConfig({ test: { coverage: { provider: "v8", reporter: ["text", "lcov"] } } });\n',
    "src/api.ts": "export const base = import.meta.env.VITE_API_URL;\nexport const dsn = import.meta.env.VITE_SENTRY_DSN ?? '';\nexport const dev = import.meta.env.DEV;\n",
    "src/main.tsx": "console.log(import.meta.env.VITE_FEATURE_FLAGS);\n",
    ".env.example": "# The API the browser calls.\n# @type=url\nVITE_API_URL=http://localhost:8000\n",
    ".env.local": "VITE_API_URL=http://localhost:9000\nVITE_FEATURE_FLAGS=beta\n",
  });

  it("keeps the existing example verbatim and appends only what it lacks", async () => {
    const dir = await repo(files());
    const dry = await runCommand(["init", "--dry-run"], { cwd: dir, env: env() });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain("found ./ (TypeScript, Vite)");
    expect(dry.stdout).toContain("--- a/.env.example\n+++ b/.env.example\n@@ -1,3 +1,12 @@\n # The API the browser calls.\n # @type=url\n VITE_API_URL=http://localhost:8000\n+\n+# Added by `crm-devex init`");

    const { exitCode } = await runCommand(["init", "--yes", "--no-hooks", "--no-workflow"], { cwd: dir, env: env() });
    expect(exitCode).toBe(0);
    const example = await readFile(join(dir, ".env.example"), "utf8");
    expect(example.startsWith(files()[".env.example"]!)).toBe(true);
    expect(example).toContain("# Read by src/api.ts:2.\n# @optional\nVITE_SENTRY_DSN=\n");
    expect(example).toContain("# Read by src/main.tsx:1.\nVITE_FEATURE_FLAGS=beta\n");
    expect(example.match(/^VITE_API_URL=/gm)).toHaveLength(1);
    expect(example).not.toMatch(/^DEV=/m);
    const config = await readFile(join(dir, "crm-devex.config.yaml"), "utf8");
    expect(config).toContain("    - coverage/lcov.info\n");
    await expect(stat(join(dir, ".github/workflows/crm-devex.yml"))).rejects.toThrow();
    await expect(stat(join(dir, ".git/hooks/pre-commit"))).rejects.toThrow();

    const check = await runCommand(["check", "--format", "json"], { cwd: dir, env: env() });
    expect([0, 1]).toContain(check.exitCode);
    const gates = (JSON.parse(check.stdout) as { gates: { name: string; verdict: string }[] }).gates;
    expect(gates.find((gate) => gate.name === "env-validate")?.verdict).toBe("passed");
    expect(gates.find((gate) => gate.name === "coverage-gate")?.verdict).toBe("not-checked"); // no report yet, and it says so
  });

  it("a malformed existing example stops init with exit 2 naming the file and line", async () => {
    const dir = await repo({ ...files(), ".env.example": "VITE_API_URL=\nthis is not a variable\n" });
    const { exitCode, stderr } = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
    expect(exitCode).toBe(2);
    expect(stderr).toContain("error: .env.example:2: malformed line");
    expect(await stat(join(dir, "crm-devex.config.yaml")).catch(() => undefined)).toBeUndefined();
  });
});

describe("init on an Express API", () => {
  const sessionSecret = random(40);
  const dbPassword = random(14);
  const files = (): Record<string, string> => ({
    ".gitignore": "node_modules/\n.env\n",
    "package.json": JSON.stringify({ name: "api", private: true, main: "src/server.js", dependencies: { express: "^5.1.0", pg: "^8.16.0" } }, null, 2),
    "package-lock.json": "{}\n",
    "src/server.js": [
      'import express from "express";',
      "const app = express();",
      "const port = process.env.PORT ?? 3000;",
      "app.use(session({ secret: process.env.SESSION_SECRET }));",
      "const pool = new Pool({ connectionString: process.env.DATABASE_URL });",
      "app.listen(port);",
      "",
    ].join("\n"),
    ".env": `PORT=3000\nSESSION_SECRET=${sessionSecret}\nDATABASE_URL=postgres://api:${dbPassword}@localhost:5432/api\n`,
  });

  it("detects Express, documents the variables without their secret values, and check runs", async () => {
    const dir = await repo(files());
    const { exitCode, stdout } = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("found ./ (JavaScript, Express)");
    expect(stdout).toContain("next: npm i -D crm-devex   (the pre-commit hook runs ./node_modules/.bin/crm-devex;");
    const written = await snapshot(dir);
    for (const [file, text] of written) {
      if (file !== ".env") expect(text, file).not.toContain(sessionSecret);
      if (file !== ".env") expect(text, file).not.toContain(dbPassword);
    }
    const example = written.get(".env.example")!;
    expect(example).toContain("# @optional\n# @type=port\nPORT=3000\n");
    expect(example).toContain("# @secret\nSESSION_SECRET=\n");
    expect(example).toMatch(/# @secret\n(# @type=url\n)?DATABASE_URL=\n/);
    const config = written.get("crm-devex.config.yaml")!;
    expect(config).not.toContain("contractDiff");
    expect(config).not.toContain("coverage:");
    const check = await runCommand(["check"], { cwd: dir, env: env() });
    expect([0, 1]).toContain(check.exitCode);
  });

  it("refuses to run outside a git repository, and without --yes when it cannot ask", async () => {
    const { dir, cleanup } = await makeTree(files());
    cleanups.push(cleanup);
    const outside = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
    expect(outside.exitCode).toBe(2);
    expect(outside.stderr).toContain("not a git repository");
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
    const noFlag = await runCommand(["init"], { cwd: dir, env: env() });
    expect(noFlag.exitCode).toBe(2);
    expect(noFlag.stderr).toContain("pass --yes to write the files, or --dry-run to see them");
  });

  it("an unreadable env file is exit 2 naming it", async () => {
    if (process.getuid?.() === 0) {
      // root reads any file; make .env a directory instead, which no one can read as a file.
      const dir = await repo({ ...files(), ".env": "" });
      const { rm, mkdir } = await import("node:fs/promises");
      await rm(join(dir, ".env"));
      await mkdir(join(dir, ".env"));
      const { exitCode, stderr } = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
      expect(exitCode).toBe(2);
      expect(stderr).toContain("error: .env: is a directory, expected a file");
      return;
    }
    const dir = await repo(files());
    await chmod(join(dir, ".env"), 0o000);
    const { exitCode, stderr } = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
    expect(exitCode).toBe(2);
    expect(stderr).toContain("error: .env: permission denied");
  });
});

describe("init keeps what is there", () => {
  it("leaves an existing config and a different workflow alone, and chains a foreign hook", async () => {
    const dir = await repo({
      "package.json": JSON.stringify({ name: "web", dependencies: { next: "^15.0.0" }, devDependencies: { "crm-devex": "^0.1.0" } }),
      "app/page.tsx": "export default () => process.env.NEXT_PUBLIC_SITE_NAME;\n",
      "lib/auth.ts": "export const secret = process.env.NEXTAUTH_SECRET;\n",
      // An example that names its variables but annotates nothing (as most do).
      ".env.example": "# -----\n# Authentication\n# -----\nNEXTAUTH_SECRET=\n",
      "crm-devex.config.yaml": "secretScan:\n  paths: [app]\n",
      ".github/workflows/crm-devex.yml": "name: mine\n",
    });
    await writeFile(join(dir, ".git/hooks/pre-commit"), "#!/bin/sh\necho mine\n");
    await chmod(join(dir, ".git/hooks/pre-commit"), 0o755);
    const { exitCode, stdout } = await runCommand(["init", "--yes"], { cwd: dir, env: env() });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("found ./ (JavaScript, Next.js)");
    expect(stdout).not.toContain("npm i -D crm-devex"); // already a devDependency: the hook will find it
    expect(stdout).toContain("kept    crm-devex.config.yaml — exists; init never rewrites a config");
    expect(stdout).toContain("kept    .github/workflows/crm-devex.yml — exists and differs from what init writes; not overwritten");
    expect(stdout).toMatch(/wrote +\.git\/hooks\/pre-commit — pre-commit secret scan \(git hook, this clone only\); the hook there moves to \.git\/hooks\/pre-commit\.chained-by-crm-devex/);
    expect(await readFile(join(dir, "crm-devex.config.yaml"), "utf8")).toBe("secretScan:\n  paths: [app]\n");
    expect(await readFile(join(dir, ".git/hooks/pre-commit.chained-by-crm-devex"), "utf8")).toBe("#!/bin/sh\necho mine\n");
    const example = await readFile(join(dir, ".env.example"), "utf8");
    expect(example.startsWith("# -----\n# Authentication\n# -----\n# @secret\nNEXTAUTH_SECRET=\n")).toBe(true);
    expect(example).toContain("NEXT_PUBLIC_SITE_NAME=");
    expect((await runCommand(["init", "--yes"], { cwd: dir, env: env() })).stdout).toContain("nothing to write");
  });

  it("a FastAPI app built by a factory gets no export: the committed spec is compared and the config says why", async () => {
    const dir = await repo({
      "requirements.txt": "fastapi==0.115.0\n",
      "app/__init__.py": "",
      "app/main.py": "from fastapi import FastAPI\n\n\ndef create_app() -> FastAPI:\n    app = FastAPI(title='x')\n    return app\n",
      "openapi.json": '{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}}\n',
    });
    expect((await runCommand(["init", "--yes", "--no-hooks"], { cwd: dir, env: env() })).exitCode).toBe(0);
    const config = await readFile(join(dir, "crm-devex.config.yaml"), "utf8");
    expect(config).toContain("# The FastAPI app is built inside a function (app/main.py:5), so init wrote no export\n# command: keep openapi.json committed and current, or add\n");
    expect(config).toContain("contractDiff:\n  head: openapi.json\n");
    expect(config).not.toMatch(/^ +export:/m);
  });

  it("on a terminal it asks which files to write (space deselects, enter confirms)", async () => {
    const dir = await repo({ "package.json": JSON.stringify({ name: "api", dependencies: { express: "^5.1.0" } }), "src/server.js": "const port = process.env.PORT ?? 3000;\n" });
    const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
    // script(1) gives the CLI a pseudo-terminal, as a person's shell would (util-linux, on every Debian).
    // Without a terminal of its own the pty is 0 columns wide: give it a size, as a window would.
    const child = spawn("script", ["-qec", `stty cols 120 rows 40; ${process.execPath} ${bin} init`, "/dev/null"], { cwd: dir, env: { ...env(), TERM: "xterm" } });
    let seen = "";
    let answered = false;
    const done = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (!answered && seen.includes("Write these files")) {
        answered = true;
        // @clack/core switches the terminal to raw mode and listens for keys before it draws the prompt,
        // so keys typed once the prompt shows are read as keys (a fixed pause would only add time).
        child.stdin.write(" "); // the first option, crm-devex.config.yaml, is unselected
        child.stdin.write("\r");
      }
    });
    const timer = setTimeout(() => child.kill(), 30_000);
    expect(await done).toBe(0);
    clearTimeout(timer);
    expect(seen).toContain("skipped crm-devex.config.yaml — not chosen");
    expect(seen).toMatch(/wrote +\.env\.example/);
    expect(await stat(join(dir, "crm-devex.config.yaml")).catch(() => undefined)).toBeUndefined();
    expect(await readFile(join(dir, ".env.example"), "utf8")).toContain("PORT=");
  });

  it("a repository with no application gets the secret scan only, and check runs it", async () => {
    const dir = await repo({ "README.md": "# notes\n" });
    const { exitCode, stdout } = await runCommand(["init", "--yes", "--no-hooks"], { cwd: dir, env: env() });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("crm-devex init: found no application (");
    const config = await readFile(join(dir, "crm-devex.config.yaml"), "utf8");
    expect(config).toContain('secretScan:\n  paths: ["."]\n');
    expect(config).not.toMatch(/^(env|coverage|contractDiff):/m);
    const check = await runCommand(["check", "--format", "json"], { cwd: dir, env: env() });
    expect([0, 1]).toContain(check.exitCode);
    expect((JSON.parse(check.stdout) as { gates: { name: string; verdict: string }[] }).gates.find((gate) => gate.name === "secret-scan")?.verdict).toBe("passed");
  });

  it("an existing example in a subfolder is configured, and its own names and values annotate it, when no read is found", async () => {
    const dir = await repo({
      "api/package.json": JSON.stringify({ dependencies: { express: "^5.1.0", joi: "^17.0.0" } }),
      // Variables read through a schema library: no process.env.NAME for the drift readers to see.
      "api/src/config.js": "const { value } = schema.validate(process.env);\nexport default value;\n",
      "api/.env.example": "# Port the API listens on.\n# @type=port\nPORT=3000\n\n# JWT\nJWT_SECRET=\n# Minutes an access token lives\nJWT_ACCESS_EXPIRATION_MINUTES=30\n",
    });
    const { exitCode, stdout } = await runCommand(["init", "--yes", "--no-hooks", "--no-workflow"], { cwd: dir, env: env() });
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/wrote +api\/\.env\.example/);
    expect(await readFile(join(dir, "api/.env.example"), "utf8")).toBe(
      "# Port the API listens on.\n# @type=port\nPORT=3000\n\n# JWT\n# @secret\nJWT_SECRET=\n# Minutes an access token lives\n# @type=int\nJWT_ACCESS_EXPIRATION_MINUTES=30\n",
    );
    expect(await readFile(join(dir, "crm-devex.config.yaml"), "utf8")).toContain("    - example: api/.env.example\n      code: [api]\n");
    expect((await runCommand(["init", "--yes", "--no-hooks", "--no-workflow"], { cwd: dir, env: env() })).stdout).toContain("ok      api/.env.example — up to date");
  });

  it("says when the export's tool (uv) is not on PATH, instead of leaving the first check to exit 2 unexplained", async () => {
    const dir = await repo({
      "uv.lock": "version = 1\n",
      "backend/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
      "backend/app/__init__.py": "",
      "backend/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    });
    // A PATH holding git alone: whatever this machine has installed, uv is not there.
    const bin = join(dir, ".git", "only-git");
    await mkdir(bin);
    await symlink(execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim(), join(bin, "git"));
    const bare = await runCommand(["init", "--yes", "--no-hooks", "--no-workflow"], { cwd: dir, env: { PATH: bin, HOME: process.env.HOME } });
    expect(bare.exitCode).toBe(0);
    expect(bare.stdout).toContain("note: uv is not on PATH here, so contract-diff's export cannot run on this machine");
    expect(await readFile(join(dir, "crm-devex.config.yaml"), "utf8")).toContain('export: "cd backend && uv run python -c');
  });
});

describe("init gives the CI job the services the tests need", () => {
  it("compose PostgreSQL + psycopg: a service with the compose image on its usual port (not the override's 5433), test-only credentials, the repo's migration, no .env password; idempotent", async () => {
    const dbPassword = random(20);
    const dir = await repo({
      ".gitignore": ".env\n",
      ".env": `POSTGRES_SERVER=db\nPOSTGRES_PORT=5432\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=${dbPassword}\nPOSTGRES_DB=app\nREDIS_URL=redis://cache:6379/0\n`,
      "compose.yml": [
        "services:",
        "  db:",
        "    image: postgres:16.4-alpine",
        "    healthcheck:",
        '      test: ["CMD-SHELL", "PGPASSWORD=${POSTGRES_PASSWORD} pg_isready -U ${POSTGRES_USER} -d ${POSTGRES_DB}"]',
        "    environment:",
        "      POSTGRES_USER: app",
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}",
        "      POSTGRES_DB: app",
        "  cache:",
        "    image: redis:7",
        "",
      ].join("\n"),
      "compose.override.yml": "services:\n  db:\n    ports:\n      - '5433:5432'\n",
      "uv.lock": "version = 1\n",
      "backend/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi", "pydantic-settings", "psycopg[binary]>=3.2", "alembic", "redis"]\n\n[dependency-groups]\ndev = ["pytest", "pytest-cov", "fakeredis"]\n',
      "backend/app/__init__.py": "",
      "backend/app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
      "backend/app/config.py": 'from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n    model_config = {"env_file": "../.env"}\n    POSTGRES_SERVER: str\n    POSTGRES_PORT: int = 5432\n    POSTGRES_USER: str\n    POSTGRES_PASSWORD: str\n    POSTGRES_DB: str\n    REDIS_URL: str = "redis://localhost"\n',
      ".github/workflows/tests.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run alembic upgrade head\n        working-directory: backend\n      - run: uv run pytest\n        working-directory: backend\n",
    });
    const dry = await runCommand(["init", "--dry-run", "--no-hooks"], { cwd: dir, env: env() });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain("+      db:\n+        image: postgres:16.4-alpine\n");
    expect(dry.stdout).not.toContain(dbPassword);
    expect(await snapshot(dir)).not.toHaveProperty([".github/workflows/crm-devex.yml"]);

    const first = await runCommand(["init", "--yes", "--no-hooks"], { cwd: dir, env: env() });
    expect(first.exitCode).toBe(0);
    const text = await readFile(join(dir, ".github/workflows/crm-devex.yml"), "utf8");
    const { parse } = await import("yaml");
    const job = (parse(text) as { jobs: { check: { services: Record<string, unknown>; env: Record<string, string>; steps: { run?: string }[] } } }).jobs.check;
    expect(job.services).toEqual({
      db: {
        image: "postgres:16.4-alpine",
        env: { POSTGRES_USER: "app", POSTGRES_PASSWORD: "ci-test-only-password", POSTGRES_DB: "app" },
        ports: ["5432:5432"],
        // The compose health check, filled with CI's values: the test password, never the .env one.
        options: '--health-cmd "PGPASSWORD=ci-test-only-password pg_isready -U app -d app" --health-interval 5s --health-timeout 5s --health-retries 20',
      },
    });
    expect(job.env).toEqual({ POSTGRES_SERVER: "localhost", POSTGRES_PORT: "5432", POSTGRES_USER: "app", POSTGRES_PASSWORD: "ci-test-only-password", POSTGRES_DB: "app" });
    expect(text).toContain("# Not started: cache (redis) — the tests bring their own (fakeredis).");
    const runs = job.steps.map((step) => step.run);
    expect(runs.indexOf("uv run alembic upgrade head")).toBeGreaterThan(runs.findIndex((run) => run?.includes("uv sync --frozen")));
    expect(runs.indexOf("uv run alembic upgrade head")).toBeLessThan(runs.findIndex((run) => run?.startsWith("uv run pytest")));
    for (const [file, written] of await snapshot(dir)) if (file !== ".env") expect(written, file).not.toContain(dbPassword);
    // Our own secret scan accepts the test-only password it writes.
    const scan = await runCommand(["secret-scan", "--no-git", ".github/workflows/crm-devex.yml"], { cwd: dir, env: env() });
    expect(scan.exitCode, scan.stdout).toBe(0);

    const second = await runCommand(["init", "--yes", "--no-hooks"], { cwd: dir, env: env() });
    expect(second.stdout).toContain("nothing to write");
  });

  it("no compose file, no database driver: no services and no job env", async () => {
    const dir = await repo({
      "uv.lock": "version = 1\n",
      "pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest-cov"]\n',
      "app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    });
    const result = await runCommand(["init", "--yes", "--no-hooks"], { cwd: dir, env: env() });
    expect(result.exitCode).toBe(0);
    const text = await readFile(join(dir, ".github/workflows/crm-devex.yml"), "utf8");
    expect(text).toContain("uv run pytest");
    expect(text).not.toMatch(/^\s+(services|env):/m);
  });
});
