/**
 * Where a project's test tooling writes a coverage report coverage-gate can read.
 * Pure: given the project's config texts. Only configured or conventional paths of
 * tools the project really uses — no report is guessed for a project without one.
 */
import type { CoverageReport, Project } from "./model.js";

function join(dir: string, path: string): string {
  const clean = path.replace(/^\.\//, "");
  return dir === "." ? clean : `${dir}/${clean}`;
}

/**
 * Python: pytest-cov's `--cov-report=xml[:path]` / `json[:path]` in the pytest config,
 * coverage.py's `[xml] output` / `[tool.coverage.xml] output`, else — when pytest-cov
 * or coverage is a dependency — coverage.py's default `coverage.xml`.
 */
export function pythonCoverage(project: Project, texts: ReadonlyMap<string, string>): CoverageReport | undefined {
  for (const [file, text] of texts) {
    const flag = /--cov-report[=\s]+(xml|json)(?::([^\s"',\]]+))?/.exec(text);
    if (flag) {
      const path = flag[2] ?? (flag[1] === "xml" ? "coverage.xml" : "coverage.json");
      return { project, path: join(project.dir, path), source: `pytest-cov (--cov-report=${flag[1]} in ${file})`, produce: "pytest --cov" };
    }
  }
  for (const [file, text] of texts) {
    const section = /^\[(?:tool\.coverage\.)?(xml|json)\]\s*\n(?:[^[]*?\n)?\s*output\s*=\s*["']?([^"'\s]+)["']?/m.exec(text);
    if (section) {
      return { project, path: join(project.dir, section[2]!), source: `coverage.py ([${section[1]}] output in ${file})`, produce: `coverage run -m pytest && coverage ${section[1]}` };
    }
  }
  const all = [...texts.values()].join("\n");
  if (/(^|[^\w-])pytest-cov(?![\w])/im.test(all)) return { project, path: join(project.dir, "coverage.xml"), source: "pytest-cov (a dependency)", produce: "pytest --cov --cov-report=xml" };
  if (/(^|[^\w-])coverage(?:\[[^\]]*\])?\s*(?:[<>=~!]|["',\]]|$)/im.test(all) || /^\[tool\.coverage\./m.test(all)) {
    return { project, path: join(project.dir, "coverage.xml"), source: "coverage.py (a dependency)", produce: "coverage run -m pytest && coverage xml" };
  }
  return undefined;
}

/** Istanbul reporter → the file it writes inside the reports directory, in the order coverage-gate prefers them. */
const VITEST_REPORTS: [string, string][] = [
  ["lcov", "lcov.info"],
  ["json", "coverage-final.json"],
  ["cobertura", "cobertura-coverage.xml"],
  ["clover", "clover.xml"],
];

/**
 * Vitest: `coverage.reporter` and `coverage.reportsDirectory` in vite/vitest config
 * (defaults: text, html, clover and json into ./coverage), when vitest coverage is
 * configured or its provider is a dependency.
 */
export function vitestCoverage(project: Project, configs: ReadonlyMap<string, string>, dependencies: ReadonlySet<string>): CoverageReport | undefined {
  const provider = [...dependencies].some((name) => name.startsWith("@vitest/coverage-"));
  for (const [file, text] of configs) {
    const block = /\bcoverage\s*:\s*\{/.exec(text);
    if (!block) continue;
    const body = text.slice(block.index, block.index + 2000);
    const directory = /reportsDirectory\s*:\s*["'`]([^"'`]+)["'`]/.exec(body)?.[1] ?? "coverage";
    const reporterText = /reporter\s*:\s*(\[[^\]]*\]|["'`][^"'`]+["'`])/.exec(body)?.[1];
    const reporters = reporterText ? [...reporterText.matchAll(/["'`]([\w-]+)["'`]/g)].map((match) => match[1]!) : ["text", "html", "clover", "json"];
    const chosen = VITEST_REPORTS.find(([reporter]) => reporters.includes(reporter) || (reporter === "lcov" && reporters.includes("lcovonly")));
    if (!chosen) continue;
    return { project, path: join(project.dir, `${directory.replace(/\/$/, "")}/${chosen[1]}`), source: `vitest (coverage in ${file})`, produce: "vitest run --coverage" };
  }
  if (provider && dependencies.has("vitest")) {
    return { project, path: join(project.dir, "coverage/coverage-final.json"), source: "vitest (coverage provider installed, default reporters)", produce: "vitest run --coverage" };
  }
  return undefined;
}

/**
 * Jest: `coverageReporters` / `coverageDirectory` from jest.config.* or package.json#jest
 * (defaults: clover, json, lcov and text into ./coverage), when the project runs jest with
 * coverage (`--coverage` in a script, or coverage settings in its config).
 */
export function jestCoverage(project: Project, configs: ReadonlyMap<string, string>, scripts: readonly string[]): CoverageReport | undefined {
  const texts = [...configs.values()].join("\n");
  const configured = /\b(collectCoverage|coverageReporters|coverageDirectory)\b/.test(texts);
  if (!configured && !scripts.some((script) => /\bjest\b.*--coverage\b/.test(script))) return undefined;
  const directory = /coverageDirectory["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(texts)?.[1]?.replace(/^<rootDir>\//, "") ?? "coverage";
  const reporterText = /coverageReporters["']?\s*:\s*(\[[^\]]*\])/.exec(texts)?.[1];
  const reporters = reporterText ? [...reporterText.matchAll(/["'`]([\w-]+)["'`]/g)].map((match) => match[1]!) : ["clover", "json", "lcov", "text"];
  const chosen = VITEST_REPORTS.find(([reporter]) => reporters.includes(reporter) || (reporter === "lcov" && reporters.includes("lcovonly")));
  if (!chosen) return undefined;
  const source = [...configs.keys()].find((file) => /coverage/.test(configs.get(file)!)) ?? "a --coverage script";
  return { project, path: join(project.dir, `${directory.replace(/\/$/, "")}/${chosen[1]}`), source: `jest (coverage in ${source})`, produce: "jest --coverage" };
}
