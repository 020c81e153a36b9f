import { describe, expect, it } from "vitest";
import { runCommand, tempTrees } from "../helpers.js";

const EXAMPLE = `# Database connection (SQLAlchemy URL).
# @secret @type=url @rotate=90d
DATABASE_URL=

# Signs session tokens. @secret @rotate=30d
SECRET_KEY=<your-secret-key>

# Origin the browser app is served from. @type=url
FRONTEND_ORIGIN=http://localhost:5173

# optional
# Shared rate-limit storage. @type=url
REDIS_URL=
`;

const tree = tempTrees();
// Built at run time so no committed file holds a credential-shaped string.
const fakeSecret = () => ["s3", "cr3t", "-", "x".repeat(4), "Q9"].join("");

describe("crm-devex env-validate", () => {
  it("passes when every required variable is set and valid", async () => {
    const dir = await tree({ ".env.example": EXAMPLE });
    const env = { DATABASE_URL: "sqlite:///./crm.db", SECRET_KEY: fakeSecret(), FRONTEND_ORIGIN: "http://localhost:5173" };
    const { exitCode, stdout } = await runCommand(["env-validate"], { cwd: dir, env });
    expect(stdout).toMatch(/PASS\s+4 variables \(2 secret\) ok/);
    expect(exitCode).toBe(0);
  });

  it("lists every missing secret at once, by name and description, and exits 1", async () => {
    const dir = await tree({ ".env.example": EXAMPLE });
    const { exitCode, stdout } = await runCommand(["env-validate", "--format", "json"], { cwd: dir, env: { FRONTEND_ORIGIN: "nope" } });
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout) as { schemaVersion: number; missing: string[]; invalid: { name: string; reason: string }[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.missing).toEqual(["DATABASE_URL", "SECRET_KEY"]);
    expect(report.invalid.map((item) => item.name)).toEqual(["FRONTEND_ORIGIN"]);
    const text = await runCommand(["env-validate"], { cwd: dir, env: {} });
    expect(text.stdout).toContain("SECRET_KEY is required but not set — Signs session tokens. [secret; rotate every 30d]");
  });

  it("never prints a secret value, in any format", async () => {
    const dir = await tree({ ".env.example": EXAMPLE, ".env.local": `DATABASE_URL=${fakeSecret()}\nFRONTEND_ORIGIN=http://x\nSECRET_KEY=${fakeSecret()}\nSTRAY=1\n` });
    for (const format of ["text", "json", "markdown", "github", "sarif"]) {
      const { exitCode, stdout, stderr } = await runCommand(["env-validate", "--env-file", ".env.local", "--format", format], { cwd: dir, env: {} });
      // Each format must really report the invalid secret (else "no secret printed" proves nothing).
      expect([format, exitCode, stdout]).toEqual([format, 1, expect.stringMatching(/DATABASE\\?_URL/)]); // Markdown escapes the _
      expect(stdout + stderr).not.toContain(fakeSecret());
    }
    const { exitCode, stdout } = await runCommand(["env-validate", "--env-file", ".env.local", "--format", "json"], { cwd: dir, env: {} });
    expect(exitCode).toBe(1); // DATABASE_URL is not a URL
    expect(JSON.parse(stdout).problems).toContainEqual(expect.objectContaining({ kind: "unknown", name: "STRAY", severity: "warning", line: 4 }));
  });

  it("fails when the example leaks a real-looking value", async () => {
    const leaked = EXAMPLE.replace("SECRET_KEY=<your-secret-key>", `SECRET_KEY=${fakeSecret()}`);
    const dir = await tree({ ".env.example": leaked });
    const { exitCode, stdout } = await runCommand(["env-validate", "--no-environment"], { cwd: dir });
    expect(exitCode).toBe(1);
    expect(stdout).toContain("SECRET_KEY in the example is marked @secret but holds a value");
    expect(stdout).not.toContain(fakeSecret());
  });

  it("passes typed names, hosts, images and paths in an example but still fails a generated key", async () => {
    // Shaped like the committed examples of docker-compose projects (issue 14); the key is made here.
    const typed = "# Compose project.\nSTACK_NAME=estate-agent-crm-stack\n# Image.\nAPI_IMAGE=ghcr.io/estate-agency/crm-api:nightly\n# Socket.\nDOCKER_SOCKET=/var/run/docker.sock\n# Sender.\nMAIL_FROM=notifications@estates-crm.example\n# Database.\nDATABASE_URL=postgres://user:pass@postgres:5432/crm\n";
    const clean = await runCommand(["env-validate", "--no-environment", "--format", "json"], { cwd: await tree({ ".env.example": typed }) });
    expect([clean.exitCode, JSON.parse(clean.stdout).problems]).toEqual([0, []]);
    const key = Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 37 + 11) % 256)).toString("hex");
    const leaked = await runCommand(["env-validate", "--no-environment"], { cwd: await tree({ ".env.example": `${typed}# Cron job route (no credential word in the name, so only the shape check can catch it).\nCRON_ROUTE=${key}\n` }) });
    expect(leaked.exitCode).toBe(1);
    expect(leaked.stdout).toContain("CRON_ROUTE in the example looks like a generated credential");
    expect(leaked.stdout).not.toContain("STACK_NAME in the example");
    expect(leaked.stdout).not.toContain(key);
  });

  it("reports code reads missing from the example with file and line", async () => {
    const dir = await tree({
      ".env.example": EXAMPLE,
      "app/settings.py": "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    database_url: str\n    secret_key: str\n    frontend_origin: str\n    sentry_dsn: str = ''\n",
      "web/src/api.ts": "export const base = import.meta.env.VITE_API_URL;\n",
      "web/src/api.test.ts": "process.env.ONLY_IN_TESTS\n",
    });
    const { exitCode, stdout } = await runCommand(["env-validate", "--no-environment", "--code", "app", "web/src", "--format", "json"], { cwd: dir });
    expect(exitCode).toBe(1);
    const problems = (JSON.parse(stdout) as { problems: { kind: string; name: string; file: string; line: number }[] }).problems.filter((p) => p.kind === "undocumented");
    expect(problems).toEqual([
      expect.objectContaining({ name: "SENTRY_DSN", file: "app/settings.py", line: 7 }),
      expect.objectContaining({ name: "VITE_API_URL", file: "web/src/api.ts", line: 1 }),
    ]);
  });

  it("with --no-environment still checks the env files it is given, without the process environment", async () => {
    const dir = await tree({ ".env.example": "# Port.\n# @type=port\nPORT=\n# Token.\nTOKEN=\n", "prod.env": "PORT=http\n" });
    const run = await runCommand(["env-validate", "--no-environment", "--env-file", "prod.env", "--format", "json"], { cwd: dir, env: { TOKEN: "t", PORT: "80" } });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { missing: string[]; invalid: { name: string; reason: string }[]; summary: string };
    expect(report.missing).toEqual(["TOKEN"]);
    expect(report.invalid).toEqual([{ name: "PORT", reason: expect.stringContaining("PORT (prod.env) is not a port number") }]);
  });

  it("reads env files given with --dotenv like --env-file (Node intercepts --env-file itself)", async () => {
    const dir = await tree({ ".env.example": "# Port.\n# @type=port\nPORT=\n", "good.env": "PORT=8080\n", "bad.env": "PORT=http\n" });
    expect((await runCommand(["env-validate", "--dotenv", "good.env"], { cwd: dir, env: {} })).exitCode).toBe(0);
    const failed = await runCommand(["env-validate", "--env-file", "good.env", "--dotenv", "bad.env"], { cwd: dir, env: {} });
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain("PORT (bad.env) is not a port number");
  });

  it.each([
    [{ ".env.example": "A=1\nnot a line\n" }, [], ".env.example:2: malformed line"],
    [{}, ["--example", "missing.env"], "missing.env: file not found"],
    [{ ".env.example": "A=1\n" }, ["--env-file", "nope.env"], "nope.env: file not found"],
    [{ ".env.example": "A=1\n" }, ["--dotenv", "nope.env"], "nope.env: file not found"],
    [{ ".env.example": "A=1\n" }, ["--no-environment", "--code", "src"], "src: code directory not found"],
    [{}, [], "no schema: pass --example FILE"],
    [{ "crm-devex.config.yaml": "env:\n  vars:\n    A:\n      type: uuid\n" }, [], "crm-devex.config.yaml:4: env.vars.A.type: expected url, int, port"],
  ])("exits 2 on bad input %#", async (files, args, message) => {
    const dir = await tree(files as Record<string, string>);
    const { exitCode, stderr } = await runCommand(["env-validate", ...(args as string[])], { cwd: dir, env: {} });
    expect(exitCode).toBe(2);
    expect(stderr).toContain(message);
  });

  it("prints the variables table with `docs`", async () => {
    const dir = await tree({ ".env.example": EXAMPLE });
    const { exitCode, stdout } = await runCommand(["env-validate", "docs"], { cwd: dir });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("| `SECRET_KEY` | Signs session tokens. | yes | yes | string | every 30d |");
    expect(stdout).toContain("| `REDIS_URL` | Shared rate-limit storage. | no | no | url | — |");
  });

  it("in check, validates the example and drift but not the laptop's environment", async () => {
    const dir = await tree({
      ".env.example": EXAMPLE,
      "crm-devex.config.yaml": "env:\n  example: .env.example\n  code: [src]\n",
      "src/a.ts": "process.env.DATABASE_URL; process.env.PAYMENT_PROVIDER_KEY;\n",
    });
    const { exitCode, stdout } = await runCommand(["check", "--only", "env-validate"], { cwd: dir, env: {} });
    expect(exitCode).toBe(1);
    expect(stdout).toContain("PAYMENT_PROVIDER_KEY is read by src/a.ts:1 but missing from the example");
    expect(stdout).not.toContain("DATABASE_URL is required");
  });
});

describe("honest example uses secret-scan's rules", () => {
  it("flags a provider key on a variable not marked @secret", async () => {
    // A Stripe-shaped live key, assembled here so no committed file holds one.
    const key = ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc"].join("_");
    const dir = await tree({ ".env.example": `# Payments provider key.\nPAYMENT_KEY=${key}\n` });
    const { exitCode, stdout } = await runCommand(["env-validate", "--no-environment", "--format", "json"], { cwd: dir });
    expect(exitCode).toBe(1);
    const problem = (JSON.parse(stdout) as { problems: { kind: string; message: string }[] }).problems[0]!;
    expect(problem.kind).toBe("leaked-value");
    expect(problem.message).toMatch(/PAYMENT_KEY in the example matches secret rule stripe/);
    expect(stdout).not.toContain(key);
  });
});

describe("the example CRM's backend .env.example", () => {
  const example = new URL("../../../../examples/crm/backend/.env.example", import.meta.url).pathname;

  it("is honest and parses", async () => {
    const { exitCode, stdout } = await runCommand(["env-validate", "--example", example, "--no-environment"]);
    expect(stdout).not.toMatch(/Real-looking values/);
    expect(exitCode).toBe(0);
  });

  it("fails naming a missing secret and its description", async () => {
    const env = { DATABASE_URL: "sqlite:///./crm.db", FRONTEND_ORIGIN: "http://localhost:5173" };
    const { exitCode, stdout } = await runCommand(["env-validate", "--example", example], { env });
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/SECRET_KEY is required but not set — Signs access tokens/);
  });

  it("declares every variable the backend's code reads (settings fields and the create-user password)", async () => {
    const code = new URL("../../../../examples/crm/backend/app", import.meta.url).pathname;
    const { exitCode, stdout } = await runCommand(["env-validate", "--example", example, "--code", code, "--no-environment", "--format", "json"]);
    const report = JSON.parse(stdout) as { problems: unknown[]; variables: { name: string; required: boolean; secret: boolean }[] };
    expect(report.problems).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.variables).toContainEqual(expect.objectContaining({ name: "CRM_NEW_USER_PASSWORD", required: false, secret: true }));
  });
});

describe("env-validate docs flags", () => {
  it("uses --example given after the subcommand even when config declares projects", async () => {
    const dir = await tree({
      "crm-devex.config.yaml": "env:\n  projects:\n    - example: a/.env.example\n    - example: b/.env.example\n",
      "a/.env.example": "# From a.\nA=\n",
      "b/.env.example": "# From b.\nB=\n",
      "only.env.example": "# The only one.\nONLY=\n",
    });
    const { exitCode, stdout } = await runCommand(["env-validate", "docs", "--example", "only.env.example"], { cwd: dir });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("`ONLY`");
    expect(stdout).not.toContain("`A`");
  });
});
