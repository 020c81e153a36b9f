/** `${VAR}` in env files and examples (dotenv-expand semantics) through `env-validate` and `loadEnv`. */
import { describe, expect, it } from "vitest";
import { EnvValidationError, loadEnv } from "../../src/env.js";
import { runCommand, tempTrees } from "../helpers.js";

const tree = tempTrees();

// Shaped like full-stack-fastapi-template's .env and docker-compose: the URL is composed from parts.
const EXAMPLE = `# Database user.
POSTGRES_USER=postgres
# Database password. @secret
POSTGRES_PASSWORD=changethis
# Where the API connects. @type=url
DATABASE_URL=postgresql://\${POSTGRES_USER}:\${POSTGRES_PASSWORD}@db:5432/app
# Port the API listens on. @type=port
PORT=\${API_PORT:-8000}
`;

describe("env-validate with ${VAR} references", () => {
  it("an example composing a URL from declared variables is honest (not 'a generated credential')", async () => {
    const dir = await tree({ ".env.example": EXAMPLE });
    const run = await runCommand(["env-validate", "--example", ".env.example", "--no-environment", "--format", "json"], { cwd: dir });
    expect(run.stdout).not.toContain("generated credential");
    // ${API_PORT:-8000} names a variable nobody declared; with a default that is a warning, not a failure.
    expect(JSON.parse(run.stdout).problems).toEqual([
      {
        kind: "undeclared-reference",
        severity: "warning",
        name: "PORT",
        message: "PORT references ${API_PORT}, which the example does not declare (it falls back to its default): declare API_PORT in the example",
        file: ".env.example",
        line: 8,
      },
    ]);
    expect(run.exitCode).toBe(0);
  });

  it("a reference to a variable the example does not declare is a finding naming both", async () => {
    const example = "# Where the API connects. @type=url\nDATABASE_URL=postgresql://postgres:${POSTGRES_PASSWORD}@db/app\n";
    const dir = await tree({ ".env.example": example, ".env": "DATABASE_URL=postgresql://postgres:${POSTGRES_PASSWORD}@db/app\n" });
    const run = await runCommand(["env-validate", "--example", ".env.example", "--env-file", ".env", "--no-environment", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    const problems = JSON.parse(run.stdout).problems;
    expect(problems).toContainEqual({
      kind: "undeclared-reference",
      severity: "error",
      name: "DATABASE_URL",
      message: "DATABASE_URL references ${POSTGRES_PASSWORD}, which the example does not declare (it expands to an empty string): declare POSTGRES_PASSWORD in the example",
      file: ".env",
      line: 1,
    });
    expect(problems.filter((problem: { file: string }) => problem.file === ".env.example")).toHaveLength(1);
  });

  it("values are checked after expansion: the environment wins, defaults apply, a bad expansion is invalid", async () => {
    const dir = await tree({ ".env.example": EXAMPLE, ".env": "POSTGRES_USER=app\nPOSTGRES_PASSWORD=pw\nDATABASE_URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app\nPORT=${API_PORT:-8000}\n" });
    const ok = await runCommand(["env-validate", "--example", ".env.example", "--env-file", ".env", "--no-environment"], { cwd: dir });
    expect(ok.exitCode).toBe(0);
    // API_PORT from the environment wins over the default, and is checked as a port.
    const env = { PATH: process.env.PATH, API_PORT: "eighty" };
    const bad = await runCommand(["env-validate", "--example", ".env.example", "--env-file", ".env", "--format", "json"], { cwd: dir, env });
    expect(bad.exitCode).toBe(1);
    expect(JSON.parse(bad.stdout).invalid).toEqual([{ name: "PORT", reason: expect.stringContaining("PORT (.env) is not a port number") }]);
  });

  it("\\$ and single quotes keep a dollar literal", async () => {
    const example = "# Price label. @optional\nLABEL=\n";
    const dir = await tree({ ".env.example": example, ".env": "LABEL='${NOT_A_REF}'\n" });
    const run = await runCommand(["env-validate", "--example", ".env.example", "--env-file", ".env", "--no-environment", "--format", "json"], { cwd: dir });
    expect(JSON.parse(run.stdout).problems).toEqual([]);
    expect(run.exitCode).toBe(0);
  });
});

describe("loadEnv with ${VAR} references", () => {
  it("returns expanded values, the environment winning inside references too", async () => {
    const dir = await tree({ ".env.example": EXAMPLE, ".env": "POSTGRES_USER=app\nPOSTGRES_PASSWORD=pw\nDATABASE_URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app\nPORT=${API_PORT:-8000}\n" });
    const env = loadEnv({ example: `${dir}/.env.example`, envFiles: [`${dir}/.env`], env: { POSTGRES_PASSWORD: "from-env" } });
    expect(env).toEqual({ POSTGRES_USER: "app", POSTGRES_PASSWORD: "from-env", DATABASE_URL: "postgresql://app:from-env@db:5432/app", PORT: 8000 }); // crm-devex:allow a placeholder password expanded in a test
  });

  it("throws for a reference nobody declared or set, naming both", async () => {
    const dir = await tree({ ".env.example": "# @type=url\nDATABASE_URL=\n", ".env": "DATABASE_URL=postgresql://u:${DB_PASSWORD}@db/app\n" });
    try {
      loadEnv({ example: `${dir}/.env.example`, envFiles: [`${dir}/.env`], env: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvValidationError);
      expect((error as Error).message).toContain("DATABASE_URL references ${DB_PASSWORD}, which the example does not declare (it expands to an empty string)");
    }
  });
});
