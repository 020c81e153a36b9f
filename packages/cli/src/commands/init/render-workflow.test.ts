import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CoverageReport, Detection, Project } from "./model.js";
import { coverageCommand, renderWorkflow, yamlScalar } from "./render-workflow.js";
import { TEST_PASSWORD, type TestService } from "./services.js";

const backend: Project = { dir: "backend", language: "python", frameworks: ["fastapi"], tool: "uv", manifests: ["backend/pyproject.toml"] };
const web: Project = { dir: "web", language: "typescript", frameworks: ["vite"], tool: "npm", manifests: ["web/package.json"], scripts: [] };
const pytest: CoverageReport = { project: backend, path: "backend/coverage.xml", source: "pytest-cov (a dependency)", produce: "pytest --cov --cov-report=xml" };
const vitest: CoverageReport = { project: web, path: "web/coverage/lcov.info", source: "vitest", produce: "vitest run --coverage" };

function detection(coverage: CoverageReport[], withApp = true): Detection {
  return {
    name: "fixture",
    projects: [backend, web],
    ...(withApp ? { fastapi: { project: backend, file: "backend/app/main.py", module: "app.main", variable: "app" } } : {}),
    coverage,
    consumers: [],
    envExamples: [],
    defaultBranch: "main",
  };
}

type Step = { name?: string; uses?: string; run?: string; "working-directory"?: string };
const steps = (text: string): Step[] => (parse(text) as { jobs: { check: { steps: Step[] } } }).jobs.check.steps;

describe("renderWorkflow: a Yarn project installs with the flag its Yarn major knows", () => {
  const yarnWeb: Project = { ...web, tool: "yarn" };
  const yarnVitest: CoverageReport = { ...vitest, project: yarnWeb };
  const detectionWith = (): Detection => ({ ...detection([yarnVitest], false), projects: [yarnWeb] });
  const install = (files: string[]) => steps(renderWorkflow(detectionWith(), new Set(files), false)).find((step) => step.name === "Install for the tests in web/")?.run;
  it.each([
    ["Yarn 1 (no .yarnrc.yml)", ["web/package.json", "web/yarn.lock"], "yarn install --frozen-lockfile"],
    ["Yarn 2+ in the project", ["web/package.json", "web/yarn.lock", "web/.yarnrc.yml"], "corepack enable && yarn install --immutable"],
    ["Yarn 2+ set at the root", ["web/package.json", "web/yarn.lock", ".yarnrc.yml"], "corepack enable && yarn install --immutable"],
  ])("%s → %s", (_, files, command) => expect(install(files)).toBe(command));
});

describe("renderWorkflow: the tests that write the coverage reports run before the gate reads them", () => {
  it.each([
    ["uv pytest", pytest, "uv run pytest --cov --cov-report=xml"],
    ["pip coverage.py, two commands", { ...pytest, project: { ...backend, tool: "pip" as const }, produce: "coverage run -m pytest && coverage xml" }, "python -m coverage run -m pytest && python -m coverage xml"],
    ["npm vitest", vitest, "npx --no-install vitest run --coverage"],
  ])("%s → %s", (_, report, command) => expect(coverageCommand(report)).toBe(command));

  it("each report's tests run in its project, after its install, before crm-devex check", () => {
    const written = steps(renderWorkflow(detection([pytest, vitest]), new Set(), true));
    const index = (predicate: (step: Step) => boolean) => written.findIndex(predicate);
    const check = index((step) => step.uses === "crm-devex/crm-devex@v1");
    const python = index((step) => step.run === "uv run pytest --cov --cov-report=xml");
    const node = index((step) => step.run === "npx --no-install vitest run --coverage");
    expect(python).toBeGreaterThan(index((step) => step.name === "Install for the tests in backend/"));
    expect(node).toBeGreaterThan(index((step) => step.run === "npm ci"));
    expect(written[python]!["working-directory"]).toBe("backend");
    expect(written[node]!["working-directory"]).toBe("web");
    expect(Math.max(python, node)).toBeLessThan(check);
    expect(written.filter((step) => step.uses?.startsWith("actions/setup-python@"))).toHaveLength(1);
    expect(written.filter((step) => step["working-directory"] === "backend" && step.run?.includes("uv sync"))).toHaveLength(1); // the export uses the test install
  });

  it("without a coverage report no test step is added", () => {
    const written = steps(renderWorkflow(detection([], false), new Set(), false));
    expect(written.map((step) => step.uses ?? step.run)).toEqual([expect.stringMatching(/^actions\/checkout@/), "crm-devex/crm-devex@v1"]);
  });
});

describe("renderWorkflow: the services the tests need", () => {
  const postgres: TestService = {
    kind: "postgres",
    name: "db",
    image: "postgres:18",
    imageFrom: "compose.yml:20",
    port: 5432,
    hostPort: 5432,
    containerEnv: { POSTGRES_USER: "postgres", POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: "app" },
    health: "pg_isready -U postgres -d app",
    evidence: ["psycopg among backend/'s dependencies"],
    appEnv: { POSTGRES_SERVER: "localhost", DATABASE_URL: `postgresql://postgres:${TEST_PASSWORD}@localhost:5432/app` },
    projects: [backend],
  };
  type Job = { services?: Record<string, { image: string; env?: Record<string, string>; ports: string[]; options: string }>; env?: Record<string, string>; steps: Step[] };
  const job = (text: string) => (parse(text) as { jobs: { check: Job } }).jobs.check;

  it("a service block with the image, test env, ports and a health check; the job env points the app at localhost", () => {
    const written = job(renderWorkflow({ ...detection([pytest]), services: [postgres] }, new Set(), false));
    expect(written.services).toEqual({
      db: {
        image: "postgres:18",
        env: { POSTGRES_USER: "postgres", POSTGRES_PASSWORD: TEST_PASSWORD, POSTGRES_DB: "app" },
        ports: ["5432:5432"],
        options: '--health-cmd "pg_isready -U postgres -d app" --health-interval 5s --health-timeout 5s --health-retries 20',
      },
    });
    expect(written.env).toEqual({ POSTGRES_SERVER: "localhost", DATABASE_URL: `postgresql://postgres:${TEST_PASSWORD}@localhost:5432/app` });
  });

  it("the repository's own migration runs after the install and before the tests", () => {
    const prepare = { project: backend, command: "uv run bash scripts/prestart.sh", from: '.github/workflows/test-backend.yml (step "Migrate DB")' };
    const written = job(renderWorkflow({ ...detection([pytest]), services: [postgres], prepares: [prepare] }, new Set(), false)).steps;
    const at = (run: string) => written.findIndex((step) => step.run === run);
    expect(at("uv run bash scripts/prestart.sh")).toBeGreaterThan(at("python -m pip install --disable-pip-version-check --quiet uv && uv sync --frozen"));
    expect(at("uv run bash scripts/prestart.sh")).toBeLessThan(at("uv run pytest --cov --cov-report=xml"));
    expect(written[at("uv run bash scripts/prestart.sh")]!["working-directory"]).toBe("backend");
  });

  it("no service when no test runs in CI, and no services key when none is needed", () => {
    expect(job(renderWorkflow({ ...detection([], false), services: [postgres] }, new Set(), false)).services).toBeUndefined();
    const plain = job(renderWorkflow(detection([pytest]), new Set(), false));
    expect(plain.services).toBeUndefined();
    expect(plain.env).toBeUndefined();
  });

  it("a shell line YAML would misread is quoted", () => {
    expect(yamlScalar("alembic upgrade head")).toBe("alembic upgrade head");
    expect(parse(`run: ${yamlScalar("echo a: b # c")}`)).toEqual({ run: "echo a: b # c" });
  });
});
