/**
 * `.github/workflows/crm-devex.yml`. A repository laid out the way the reusable CI
 * workflow expects (a pip backend with requirements.txt and requirements-dev.txt, an
 * npm Vite frontend with a typecheck script) calls it; any other calls the root
 * action, which runs `crm-devex check` — a workflow whose steps cannot run in the
 * repository would be a red build nobody can fix.
 */
import { pinnedUses } from "./action-pins.js";
import type { CoverageReport, Detection, Project } from "./model.js";
import type { TestService } from "./services.js";

// Third-party actions by commit SHA (zizmor's policy), from the table our own workflows are checked against.
const CHECKOUT = pinnedUses("actions/checkout");
const SETUP_PYTHON = pinnedUses("actions/setup-python");
const SETUP_NODE = pinnedUses("actions/setup-node");
export const REUSABLE_CI = "crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1";
export const CHECK_ACTION = "crm-devex/crm-devex@v1";

/** The projects the reusable CI workflow can build, or undefined when the layout differs. */
export function reusableLayout(detection: Detection, files: ReadonlySet<string>): { backend: Project; frontend: Project } | undefined {
  const python = detection.projects.filter((project) => project.language === "python");
  const node = detection.projects.filter((project) => project.language !== "python");
  if (python.length !== 1 || node.length !== 1) return undefined;
  // The reusable workflow takes no services: tests that need a database run in the check job, beside its containers.
  if (detection.services?.length) return undefined;
  const [backend, frontend] = [python[0]!, node[0]!];
  const at = (project: Project, name: string) => files.has(project.dir === "." ? name : `${project.dir}/${name}`);
  if (backend.dir === "." || frontend.dir === "." || backend.tool !== "pip" || frontend.tool !== "npm") return undefined;
  if (!at(backend, "requirements.txt") || !at(backend, "requirements-dev.txt") || !at(frontend, "package-lock.json") || !frontend.frameworks.includes("vite")) return undefined;
  if (!frontend.scripts?.includes("typecheck")) return undefined;
  return { backend, frontend };
}

function installBackend(project: Project): string {
  switch (project.tool) {
    case "uv":
      return "python -m pip install --disable-pip-version-check --quiet uv && uv sync --frozen";
    case "poetry":
      return "python -m pip install --disable-pip-version-check --quiet poetry && poetry install --no-interaction";
    case "pipenv":
      return "python -m pip install --disable-pip-version-check --quiet pipenv && pipenv install --deploy";
    default:
      return "python -m pip install --disable-pip-version-check --quiet -r requirements.txt";
  }
}

/** Installing a project for its tests: the dev dependencies too (pytest-cov lives there). */
function installForTests(project: Project, files: ReadonlySet<string>): string {
  switch (project.tool) {
    case "uv":
    case "poetry":
      return installBackend(project); // both install the dev group by default
    case "pipenv":
      return "python -m pip install --disable-pip-version-check --quiet pipenv && pipenv install --deploy --dev";
    case "pip":
      return ["python -m pip install --disable-pip-version-check --quiet", ...PIP_REQUIREMENTS.filter((name) => files.has(projectFile(project, name))).map((name) => `-r ${name}`)].join(" ");
    case "pnpm":
      return "corepack enable && pnpm install --frozen-lockfile";
    case "yarn":
      // Yarn 1 rejects `--immutable`; its `--frozen-lockfile` keeps the install to the lockfile. Runners ship Yarn 1.
      return project.yarnBerry ? "corepack enable && yarn install --immutable" : "yarn install --frozen-lockfile";
    default:
      return "npm ci";
  }
}

/** The requirements files a pip project's tests install, in order. */
const PIP_REQUIREMENTS = ["requirements.txt", "requirements-dev.txt", "requirements-test.txt"];

function projectFile(project: Project, name: string): string {
  return project.dir === "." ? name : `${project.dir}/${name}`;
}

/**
 * Whether the generated CI can run the tests that write this report. Bun has no install
 * step that keeps to the lockfile without a third-party action we have not pinned, and a
 * pip project without requirements files gives no way to install pytest; such reports stay
 * commented out in the config rather than fail the first run "not checked". The reusable
 * workflow's layout runs both test suites itself.
 */
export function ciProduces(report: CoverageReport, detection: Detection, files: ReadonlySet<string>): boolean {
  if (reusableLayout(detection, files)) return true;
  const project = report.project;
  if (!project || project.tool === "bun") return false;
  return project.tool !== "pip" || PIP_REQUIREMENTS.some((name) => files.has(projectFile(project, name)));
}

const PYTHON_RUN = { uv: "uv run ", poetry: "poetry run ", pipenv: "pipenv run ", pip: "python -m " } as const;

/** The report's command, run through the project's tool (`uv run pytest --cov`, `npx --no-install vitest run --coverage`). */
export function coverageCommand(report: CoverageReport): string {
  const project = report.project!;
  const prefix = project.language === "python" ? PYTHON_RUN[project.tool as keyof typeof PYTHON_RUN] ?? "python -m " : "npx --no-install ";
  return report.produce
    .split(" && ")
    .map((part) => `${prefix}${part}`)
    .join(" && ");
}

function setupPython(detection: Detection): string[] {
  const version = detection.pythonVersionFile ? [`          python-version-file: ${detection.pythonVersionFile}`] : ['          python-version: "3.12"'];
  return [`      - uses: ${SETUP_PYTHON}`, "        with:", ...version];
}

function workingDirectory(project: Project): string[] {
  return project.dir === "." ? [] : [`        working-directory: ${project.dir}`];
}

function pythonSteps(detection: Detection, coverage: { python: boolean; installed: Project[] }): string[] {
  const app = detection.fastapi!;
  // The test install already holds the app (and more): installing it twice only costs time.
  if (coverage.installed.includes(app.project)) return [];
  return [
    "      # contract-diff's export imports the FastAPI app, for this change and for the base branch.",
    ...(coverage.python ? [] : setupPython(detection)),
    `      - name: Install ${app.project.dir === "." ? "the app" : `${app.project.dir}/`}`,
    ...workingDirectory(app.project),
    `        run: ${installBackend(app.project)}`,
  ];
}

/**
 * The tests that write each coverage report, before the gate reads them: without this step
 * coverage-gate finds no report and the first run fails ("not checked").
 */
function coverageSteps(detection: Detection, files: ReadonlySet<string>): { steps: string[]; python: boolean; installed: Project[] } {
  const reports = detection.coverage.filter((report) => ciProduces(report, detection, files));
  const steps: string[] = [];
  const installed: Project[] = [];
  if (reports.length === 0) return { steps, python: false, installed };
  steps.push("      # The tests write the coverage reports crm-devex.config.yaml names; coverage-gate reads them.");
  const python = reports.some((report) => report.project!.language === "python");
  if (python) steps.push(...setupPython(detection));
  if (reports.some((report) => report.project!.language !== "python")) steps.push(`      - uses: ${SETUP_NODE}`, "        with:", '          node-version: "22"');
  for (const report of reports) {
    const project = report.project!;
    const where = project.dir === "." ? "" : ` in ${project.dir}/`;
    if (!installed.includes(project)) steps.push(`      - name: Install for the tests${where}`, ...workingDirectory(project), `        run: ${installForTests(project, files)}`);
    if (!installed.includes(project)) {
      for (const prepare of (detection.prepares ?? []).filter((step) => step.project === project)) {
        steps.push(`      # As ${prepare.from} does before its tests.`, "      - name: Prepare the database", ...workingDirectory(project), `        run: ${yamlScalar(prepare.command)}`);
      }
    }
    installed.push(project);
    steps.push(`      - name: Tests with coverage (${report.path})`, ...workingDirectory(project), `        run: ${coverageCommand(report)}`);
  }
  return { steps, python, installed };
}

/** A YAML scalar for a shell line: plain when YAML reads it back unchanged, else double-quoted. */
export function yamlScalar(text: string): string {
  return /^[\w./$~-][^#]*$/.test(text) && !/: |:$|^[-?:,[\]{}#&*!|>'"%@`]/.test(text) ? text : JSON.stringify(text);
}

/** A GitHub Actions service id from a compose service name (`web-db` stays, `db.local` → `db_local`). */
function serviceId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/**
 * `services:` for the containers the tests need, and the job `env:` pointing the app at them.
 * The password is a literal made for CI — the service container lives as long as the job and
 * is reachable only from it — never a value from the developer's `.env`.
 */
function serviceLines(services: readonly TestService[], detection: Detection): { services: string[]; env: string[] } {
  if (services.length === 0) return { services: [], env: [] };
  const out = ["    # The services the tests need, from what the repository says (see each comment); steps start once they are healthy."];
  out.push("    services:");
  for (const service of services) {
    out.push(`      # ${service.image} from ${service.imageFrom}; needed: ${service.evidence.join("; ")}.`);
    out.push(`      ${serviceId(service.name)}:`, `        image: ${yamlScalar(service.image)}`);
    const env = Object.entries(service.containerEnv);
    if (env.length) out.push("        env:", ...env.map(([name, value]) => `          ${name}: ${JSON.stringify(value)}`));
    out.push("        ports:", `          - ${service.hostPort}:${service.port}`);
    out.push("        options: >-", `          --health-cmd "${service.health}"`, "          --health-interval 5s", "          --health-timeout 5s", "          --health-retries 20");
  }
  const skipped = (detection.skippedServices ?? []).filter((skip) => !services.some((service) => service.kind === skip.kind));
  for (const skip of skipped) out.push(`      # Not started: ${skip.name} (${skip.kind}) — ${skip.reason}.`);
  const appEnv = new Map<string, string>();
  for (const service of services) for (const [name, value] of Object.entries(service.appEnv)) if (!appEnv.has(name)) appEnv.set(name, value);
  const envLines = appEnv.size ? ["    # The app reaches the services on the runner's ports, with the test credentials above.", "    env:", ...[...appEnv].map(([name, value]) => `      ${name}: ${JSON.stringify(value)}`)] : [];
  return { services: out, env: envLines };
}

export function renderWorkflow(detection: Detection, files: ReadonlySet<string>, withExport: boolean): string {
  const layout = reusableLayout(detection, files);
  const out = [
    "# crm-devex gates on every pull request and push, written by `crm-devex init`. The gates and their",
    "# settings live in crm-devex.config.yaml; `npx crm-devex check` runs the same gates locally.",
    "name: crm-devex",
    "",
    "on:",
    "  pull_request:",
    "  push:",
    `    branches: [${detection.defaultBranch}]`,
    "",
    "permissions: {}",
    "",
    "concurrency:",
    "  group: ${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}",
    "  cancel-in-progress: true",
    "",
    "jobs:",
  ];
  if (layout) {
    out.push(
      "  # Backend (ruff, mypy, pytest with coverage) and frontend (eslint, tsc, vitest, vite build) in",
      "  # parallel, then coverage-gate, secret-scan and env-validate over the config.",
      "  ci:",
      `    uses: ${REUSABLE_CI}`,
      "    permissions:",
      "      contents: read",
      "    with:",
      `      backend-directory: ${layout.backend.dir}`,
      `      frontend-directory: ${layout.frontend.dir}`,
    );
    if (!withExport) return `${out.join("\n")}\n`;
    out.push("", "  contract:", "    name: API contract (contract-diff)");
  } else {
    out.push(
      "  # Every gate the config enables, after the tests that write the coverage reports it reads.",
      "  check:",
      "    name: crm-devex check",
    );
  }
  const coverage: { steps: string[]; python: boolean; installed: Project[] } = layout ? { steps: [], python: false, installed: [] } : coverageSteps(detection, files);
  const needed = (detection.services ?? []).filter((service) => service.projects.some((project) => coverage.installed.includes(project)));
  const containers = serviceLines(needed, detection);
  out.push(
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 15",
    "    permissions:",
    "      contents: read",
    ...containers.services,
    ...containers.env,
    "    steps:",
    `      - uses: ${CHECKOUT}`,
    "        with:",
    "          persist-credentials: false",
    "          fetch-depth: 0 # contract-diff reads the base branch from git",
    ...coverage.steps,
    ...(withExport ? pythonSteps(detection, coverage) : []),
    `      - uses: ${CHECK_ACTION}`,
    ...(layout ? ["        with:", "          only: contract-diff"] : []),
  );
  return `${out.join("\n")}\n`;
}
