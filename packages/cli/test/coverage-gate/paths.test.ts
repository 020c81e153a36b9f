/** Path mapping from report paths to repo files: one table row per way reports get paths wrong. */
import { describe, expect, test } from "vitest";
import { PathMapper, parsePathMap } from "../../src/commands/coverage-gate/paths.js";

const repoFiles = [
  "examples/crm/backend/app/auth/service.py",
  "examples/crm/backend/app/payments/service.py",
  "examples/crm/frontend/src/components/List.tsx",
  "examples/crm/frontend/src/main.tsx",
  "packages/cli/src/main.ts",
  "pkg/pay/pay.go",
];

const mapper = new PathMapper({
  cwd: "/work/repo",
  repoFiles,
  gitTop: "/work/repo",
  workspace: "/home/runner/work/repo/repo",
  pathMaps: [{ from: "/app/", to: "examples/crm/backend/" }],
});

describe("PathMapper", () => {
  test.each([
    ["repo-relative path", "examples/crm/backend/app/auth/service.py", [], "examples/crm/backend/app/auth/service.py", "exact"],
    ["absolute path inside the working directory", "/work/repo/examples/crm/frontend/src/main.tsx", [], "examples/crm/frontend/src/main.tsx", "exact"],
    ["$GITHUB_WORKSPACE prefix from the CI run", "/home/runner/work/repo/repo/packages/cli/src/main.ts", [], "packages/cli/src/main.ts", "exact"],
    ["--path-map from a container path", "/app/app/payments/service.py", [], "examples/crm/backend/app/payments/service.py", "exact"],
    ["Cobertura <source> root + relative filename", "app/auth/service.py", ["/work/repo/examples/crm/backend"], "examples/crm/backend/app/auth/service.py", "exact"],
    ["sub-project LCOV relative to the sub-project", "src/components/List.tsx", [], "examples/crm/frontend/src/components/List.tsx", "suffix"],
    ["Windows separators and ./", ".\\src\\components\\List.tsx", [], "examples/crm/frontend/src/components/List.tsx", "suffix"],
    ["'..' segments are normalised", "/work/repo/examples/crm/frontend/../backend/app/auth/service.py", [], "examples/crm/backend/app/auth/service.py", "exact"],
    ["file:// URLs", "file:///work/repo/pkg/pay/pay.go", [], "pkg/pay/pay.go", "exact"],
    ["Go import path", "example.com/org/repo/pkg/pay/pay.go", [], "pkg/pay/pay.go", "suffix"],
    ["foreign absolute path from another machine", "/builds/x/repo/examples/crm/frontend/src/main.tsx", [], "examples/crm/frontend/src/main.tsx", "suffix"],
  ])("%s", (_name, reportPath, roots, expected, via) => {
    expect(mapper.map(reportPath, roots)).toEqual({ path: expected, via });
  });

  test("an ambiguous suffix maps to nothing and says which files it could be", () => {
    expect(mapper.map("service.py")).toEqual({ path: undefined, ambiguous: ["examples/crm/backend/app/auth/service.py", "examples/crm/backend/app/payments/service.py"] });
  });

  test("a relative path is tried under the report's folder and its parents first (two sub-projects, same layout)", () => {
    const twin = new PathMapper({ cwd: "/repo", repoFiles: ["api/app/auth/service.py", "admin/app/auth/service.py", "web/src/x.ts"], pathMaps: [] });
    expect(twin.map("app/auth/service.py", [], "admin")).toEqual({ path: "admin/app/auth/service.py", via: "exact" });
    expect(twin.map("app/auth/service.py", [], "api")).toEqual({ path: "api/app/auth/service.py", via: "exact" });
    expect(twin.map("src/x.ts", [], "web/coverage")).toEqual({ path: "web/src/x.ts", via: "exact" });
    expect(twin.map("app/auth/service.py", [], "")).toEqual({ path: undefined, ambiguous: ["api/app/auth/service.py", "admin/app/auth/service.py"] });
  });

  test("a Cobertura <source> from another machine still narrows an otherwise ambiguous suffix", () => {
    const twin = new PathMapper({ cwd: "/repo", repoFiles: ["backend/app/auth/service.py", "admin/app/auth/service.py"], pathMaps: [] });
    expect(twin.map("auth/service.py", ["/home/runner/work/crm/crm/backend/app"])).toEqual({ path: "backend/app/auth/service.py", via: "suffix" });
    expect(twin.map("auth/service.py", ["/elsewhere/app"])).toEqual({ path: undefined, ambiguous: ["backend/app/auth/service.py", "admin/app/auth/service.py"] });
  });

  test("a file the repo does not have maps to nothing", () => {
    expect(mapper.map("/usr/lib/python3/site-packages/pydantic/main.pyx")).toEqual({ path: undefined });
  });

  test("cwd below the git top level: top-level-relative paths are re-based onto cwd", () => {
    const sub = new PathMapper({ cwd: "/work/repo/examples/crm", repoFiles: ["backend/app/auth/service.py"], gitTop: "/work/repo", pathMaps: [] });
    expect(sub.map("examples/crm/backend/app/auth/service.py")).toEqual({ path: "backend/app/auth/service.py", via: "exact" });
    expect(sub.map("/work/repo/examples/crm/backend/app/auth/service.py")).toEqual({ path: "backend/app/auth/service.py", via: "exact" });
  });

  test.each([
    ["/app/=src/", { from: "/app/", to: "src/" }],
    ["C:/build=", { from: "C:/build", to: "" }],
    ["=x", undefined],
    ["nothing", undefined],
  ])("parsePathMap(%j)", (text, expected) => {
    expect(parsePathMap(text)).toEqual(expected);
  });
});
