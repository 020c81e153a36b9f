import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CoverageReport, Detection, Project } from "./model.js";
import { coverageCommand, renderWorkflow } from "./render-workflow.js";

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
