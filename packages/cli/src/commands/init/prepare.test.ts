import { describe, expect, it } from "vitest";
import type { Project } from "./model.js";
import { pretestPrepare, scriptPrepares, uniquePrepares, workflowPrepares } from "./prepare.js";

const backend: Project = { dir: "backend", language: "python", frameworks: ["fastapi"], tool: "uv", manifests: ["backend/pyproject.toml"] };
const api: Project = { dir: ".", language: "typescript", frameworks: ["express"], tool: "pnpm", manifests: ["package.json"] };

const workflow = (steps: string) => new Map([[".github/workflows/test.yml", `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`]]);

describe("prepare: the migrations the repository runs before its tests", () => {
  it.each([
    ["a test job's prestart step", "      - name: Migrate DB\n        run: uv run bash scripts/prestart.sh\n        working-directory: backend\n      - run: uv run bash scripts/tests-start.sh\n        working-directory: backend\n", ["uv run bash scripts/prestart.sh"]],
    ["alembic in a multi-line step", "      - working-directory: backend\n        run: |\n          uv sync\n          uv run alembic upgrade head\n      - run: uv run pytest\n        working-directory: backend\n", ["uv run alembic upgrade head"]],
    ["a line that relied on an activated venv runs through the project's tool", "      - working-directory: backend\n        run: |\n          source .venv/bin/activate\n          alembic upgrade head\n      - run: pytest\n        working-directory: backend\n", ["uv run alembic upgrade head"]],
    ["a deploy job (no tests after it)", "      - name: Prepare database\n        run: uv run bash scripts/prestart.sh\n        working-directory: backend\n      - run: uv run fastapi deploy\n        working-directory: backend\n", []],
    ["through docker compose", "      - run: docker compose exec backend alembic upgrade head\n        working-directory: backend\n      - run: docker compose exec backend pytest\n", []],
    ["an expression in the line", "      - run: uv run alembic upgrade ${{ inputs.rev }}\n        working-directory: backend\n      - run: uv run pytest\n        working-directory: backend\n", []],
  ])("%s", (_, steps, commands) => {
    expect(workflowPrepares(workflow(steps), [backend]).map((step) => step.command)).toEqual(commands);
  });

  it("a test script's migration line runs through the project's tool; a workflow's same line wins", () => {
    const fromScript = scriptPrepares(new Map([["backend/scripts/test.sh", "#!/bin/sh\nset -e\nalembic upgrade head\npytest\n"]]), [backend]);
    expect(fromScript).toEqual([{ project: backend, command: "uv run alembic upgrade head", from: "backend/scripts/test.sh:3" }]);
    const fromWorkflow = { project: backend, command: "uv run alembic upgrade head", from: "ci.yml" };
    expect(uniquePrepares([fromWorkflow, ...fromScript])).toEqual([fromWorkflow]);
  });

  it("an npm pretest that migrates", () => {
    expect(pretestPrepare(api, { pretest: "prisma migrate deploy", test: "vitest run" }, "package.json")?.command).toBe("pnpm run pretest");
    expect(pretestPrepare(api, { pretest: "eslint .", test: "vitest run" }, "package.json")).toBeUndefined();
  });
});
