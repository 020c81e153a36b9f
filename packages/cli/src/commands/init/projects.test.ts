import { describe, expect, it } from "vitest";
import { codeDirsOf, detectProjects, manifestCandidates } from "./projects.js";

/** Detect over an inline tree: path → content (manifests are read from it, other files only listed). */
function detect(tree: Record<string, string>) {
  const files = Object.keys(tree).sort();
  const manifests = new Map(manifestCandidates(files).map((path) => [path, tree[path]!]));
  return detectProjects(files, manifests).map(({ dir, language, frameworks, tool }) => ({ dir, language, frameworks, tool }));
}

describe("detectProjects", () => {
  it.each([
    [
      "Django by manage.py, pip",
      { "manage.py": "", "requirements.txt": "Django==5.1\ndjangorestframework==3.15\n", "shop/models.py": "" },
      [{ dir: ".", language: "python", frameworks: ["django"], tool: "pip" }],
    ],
    [
      "Flask with poetry",
      { "pyproject.toml": '[tool.poetry]\nname = "api"\n[tool.poetry.dependencies]\nflask = "^3.0"\n', "poetry.lock": "", "api/app.py": "" },
      [{ dir: ".", language: "python", frameworks: ["flask"], tool: "poetry" }],
    ],
    [
      "FastAPI backend in a uv workspace, Vite frontend with bun; the workspace roots are no projects",
      {
        "pyproject.toml": "[tool.uv.workspace]\nmembers = [\"backend\"]\n",
        "uv.lock": "",
        "package.json": JSON.stringify({ workspaces: ["frontend"] }),
        "bun.lock": "",
        "backend/pyproject.toml": '[project]\nname = "app"\ndependencies = ["fastapi[standard]>=0.114"]\n',
        "backend/app/main.py": "",
        "frontend/package.json": JSON.stringify({ devDependencies: { vite: "^7", typescript: "~5.9" } }),
        "frontend/src/main.tsx": "",
      },
      [
        { dir: "backend", language: "python", frameworks: ["fastapi"], tool: "uv" },
        { dir: "frontend", language: "typescript", frameworks: ["vite"], tool: "bun" },
      ],
    ],
    [
      "Next.js with pnpm, TypeScript by tsconfig",
      { "package.json": JSON.stringify({ dependencies: { next: "^15", react: "^19" } }), "pnpm-lock.yaml": "", "tsconfig.json": "{}", "app/page.tsx": "" },
      [{ dir: ".", language: "typescript", frameworks: ["next"], tool: "pnpm" }],
    ],
    [
      "Express API under apps/, yarn at the root",
      { "yarn.lock": "", "apps/api/package.json": JSON.stringify({ dependencies: { express: "^5" } }), "apps/api/src/index.js": "" },
      [{ dir: "apps/api", language: "javascript", frameworks: ["express"], tool: "yarn" }],
    ],
    [
      "manifests in tests, docs, examples and node_modules are not the product",
      {
        "tests/fixtures/app/package.json": JSON.stringify({ dependencies: { express: "^5" } }),
        "examples/demo/requirements.txt": "flask\n",
        "node_modules/vite/package.json": JSON.stringify({ dependencies: { esbuild: "*" } }),
        "docs/package.json": JSON.stringify({ dependencies: { next: "^15" } }),
      },
      [],
    ],
    [
      "a package.json for tooling only (no framework, no source of its own) is no project",
      { "package.json": JSON.stringify({ devDependencies: { prettier: "^3" } }), "requirements.txt": "fastapi\n", "main.py": "" },
      [{ dir: ".", language: "python", frameworks: ["fastapi"], tool: "pip" }],
    ],
  ])("%s", (_name, tree, expected) => expect(detect(tree)).toEqual(expected));

  it("names a malformed package.json", () => {
    expect(() => detect({ "package.json": "{ nope" })).toThrow(/package\.json: not valid JSON/);
  });
});

describe("codeDirsOf", () => {
  it("gives a root project its own top-level folders when other projects live below it", () => {
    const tree = { "package.json": JSON.stringify({ dependencies: { express: "^5" } }), "server/index.js": "", "lib/db.js": "", "web/package.json": JSON.stringify({ devDependencies: { vite: "^7" } }), "web/src/main.js": "" };
    const files = Object.keys(tree).sort();
    const projects = detectProjects(files, new Map(manifestCandidates(files).map((path) => [path, tree[path as keyof typeof tree]])));
    expect(codeDirsOf(projects.find((project) => project.dir === ".")!, projects, files)).toEqual(["lib", "server"]);
    expect(codeDirsOf(projects.find((project) => project.dir === "web")!, projects, files)).toEqual(["web"]);
  });
});
