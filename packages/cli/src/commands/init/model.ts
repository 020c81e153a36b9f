/** What `init` found in a repository and what it plans to write. Data only. */
import type { VariableRead } from "../env-validate/drift.js";
import type { ValueType } from "../env-validate/value-types.js";
import type { PrepareStep } from "./prepare.js";
import type { SkippedService, TestService } from "./services.js";

export type Framework = "fastapi" | "django" | "flask" | "express" | "next" | "vite";
export type Language = "python" | "typescript" | "javascript";
export type PythonTool = "uv" | "poetry" | "pipenv" | "pip";
export type NodeTool = "npm" | "pnpm" | "yarn" | "bun";

/** One application in the repository: the root, or a subfolder such as backend/ or frontend/. */
export interface Project {
  /** Folder relative to the repository root, with forward slashes; "." for the root. */
  dir: string;
  language: Language;
  frameworks: Framework[];
  /** How its dependencies are installed (decides the export command and the CI install step). */
  tool: PythonTool | NodeTool;
  /** Manifest files that made it a project, e.g. backend/pyproject.toml. */
  manifests: string[];
  /** package.json script names (the reusable CI workflow runs `typecheck`). */
  scripts?: string[];
  /**
   * Yarn 2+ ("berry"): CI enables corepack and installs with `--immutable`; Yarn 1 (what the runners ship)
   * takes `--frozen-lockfile`. Set only for yarn projects.
   */
  yarnBerry?: boolean;
}

/** The FastAPI application object, found by `app = FastAPI(` in a module. */
export interface FastApiApp {
  project: Project;
  /** The module's file, relative to the repository root. */
  file: string;
  /** Importable module path from the project folder, e.g. app.main. */
  module: string;
  /** The variable holding the app, e.g. app. */
  variable: string;
}

/** A coverage report the test tooling is configured to write, and why we think so. */
export interface CoverageReport {
  path: string;
  /** Where the path came from, e.g. "pytest-cov (--cov-report=xml in backend/pyproject.toml)". */
  source: string;
  /** The command that produces it, for the config comment. */
  produce: string;
  /** The project whose tests write it: CI runs `produce` there, with its tool, before the gate. */
  project?: Project;
}

/** One KEY=value of an env file, with the comment lines right above it. */
export interface EnvFileEntry {
  name: string;
  value: string;
  file: string;
  line: number;
  comments: string[];
}

/** Everything known about one variable before deciding how to document it. */
export interface VariableFacts {
  name: string;
  /** Entries in env files, in file order. Values are used to infer type and secrecy, never copied when secret. */
  entries: EnvFileEntry[];
  /** Where code reads it. */
  reads: VariableRead[];
  /** Where a docker compose file interpolates it (`${POSTGRES_PASSWORD}`), for variables no code reads. */
  composeUses?: { file: string; line: number }[];
}

/** A variable as the generated `.env.example` declares it. */
export interface ExampleVariable {
  name: string;
  /** Comment prose above the key (no annotations). */
  description: string[];
  secret: boolean;
  optional: boolean;
  type?: ValueType;
  /** The value the example shows: empty for secrets and anything that could be one. */
  value: string;
}

/** One `.env.example` and the projects whose code it documents. */
export interface EnvExamplePlan {
  /** The example's path, relative to the repository root. */
  example: string;
  /** Source folders env-validate checks for drift, relative to the repository root. */
  code: string[];
  /** The projects it serves, for the header comment. */
  projects: Project[];
  variables: ExampleVariable[];
}

/** What detection found: the input of every renderer. */
export interface Detection {
  /** The repository folder's name, for comments. */
  name: string;
  projects: Project[];
  fastapi?: FastApiApp;
  /** Where a FastAPI app is built inside a function (a factory), when no module-level app exists to export. */
  fastapiFactory?: { file: string; line: number };
  /** A committed OpenAPI spec, if the repository has one. */
  committedSpec?: string;
  coverage: CoverageReport[];
  envExamples: EnvExamplePlan[];
  /** The branch pushes are gated on (origin/HEAD, else the current branch). */
  defaultBranch: string;
  /** A .python-version file CI can read, if any. */
  pythonVersionFile?: string;
  /** Client source folders of the web frontends (their src/ when they have one), for contract-diff's call sites. */
  consumers: string[];
  /** Services (PostgreSQL, Redis…) the projects' tests need in CI, from compose files, env files and dependencies. */
  services?: TestService[];
  /** Compose services of a known kind the tests do not need, and why (for the workflow's comment). */
  skippedServices?: SkippedService[];
  /** Migrations and prestart scripts the repository runs before its tests. */
  prepares?: PrepareStep[];
}

/** One file `init` would create or change. */
export interface FileChange {
  /** Relative to the repository root. */
  path: string;
  before: string | undefined;
  after: string;
  /** Why this file, in a few words ("config", "env example for backend/"). */
  purpose: string;
  /** An existing file left alone, with the reason (e.g. "exists; not overwritten"). */
  kept?: string;
}
