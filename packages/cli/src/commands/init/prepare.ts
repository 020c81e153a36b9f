/**
 * The database preparation a project runs before its tests — migrations, a prestart script —
 * found where the repository itself runs it: a step of its own CI workflows before the tests,
 * a line of its test scripts, or an npm `pretest` script. Pure: scan.ts hands in the texts.
 * Init never invents a migration: a repository that does not run one before its tests gets none.
 */
import { parse } from "yaml";
import type { Project } from "./model.js";

/** Commands that prepare a database: migrations and the prestart scripts that wrap them. */
const PREPARES = /(^|[\s/])(prestart\.sh|alembic\s+upgrade|manage\.py\s+migrate|aerich\s+upgrade|flask\s+db\s+upgrade|prisma\s+migrate\s+deploy|knex\s+migrate:latest|sequelize(-cli)?\s+db:migrate|typeorm\s+migration:run|node-pg-migrate\s+up)\b/;

/** A step that runs the tests. */
const RUNS_TESTS = /\b(pytest|tests?|jest|vitest|mocha|coverage|tests-start\.sh)\b/;

export interface PrepareStep {
  project: Project;
  /** The shell line CI runs in the project's folder. */
  command: string;
  /** Where the repository runs it, e.g. `.github/workflows/test-backend.yml` (step "Migrate DB"). */
  from: string;
}

/** How a Python project's tool runs a command in its environment (`uv sync` installs into .venv, not onto PATH). */
const PYTHON_RUN_PREFIX: Readonly<Record<string, string>> = { uv: "uv run ", poetry: "poetry run ", pipenv: "pipenv run " };

/**
 * A preparation line as CI runs it: through the project's tool, unless it already is. The repository may
 * have run it in an activated virtualenv (`source .venv/bin/activate` a line before) that CI does not have.
 */
export function throughTool(project: Project, line: string): string {
  const prefix = project.language === "python" ? (PYTHON_RUN_PREFIX[project.tool] ?? "") : "";
  return line.startsWith(prefix) ? line : `${prefix}${line}`;
}

function projectAt(dir: string, projects: readonly Project[]): Project | undefined {
  const clean = dir.replace(/^\.\/|\/$/g, "") || ".";
  return projects.find((project) => project.dir === clean);
}

/**
 * Lines of the repository's own workflow steps that prepare a database, with the step's
 * working directory. Lines using `${{ }}` are left out (copying an expression into another
 * workflow's shell is how template injection starts), and so are lines that go through
 * docker: the generated job runs the app on the runner, beside its services.
 */
export function workflowPrepares(workflows: ReadonlyMap<string, string>, projects: readonly Project[]): PrepareStep[] {
  const found: PrepareStep[] = [];
  for (const [file, text] of workflows) {
    let document: unknown;
    try {
      document = parse(text);
    } catch {
      continue;
    }
    const jobs = (document as { jobs?: Record<string, unknown> } | null)?.jobs;
    if (!jobs || typeof jobs !== "object") continue;
    for (const job of Object.values(jobs)) {
      const spec = (job ?? {}) as { steps?: unknown; defaults?: { run?: { "working-directory"?: unknown } } };
      const jobDir = spec.defaults?.run?.["working-directory"];
      const steps = (Array.isArray(spec.steps) ? spec.steps : []) as { run?: unknown; name?: unknown; "working-directory"?: unknown }[];
      // Only a job that runs tests after it counts: a deploy job migrates production, not a test database.
      const testsAfter = (index: number) => steps.slice(index + 1).some((later) => typeof later?.run === "string" && RUNS_TESTS.test(later.run));
      for (const [index, step] of steps.entries()) {
        const { run, name } = step ?? {};
        if (typeof run !== "string" || !testsAfter(index)) continue;
        const dir = (step as { "working-directory"?: unknown })["working-directory"] ?? jobDir ?? ".";
        const project = typeof dir === "string" ? projectAt(dir, projects) : undefined;
        if (!project) continue;
        for (const line of run.split("\n").map((part) => part.trim())) {
          if (!PREPARES.test(line) || line.includes("${{") || /\bdocker\b/.test(line) || line.startsWith("#")) continue;
          found.push({ project, command: throughTool(project, line), from: `${file}${typeof name === "string" ? ` (step "${name}")` : ""}` });
        }
      }
    }
  }
  return found;
}

/** Test scripts (`scripts/test.sh`, `tests-start.sh`) that prepare a database: the line, run through the project's tool. */
export function scriptPrepares(scripts: ReadonlyMap<string, string>, projects: readonly Project[]): PrepareStep[] {
  const found: PrepareStep[] = [];
  for (const [file, text] of scripts) {
    const project = [...projects].sort((a, b) => b.dir.length - a.dir.length).find((candidate) => candidate.dir === "." || file.startsWith(`${candidate.dir}/`));
    if (!project) continue;
    text.split("\n").forEach((raw, index) => {
      const line = raw.trim();
      if (!PREPARES.test(line) || line.startsWith("#") || line.includes("$") || /\bdocker\b/.test(line)) return;
      found.push({ project, command: throughTool(project, line), from: `${file}:${index + 1}` });
    });
  }
  return found;
}

/** An npm `pretest` script that migrates: CI runs it as the project's tool runs scripts. */
export function pretestPrepare(project: Project, scripts: Readonly<Record<string, string>>, manifest: string): PrepareStep | undefined {
  const pretest = scripts.pretest;
  if (!pretest || !PREPARES.test(pretest)) return undefined;
  const run = { npm: "npm run", pnpm: "pnpm run", yarn: "yarn run", bun: "bun run" }[project.tool as "npm"] ?? "npm run";
  return { project, command: `${run} pretest`, from: `${manifest} (scripts.pretest)` };
}

/** One step per command and project, first source first; a workflow's line wins over the same line in a script. */
export function uniquePrepares(steps: readonly PrepareStep[]): PrepareStep[] {
  const seen = new Set<string>();
  const normalised = (step: PrepareStep) => `${step.project.dir}\u0000${step.command}`;
  return steps.filter((step) => {
    const key = normalised(step);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
