/**
 * Which applications a repository holds, from its file list and manifests. Pure:
 * the caller reads the manifests. A folder is a project when it has a manifest and
 * either a known framework or its own source; tooling-only roots (an npm or uv
 * workspace root) are not.
 */
import { InputError } from "../../kernel/errors.js";
import type { Framework, NodeTool, Project, PythonTool } from "./model.js";

/** Manifests looked for, by language. */
export const PYTHON_MANIFESTS = ["pyproject.toml", "requirements.txt", "setup.py", "setup.cfg", "Pipfile", "manage.py"];
export const NODE_MANIFESTS = ["package.json"];

/** Folders whose manifests belong to something other than the product (dependencies, fixtures, docs). */
const IGNORED_FOLDERS = /(^|\/)(node_modules|\.venv|venv|vendor|dist|build|tests?|__tests__|__fixtures__|fixtures|docs?|examples?|e2e|\.[^/]+)\//;

/** How deep a project may sit: the root, backend/, apps/web/. */
const MAX_DEPTH = 2;

function dirOf(path: string): string {
  const index = path.lastIndexOf("/");
  return index === -1 ? "." : path.slice(0, index);
}

function depth(dir: string): number {
  return dir === "." ? 0 : dir.split("/").length;
}

function join(dir: string, name: string): string {
  return dir === "." ? name : `${dir}/${name}`;
}

/** Manifest paths worth reading: known names, shallow, outside dependency and fixture folders. */
export function manifestCandidates(files: readonly string[]): string[] {
  const names = new Set([...PYTHON_MANIFESTS, ...NODE_MANIFESTS, "requirements-dev.txt"]);
  return files.filter((file) => {
    const name = file.slice(file.lastIndexOf("/") + 1);
    const dir = dirOf(file);
    return (names.has(name) || /^requirements[-\w]*\.txt$/.test(name)) && depth(dir) <= MAX_DEPTH && !IGNORED_FOLDERS.test(`${file}`);
  });
}

/** yarn.lock paths worth reading (where manifests are): a Yarn 2+ lockfile starts with `__metadata:`, Yarn 1's does not. */
export function lockfileCandidates(files: readonly string[]): string[] {
  return files.filter((file) => file.slice(file.lastIndexOf("/") + 1) === "yarn.lock" && depth(dirOf(file)) <= MAX_DEPTH && !IGNORED_FOLDERS.test(file));
}

const PYTHON_FRAMEWORKS: { framework: Framework; pattern: RegExp }[] = [
  { framework: "fastapi", pattern: /(^|[^\w-])fastapi(?![\w])/im },
  { framework: "django", pattern: /(^|[^\w-])django(?![\w])/im },
  { framework: "flask", pattern: /(^|[^\w-])flask(?![\w])/im },
];
const NODE_FRAMEWORKS: Framework[] = ["next", "vite", "express"];

function lockIn(files: ReadonlySet<string>, dir: string, names: string[]): boolean {
  // A lock file may sit in the project or in any folder above it (workspaces).
  for (let current = dir; ; current = dirOf(current)) {
    if (names.some((name) => files.has(join(current, name)))) return true;
    if (current === ".") return false;
  }
}

function pythonTool(files: ReadonlySet<string>, dir: string): PythonTool {
  if (lockIn(files, dir, ["uv.lock"])) return "uv";
  if (lockIn(files, dir, ["poetry.lock"])) return "poetry";
  if (lockIn(files, dir, ["Pipfile.lock", "Pipfile"])) return "pipenv";
  return "pip";
}

export function nodeTool(files: ReadonlySet<string>, dir: string): NodeTool {
  if (lockIn(files, dir, ["pnpm-lock.yaml"])) return "pnpm";
  if (lockIn(files, dir, ["yarn.lock"])) return "yarn";
  if (lockIn(files, dir, ["bun.lock", "bun.lockb"])) return "bun";
  return "npm";
}

function hasSource(files: readonly string[], dir: string, extension: RegExp): boolean {
  const prefix = dir === "." ? "" : `${dir}/`;
  return files.some((file) => file.startsWith(prefix) && extension.test(file) && !IGNORED_FOLDERS.test(file.slice(prefix.length)));
}

interface PackageJson {
  packageManager?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: unknown;
  scripts?: Record<string, string>;
}

/** package.json parsed, or an InputError naming it. */
export function parsePackageJson(text: string, file: string): PackageJson {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("expected an object");
    return parsed as PackageJson;
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
  }
}

/** A pyproject.toml that only configures tools or a workspace declares no application. */
function pyprojectDeclaresProject(text: string): boolean {
  return /^\[(project|tool\.poetry)\]/m.test(text);
}

/**
 * Whether a yarn project uses Yarn 2 or later, from the project's folder or any folder above it (a workspace
 * root): a `packageManager` of yarn@2+, a lockfile with `__metadata:` (Yarn 1's starts `# yarn lockfile v1`),
 * or Yarn 2+'s `.yarnrc.yml`. Yarn 4 needs no `.yarnrc.yml`, so the file alone cannot say.
 */
function usesYarnBerry(files: ReadonlySet<string>, dir: string, manifests: ReadonlyMap<string, string>, lockfiles: ReadonlyMap<string, string>): boolean {
  for (let current = dir; ; current = dirOf(current)) {
    const manifest = manifests.get(join(current, "package.json"));
    const packageManager = manifest === undefined ? undefined : parsePackageJson(manifest, join(current, "package.json")).packageManager;
    const major = typeof packageManager === "string" ? /^yarn@(\d+)/.exec(packageManager)?.[1] : undefined;
    if (major !== undefined && Number(major) >= 2) return true;
    if (/^__metadata:/m.test(lockfiles.get(join(current, "yarn.lock")) ?? "")) return true;
    if (files.has(join(current, ".yarnrc.yml"))) return true;
    if (current === ".") return false;
  }
}

/**
 * The projects of a repository.
 *
 * @example
 * detectProjects(["backend/pyproject.toml", "frontend/package.json", …], manifests, yarnLockfiles)
 * // → [{ dir: "backend", language: "python", frameworks: ["fastapi"], … }, { dir: "frontend", … }]
 */
export function detectProjects(files: readonly string[], manifests: ReadonlyMap<string, string>, lockfiles: ReadonlyMap<string, string> = new Map()): Project[] {
  const fileSet = new Set(files);
  const byDir = new Map<string, string[]>();
  for (const path of manifests.keys()) byDir.set(dirOf(path), [...(byDir.get(dirOf(path)) ?? []), path]);
  const projects: Project[] = [];
  for (const [dir, paths] of [...byDir].sort(([a], [b]) => depth(a) - depth(b) || a.localeCompare(b))) {
    const python = paths.filter((path) => PYTHON_MANIFESTS.includes(path.slice(path.lastIndexOf("/") + 1)) || /requirements[-\w]*\.txt$/.test(path));
    const declaring = python.filter((path) => !path.endsWith("pyproject.toml") || pyprojectDeclaresProject(manifests.get(path)!));
    if (declaring.length) {
      const text = python.map((path) => manifests.get(path)!).join("\n");
      const frameworks = PYTHON_FRAMEWORKS.filter(({ pattern }) => pattern.test(text)).map(({ framework }) => framework);
      if (fileSet.has(join(dir, "manage.py")) && !frameworks.includes("django")) frameworks.push("django");
      if (frameworks.length || hasSource(files, dir, /\.py$/)) {
        projects.push({ dir, language: "python", frameworks, tool: pythonTool(fileSet, dir), manifests: python });
      }
    }
    const packagePath = paths.find((path) => path.endsWith("package.json"));
    if (packagePath) {
      const pkg = parsePackageJson(manifests.get(packagePath)!, packagePath);
      const deps = { ...pkg.dependencies, ...pkg.devDependencies };
      const frameworks = NODE_FRAMEWORKS.filter((name) => name in deps);
      const ownSource = pkg.workspaces === undefined && hasSource(files, dir, /\.[cm]?[jt]sx?$/) && Object.keys(deps).length > 0;
      if (frameworks.length || ownSource) {
        const typescript = "typescript" in deps || fileSet.has(join(dir, "tsconfig.json"));
        const tool = nodeTool(fileSet, dir);
        projects.push({
          dir,
          language: typescript ? "typescript" : "javascript",
          frameworks,
          tool,
          manifests: [packagePath],
          scripts: Object.keys(pkg.scripts ?? {}),
          ...(tool === "yarn" ? { yarnBerry: usesYarnBerry(fileSet, dir, manifests, lockfiles) } : {}),
        });
      }
    }
  }
  return projects;
}

/**
 * Source folders whose variable reads belong to `project`: the project folder,
 * except that a root project shares the tree with nested ones, so it gets its own
 * top-level folders only.
 */
export function codeDirsOf(project: Project, projects: readonly Project[], files: readonly string[]): string[] {
  if (project.dir !== ".") return [project.dir];
  const nested = projects.filter((other) => other.dir !== ".").map((other) => other.dir.split("/")[0]!);
  if (nested.length === 0) return ["."];
  const extension = project.language === "python" ? /\.py$/ : /\.[cm]?[jt]sx?$/;
  const tops = new Set<string>();
  for (const file of files) {
    const slash = file.indexOf("/");
    if (slash === -1 || !extension.test(file) || IGNORED_FOLDERS.test(file)) continue;
    const top = file.slice(0, slash);
    if (!nested.includes(top)) tops.add(top);
  }
  return [...tops].sort();
}
