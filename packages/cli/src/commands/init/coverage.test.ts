import { describe, expect, it } from "vitest";
import { jestCoverage, pythonCoverage, vitestCoverage } from "./coverage.js";
import type { Project } from "./model.js";

const project = (dir: string, language: Project["language"] = "python"): Project => ({ dir, language, frameworks: [], tool: "pip", manifests: [] });
const texts = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("pythonCoverage", () => {
  it.each([
    ["pytest-cov flag with a path", { "backend/pyproject.toml": '[tool.pytest.ini_options]\naddopts = "--cov=app --cov-report=xml:reports/cov.xml"\n' }, "backend/reports/cov.xml"],
    ["pytest-cov flag, default path", { "backend/pytest.ini": "[pytest]\naddopts = --cov --cov-report xml\n" }, "backend/coverage.xml"],
    ["pytest-cov JSON", { "backend/setup.cfg": "[tool:pytest]\naddopts = --cov-report=json\n" }, "backend/coverage.json"],
    ["coverage.py [xml] output", { "backend/.coveragerc": "[run]\nsource = app\n\n[xml]\noutput = build/coverage.xml\n" }, "backend/build/coverage.xml"],
    ["pytest-cov as a dependency only", { "backend/requirements-dev.txt": "pytest==8.3.0\npytest-cov==6.0.0\n" }, "backend/coverage.xml"],
    ["coverage as a dependency (the FastAPI template)", { "backend/pyproject.toml": '[dependency-groups]\ndev = ["coverage<8.0.0,>=7.4.3"]\n' }, "backend/coverage.xml"],
    ["no coverage tool", { "backend/requirements.txt": "fastapi==0.115.0\n" }, undefined],
  ])("%s", (_name, files, path) => expect(pythonCoverage(project("backend"), texts(files))?.path).toBe(path));
});

describe("vitestCoverage", () => {
  const web = project("web", "typescript");
  it.each([
    ["lcov reporter", { "web/vite.config.ts": 'test: { coverage: { provider: "v8", reporter: ["text", "lcov"] } }' }, new Set(["vitest"]), "web/coverage/lcov.info"],
    ["reportsDirectory and json", { "web/vitest.config.ts": "coverage: { reporter: ['json'], reportsDirectory: './out/cov' }" }, new Set(["vitest"]), "web/out/cov/coverage-final.json"],
    ["coverage block with default reporters", { "web/vitest.config.ts": "coverage: { provider: 'istanbul' }" }, new Set(["vitest"]), "web/coverage/coverage-final.json"],
    ["provider installed, no config", {}, new Set(["vitest", "@vitest/coverage-v8"]), "web/coverage/coverage-final.json"],
    ["vitest without coverage", {}, new Set(["vitest"]), undefined],
  ])("%s", (_name, files, dependencies, path) => expect(vitestCoverage(web, texts(files), dependencies)?.path).toBe(path));
});

describe("jestCoverage", () => {
  const api = project(".", "javascript");
  it.each([
    ["jest.config.js reporters (hagopj13/node-express-boilerplate's shape)", { "jest.config.js": "module.exports = { coverageReporters: ['text', 'lcov', 'clover', 'html'] };" }, [], "coverage/lcov.info"],
    ["coverageDirectory", { "jest.config.js": "module.exports = { collectCoverage: true, coverageDirectory: '<rootDir>/reports' };" }, [], "reports/lcov.info"],
    ["a --coverage script and default reporters", {}, ["jest -i --coverage"], "coverage/lcov.info"],
    ["jest without coverage", {}, ["jest"], undefined],
  ])("%s", (_name, files, scripts, path) => expect(jestCoverage(api, texts(files), scripts)?.path).toBe(path));
});
