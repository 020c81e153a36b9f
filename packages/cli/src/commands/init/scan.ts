/**
 * The reading half of `init`: list the repository's files, read the manifests,
 * configs, env files and sources detection needs, and hand pure functions the
 * texts. Every unreadable or malformed input is an InputError naming the file.
 */
import { basename } from "node:path";
import { listNames } from "../../io/dir.js";
import { readTextFile, resolveFrom } from "../../io/fs.js";
import { runGit } from "../../io/git-stream.js";
import { listRepoFiles } from "../../io/repo-files.js";
import { SKIPPED_DIRECTORIES } from "../../io/walk.js";
import type { SecretDetector } from "../env-validate/analyse.js";
import type { VariableRead } from "../env-validate/drift.js";
import { PLATFORM_VARIABLES, codeReads } from "../env-validate/index.js";
import { parseEnvExample, parseEnvFile } from "../env-validate/parse.js";
import { jestCoverage, pythonCoverage, vitestCoverage } from "./coverage.js";
import type { CoverageReport, Detection, EnvExamplePlan, EnvFileEntry, FastApiApp, Project, VariableFacts } from "./model.js";
import { codeDirsOf, detectProjects, lockfileCandidates, manifestCandidates, parsePackageJson } from "./projects.js";
import { declareVariable } from "./variables.js";
import { pretestPrepare, scriptPrepares, uniquePrepares, workflowPrepares } from "./prepare.js";
import { dependencyNames, detectServices, kindOfImage, parseCompose, resolveImage, type ComposeService, type ProjectEvidence } from "./services.js";

/** Env files that hold values (not the documented templates). */
const ENV_FILE = /^\.env(\.[\w.-]+)?$/;
const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults)$/;
const SPEC_FILE = /(^|\/)(openapi|swagger)\.(json|ya?ml)$/;
/** Folders whose Python is not the app's configuration reads: every walk's skips, plus tests and migrations. */
const SKIPPED_SOURCE_DIRS = new Set([...SKIPPED_DIRECTORIES, "test", "tests", "__tests__", "migrations", "alembic"]);
const inSkippedDir = (file: string) => file.split("/").slice(0, -1).some((part) => SKIPPED_SOURCE_DIRS.has(part));

function inDir(dir: string, file: string): boolean {
  return dir === "." || file.startsWith(`${dir}/`);
}

function joinPath(dir: string, name: string): string {
  return dir === "." ? name : `${dir}/${name}`;
}

/** Normalise "backend/../.env" → ".env" (paths stay inside the repository or are dropped). */
function normalise(path: string): string | undefined {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length ? parts.join("/") : ".";
}

function dirOf(path: string): string {
  const index = path.lastIndexOf("/");
  return index === -1 ? "." : path.slice(0, index);
}

async function readAll(root: string, paths: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const path of paths) texts.set(path, await readTextFile(resolveFrom(root, path), path));
  return texts;
}

/** The repository's default branch: origin/HEAD's target, else the current branch, else main. */
export async function defaultBranch(root: string): Promise<string> {
  const tryGit = async (args: string[]) => {
    try {
      return (await runGit(root, args, "git")).toString("utf8").trim();
    } catch {
      return "";
    }
  };
  const remote = await tryGit(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]);
  if (remote.startsWith("refs/remotes/origin/")) return remote.slice("refs/remotes/origin/".length);
  const current = await tryGit(["symbolic-ref", "--quiet", "--short", "HEAD"]);
  return current || "main";
}

/** `app = FastAPI(` in the project's modules, preferring main.py / app.py / api.py near the top. */
function findFastApi(project: Project, sources: ReadonlyMap<string, string>): FastApiApp | undefined {
  const found: FastApiApp[] = [];
  for (const [file, text] of sources) {
    if (!inDir(project.dir, file) || !file.endsWith(".py")) continue;
    const match = /^([A-Za-z_]\w*)\s*(?::\s*FastAPI\s*)?=\s*FastAPI\s*\(/m.exec(text);
    if (!match) continue;
    const relative = project.dir === "." ? file : file.slice(project.dir.length + 1);
    const module = relative.replace(/^src\//, "").replace(/(\/__init__)?\.py$/, "").split("/").join(".");
    found.push({ project, file, module, variable: match[1]! });
  }
  const rank = (app: FastApiApp) => (/(^|\/)(main|app|api|server)\.py$/.test(app.file) ? 0 : 1) * 100 + app.file.split("/").length;
  return found.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file))[0];
}

/** The first `FastAPI(` call that is not a module-level assignment (an app factory), for the config comment. */
function findFactory(project: Project, sources: ReadonlyMap<string, string>): { file: string; line: number } | undefined {
  for (const [file, text] of sources) {
    if (!inDir(project.dir, file)) continue;
    const match = /^[ \t]+\w+\s*(?::\s*FastAPI\s*)?=\s*FastAPI\s*\(/m.exec(text);
    if (match) return { file, line: text.slice(0, match.index).split("\n").length };
  }
  return undefined;
}

/** Files pydantic-settings loads, from `env_file=".env"` / `env_file=("../.env", …)`, relative to the project. */
function settingsEnvFiles(project: Project, sources: ReadonlyMap<string, string>): string[] {
  const files: string[] = [];
  for (const [file, text] of sources) {
    if (!inDir(project.dir, file) || !text.includes("env_file")) continue;
    for (const match of text.matchAll(/env_file\s*=\s*(\([^)]*\)|\[[^\]]*\]|["'][^"']+["'])/g)) {
      for (const quoted of match[1]!.matchAll(/["']([^"']+)["']/g)) {
        const path = normalise(joinPath(project.dir, quoted[1]!));
        if (path && !files.includes(path)) files.push(path);
      }
    }
  }
  return files;
}

/** `.env`, `.env.local`, `.env.development`… in a folder (gitignored, so read from disk, not from git). */
async function envFilesIn(root: string, dir: string): Promise<string[]> {
  const names = await listNames(resolveFrom(root, dir));
  return names.filter((name) => ENV_FILE.test(name) && !ENV_TEMPLATE.test(name)).sort((a, b) => a.length - b.length || a.localeCompare(b)).map((name) => joinPath(dir, name));
}

/**
 * Each KEY=value of an env file with the comment lines directly above it — unless
 * another key follows at once: then the comment heads a group ("# Postgres") and
 * describes none of them alone.
 */
export function envEntries(text: string, file: string): EnvFileEntry[] {
  const lines = text.split(/\r?\n/);
  return parseEnvFile(text, file).map((entry) => {
    const comments: string[] = [];
    const next = lines[entry.line]?.trim() ?? "";
    const heading = /^(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=/.test(next);
    for (let index = entry.line - 2; !heading && index >= 0 && lines[index]!.trim().startsWith("#"); index--) comments.unshift(lines[index]!.trim().replace(/^#+\s?/, ""));
    return { ...entry, file, comments };
  });
}

/** Docker compose files docker reads `.env` for: `${NAME}` / `${NAME:-default}` uses, by name, first use first. */
export function composeUses(texts: ReadonlyMap<string, string>): Map<string, { file: string; line: number }[]> {
  const uses = new Map<string, { file: string; line: number }[]>();
  for (const [file, text] of texts) {
    text.split("\n").forEach((line, index) => {
      for (const match of line.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}/g)) uses.set(match[1]!, [...(uses.get(match[1]!) ?? []), { file, line: index + 1 }]);
    });
  }
  return uses;
}

const COMPOSE_FILE = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

/** Facts per variable, in the order a reader meets them: env files first, then code. */
export function collectFacts(entries: readonly EnvFileEntry[], reads: readonly VariableRead[], compose: ReadonlyMap<string, { file: string; line: number }[]> = new Map()): VariableFacts[] {
  const facts = new Map<string, VariableFacts>();
  const get = (name: string) => facts.get(name) ?? facts.set(name, { name, entries: [], reads: [] }).get(name)!;
  for (const entry of entries) get(entry.name).entries.push(entry);
  const platform = new Set(PLATFORM_VARIABLES);
  for (const read of reads) if (!platform.has(read.name) || facts.has(read.name)) get(read.name).reads.push(read);
  for (const fact of facts.values()) {
    const uses = compose.get(fact.name);
    if (uses) fact.composeUses = uses;
  }
  return [...facts.values()];
}

export interface Scan {
  detection: Detection;
  files: ReadonlySet<string>;
}

/** Read everything detection needs from the repository at `root`. */
export async function scanRepository(root: string, detectSecrets: SecretDetector): Promise<Scan> {
  const { files } = await listRepoFiles(root);
  const fileSet = new Set(files);
  const manifests = await readAll(root, manifestCandidates(files));
  const projects = detectProjects(files, manifests, await readAll(root, lockfileCandidates(files)));

  const pythonSources = files.filter((file) => file.endsWith(".py") && !inSkippedDir(file) && projects.some((project) => project.language === "python" && inDir(project.dir, file)));
  const sources = await readAll(root, pythonSources.slice(0, 2000));

  let fastapi: FastApiApp | undefined;
  let fastapiFactory: { file: string; line: number } | undefined;
  const coverage: CoverageReport[] = [];
  const envPlans = new Map<string, { projects: Project[]; code: string[]; envFiles: string[] }>();
  for (const project of projects) {
    if (project.frameworks.includes("fastapi")) {
      fastapi ??= findFastApi(project, sources);
      if (!fastapi) fastapiFactory ??= findFactory(project, sources);
    }
    const report = project.language === "python" ? await pythonReport(root, project, fileSet) : await nodeReport(root, project, fileSet, manifests);
    if (report && !coverage.some((known) => known.path === report.path)) coverage.push(report);

    const own = await envFilesIn(root, project.dir);
    const referenced = project.language === "python" ? settingsEnvFiles(project, sources) : [];
    const envFiles = [...new Set([...own, ...(await existing(root, referenced))])];
    const elsewhere = [...new Set(envFiles.map(dirOf))];
    // The example sits beside the env file it documents (pydantic's env_file="../.env" → the root).
    const exampleDir = own.length === 0 && elsewhere.length === 1 ? elsewhere[0]! : project.dir;
    const example = joinPath(exampleDir, ".env.example");
    const plan = envPlans.get(example) ?? { projects: [], code: [], envFiles: [] };
    plan.projects.push(project);
    for (const dir of codeDirsOf(project, projects, files)) if (!plan.code.includes(dir)) plan.code.push(dir);
    for (const file of envFiles) if (!plan.envFiles.includes(file)) plan.envFiles.push(file);
    envPlans.set(example, plan);
  }

  // Compose files at the root read the root .env: they explain variables no code reads.
  const compose = composeUses(await readAll(root, files.filter((file) => !file.includes("/") && COMPOSE_FILE.test(file))));
  const envExamples: EnvExamplePlan[] = [];
  const seenByProject = new Map<Project, { entries: EnvFileEntry[]; reads: VariableRead[] }>();
  for (const [example, plan] of envPlans) {
    const entries: EnvFileEntry[] = [];
    for (const file of plan.envFiles) entries.push(...envEntries(await readTextFile(resolveFrom(root, file), file), file));
    // An existing example's own names and values say what its variables are (JWT_SECRET, PORT=3000) even when
    // no .env or read is found, so its unannotated keys can still gain @secret / @type=.
    const exampleText = await readIfPresent(root, example);
    if (exampleText !== undefined) entries.push(...parseEnvExample(exampleText, example).map(({ name, exampleValue, source }) => ({ name, value: exampleValue, file: example, line: source.line ?? 0, comments: [] })));
    const reads = plan.code.length ? await codeReads(root, plan.code) : [];
    for (const project of plan.projects) seenByProject.set(project, { entries, reads });
    const facts = collectFacts(entries, reads, dirOf(example) === "." ? compose : new Map());
    // Nothing to document and no example yet: no file. An example that exists is still configured.
    if (facts.length === 0 && exampleText === undefined) continue;
    envExamples.push({ example, code: plan.code, projects: plan.projects, variables: facts.map((fact) => declareVariable(fact, detectSecrets)) });
  }

  const committedSpec = files.filter((file) => SPEC_FILE.test(file) && !/(^|\/)(node_modules|tests?|fixtures|examples?|docs?)\//.test(file)).sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b))[0];
  const consumers = projects
    .filter((project) => project.frameworks.some((framework) => framework === "vite" || framework === "next"))
    .map((project) => (files.some((file) => file.startsWith(`${joinPath(project.dir, "src")}/`)) ? joinPath(project.dir, "src") : project.dir));
  const versionFile = fastapi && [joinPath(fastapi.project.dir, ".python-version"), ".python-version"].find((path) => fileSet.has(path));
  const detection: Detection = {
    name: basename(root),
    projects,
    ...(fastapi ? { fastapi } : {}),
    ...(fastapiFactory ? { fastapiFactory } : {}),
    ...(committedSpec ? { committedSpec } : {}),
    coverage,
    consumers,
    envExamples,
    defaultBranch: await defaultBranch(root),
    ...(versionFile ? { pythonVersionFile: versionFile } : {}),
    ...(await servicesFor(root, files, projects, manifests, seenByProject)),
  };
  return { detection, files: fileSet };
}

/** Compose files at the root and in each project's folder. */
const inComposeScope = (file: string, projects: readonly Project[]) => COMPOSE_FILE.test(basename(file)) && projects.some((project) => project.dir === dirOf(file)) || (!file.includes("/") && COMPOSE_FILE.test(file));
const TEST_SCRIPT = /(^|\/)[^/]*tests?[^/]*\.sh$/;
const TEST_ENV_FILE = /(^|\/)\.env\.test(ing)?$/;

/**
 * The services the projects' tests need and the database preparation the repository runs
 * before them (see services.ts, prepare.ts): compose files and the Dockerfiles they build,
 * each project's dependencies, env values and reads, test configuration, workflows, test scripts.
 */
async function servicesFor(
  root: string,
  files: readonly string[],
  projects: readonly Project[],
  manifests: ReadonlyMap<string, string>,
  seen: ReadonlyMap<Project, { entries: EnvFileEntry[]; reads: VariableRead[] }>,
): Promise<Pick<Detection, "services" | "skippedServices" | "prepares">> {
  const composeServices = parseCompose(await readAll(root, files.filter((file) => inComposeScope(file, projects))));
  if (composeServices.length === 0 && projects.every((project) => !seen.has(project))) return {};
  const fileSet = new Set(files);
  const dockerfiles = await readAll(root, [...new Set(composeServices.flatMap((service) => (service.dockerfile && fileSet.has(service.dockerfile) ? [service.dockerfile] : [])))]);
  // The app's own services in compose (built from the repository, or an image of no known kind) say how it reaches the others.
  const appServices = composeServices.filter((service: ComposeService) => {
    const resolved = resolveImage(service, dockerfiles);
    return !(resolved && kindOfImage(resolved.image));
  });
  // The root env files docker compose reads describe the stack every project runs in, also when a project's
  // settings do not name them (its own env files come first).
  const rootEntries: EnvFileEntry[] = [];
  for (const file of await envFilesIn(root, ".")) rootEntries.push(...envEntries(await readTextFile(resolveFrom(root, file), file), file));
  const rootExample = await readIfPresent(root, ".env.example");
  if (rootExample !== undefined) rootEntries.push(...parseEnvExample(rootExample, ".env.example").map(({ name, exampleValue, source }) => ({ name, value: exampleValue, file: ".env.example", line: source.line ?? 0, comments: [] })));
  const evidence: ProjectEvidence[] = [];
  for (const project of projects) {
    const variables = new Map<string, { value: string; from: string }>();
    const entries = [...(seen.get(project)?.entries ?? []), ...rootEntries];
    for (const entry of entries) if (!variables.has(entry.name) && !entry.file.endsWith(".example")) variables.set(entry.name, { value: entry.value, from: `${entry.file}:${entry.line}` });
    for (const entry of entries) if (!variables.has(entry.name)) variables.set(entry.name, { value: entry.value, from: entry.file });
    for (const service of appServices) for (const [name, value] of Object.entries(service.environment)) if (!variables.has(name)) variables.set(name, { value, from: `${service.name} in ${service.at}` });
    const own = (file: string) => project.dir === "." || file.startsWith(`${project.dir}/`);
    const testFiles = files.filter((file) => own(file) && (/(^|\/)conftest\.py$/.test(file) || /(^|\/)pytest\.ini$/.test(file) || TEST_ENV_FILE.test(file)));
    const testConfig = await readAll(root, testFiles.slice(0, 50));
    const pyproject = manifests.get(joinPath(project.dir, "pyproject.toml"));
    const pytestSection = pyproject && /^\[tool\.pytest[^\]]*\][\s\S]*?(?=^\[|(?![\s\S]))/m.exec(pyproject)?.[0];
    if (pytestSection) testConfig.set(joinPath(project.dir, "pyproject.toml"), pytestSection);
    const projectManifests = new Map([...manifests].filter(([path]) => dirOf(path) === project.dir));
    evidence.push({ project, dependencies: dependencyNames(projectManifests), variables, readNames: [...new Set((seen.get(project)?.reads ?? []).map((read) => read.name))], testConfig });
  }
  const { services, skipped } = detectServices(composeServices, dockerfiles, evidence);
  if (services.length === 0) return skipped.length ? { skippedServices: skipped } : {};

  const workflows = await readAll(root, files.filter((file) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(file) && !file.endsWith("/crm-devex.yml")));
  const scripts = await readAll(root, files.filter((file) => TEST_SCRIPT.test(file) && projects.some((project) => project.dir !== "." && file.startsWith(`${project.dir}/`))).slice(0, 20));
  const tested = services.flatMap((service) => service.projects);
  const prepares = [...workflowPrepares(workflows, tested), ...scriptPrepares(scripts, tested)];
  for (const project of tested.filter((project) => project.language !== "python")) {
    const pkg = parsePackageJson(manifests.get(project.manifests[0]!)!, project.manifests[0]!);
    const step = pretestPrepare(project, pkg.scripts ?? {}, project.manifests[0]!);
    if (step) prepares.push(step);
  }
  const unique = uniquePrepares(prepares);
  return { services, ...(skipped.length ? { skippedServices: skipped } : {}), ...(unique.length ? { prepares: unique } : {}) };
}

async function readIfPresent(root: string, path: string): Promise<string | undefined> {
  return (await existing(root, [path])).length ? readTextFile(resolveFrom(root, path), path) : undefined;
}

async function existing(root: string, paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const names = await listNames(resolveFrom(root, dirOf(path)));
    if (names.includes(basename(path))) found.push(path);
  }
  return found;
}

const PYTHON_COVERAGE_FILES = ["pyproject.toml", "pytest.ini", "setup.cfg", "tox.ini", ".coveragerc", "requirements.txt", "requirements-dev.txt", "requirements-test.txt", "Pipfile"];

async function pythonReport(root: string, project: Project, files: ReadonlySet<string>): Promise<CoverageReport | undefined> {
  const paths = PYTHON_COVERAGE_FILES.map((name) => joinPath(project.dir, name)).filter((path) => files.has(path));
  return pythonCoverage(project, await readAll(root, paths));
}

async function nodeReport(root: string, project: Project, files: ReadonlySet<string>, manifests: ReadonlyMap<string, string>): Promise<CoverageReport | undefined> {
  const manifest = project.manifests[0]!;
  const pkg = parsePackageJson(manifests.get(manifest)!, manifest);
  const dependencies = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }));
  if (dependencies.has("jest")) {
    const configs = await readAll(root, [...files].filter((file) => dirOf(file) === project.dir && /^jest\.config\.[cm]?[jt]s(on)?$/.test(basename(file))));
    const inPackage = (pkg as { jest?: unknown }).jest;
    if (inPackage !== undefined) configs.set(manifest, JSON.stringify(inPackage));
    const report = jestCoverage(project, configs, Object.values(pkg.scripts ?? {}));
    if (report) return report;
  }
  if (!dependencies.has("vitest")) return undefined;
  const configs = [...files].filter((file) => dirOf(file) === project.dir && /^vite(st)?\.config\.[cm]?[jt]s$/.test(basename(file)));
  return vitestCoverage(project, await readAll(root, configs), dependencies);
}
