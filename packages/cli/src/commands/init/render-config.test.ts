import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { CoverageReport, Detection, Project } from "./model.js";
import { renderConfig } from "./render-config.js";

const project = (tool: Project["tool"], language: Project["language"]): Project => ({ dir: "app", language, frameworks: [], tool, manifests: [] });
const report = (owner: Project, path: string): CoverageReport => ({ project: owner, path, source: "test", produce: owner.language === "python" ? "pytest --cov" : "vitest run --coverage" });

function detection(coverage: CoverageReport[]): Detection {
  return { name: "fixture", projects: coverage.map((item) => item.project!), coverage, consumers: [], envExamples: [], defaultBranch: "main" };
}

describe("renderConfig: coverage is gated only on reports the CI workflow produces", () => {
  it.each([
    ["uv", project("uv", "python"), new Set<string>(), true],
    ["pip with requirements-dev.txt", project("pip", "python"), new Set(["app/requirements-dev.txt"]), true],
    ["pip with only pyproject.toml", project("pip", "python"), new Set<string>(), false],
    ["npm", project("npm", "typescript"), new Set<string>(), true],
    ["bun", project("bun", "typescript"), new Set<string>(), false],
  ])("%s → gated: %s", (_, owner, files, gated) => {
    const text = renderConfig(detection([report(owner, "app/coverage.xml")]), files);
    const config = parse(text) as { coverage?: { reports: string[] } };
    if (gated) expect(config.coverage?.reports).toEqual(["app/coverage.xml"]);
    else {
      expect(config.coverage).toBeUndefined();
      expect(text).toContain("#   reports:\n#     - app/coverage.xml\n");
      expect(text).toMatch(/app\/coverage\.xml: .* not gated/);
    }
  });
});
