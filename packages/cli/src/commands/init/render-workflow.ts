/**
 * `.github/workflows/crm-devex.yml`. A repository laid out the way the reusable CI
 * workflow expects (a pip backend with requirements.txt and requirements-dev.txt, an
 * npm Vite frontend with a typecheck script) calls it; any other calls the root
 * action, which runs `crm-devex check` — a workflow whose steps cannot run in the
 * repository would be a red build nobody can fix.
 */
import type { Detection, Project } from "./model.js";

// Pinned as in workflows-templates/ (zizmor's policy: third-party actions by commit SHA).
const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2";
const SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0";
export const REUSABLE_CI = "crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1";
export const CHECK_ACTION = "crm-devex/crm-devex@v1";

/** The projects the reusable CI workflow can build, or undefined when the layout differs. */
export function reusableLayout(detection: Detection, files: ReadonlySet<string>): { backend: Project; frontend: Project } | undefined {
  const python = detection.projects.filter((project) => project.language === "python");
  const node = detection.projects.filter((project) => project.language !== "python");
  if (python.length !== 1 || node.length !== 1) return undefined;
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

function pythonSteps(detection: Detection): string[] {
  const app = detection.fastapi!;
  const version = detection.pythonVersionFile ? [`          python-version-file: ${detection.pythonVersionFile}`] : ['          python-version: "3.12"'];
  return [
    "      # contract-diff's export imports the FastAPI app, for this change and for the base branch.",
    `      - uses: ${SETUP_PYTHON}`,
    "        with:",
    ...version,
    `      - name: Install ${app.project.dir === "." ? "the app" : `${app.project.dir}/`}`,
    ...(app.project.dir === "." ? [] : [`        working-directory: ${app.project.dir}`]),
    `        run: ${installBackend(app.project)}`,
  ];
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
      "  # Every gate the config enables. coverage-gate reads the reports your tests write: run them with",
      "  # coverage in a step before this one (the gate says \"not checked\" while no report exists).",
      "  check:",
      "    name: crm-devex check",
    );
  }
  out.push(
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 15",
    "    permissions:",
    "      contents: read",
    "    steps:",
    `      - uses: ${CHECKOUT}`,
    "        with:",
    "          persist-credentials: false",
    "          fetch-depth: 0 # contract-diff reads the base branch from git",
    ...(withExport ? pythonSteps(detection) : []),
    `      - uses: ${CHECK_ACTION}`,
    ...(layout ? ["        with:", "          only: contract-diff"] : []),
  );
  return `${out.join("\n")}\n`;
}
