// The pull requests the act harness runs through examples/crm's workflows: a clean one, and one
// per fault a CRM team makes, each with the job it must fail and what the annotation and job
// summary must name. Changes are made to a throwaway copy of the example (see run.mjs).
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

function edit(repo, file, change) {
  const path = join(repo, file);
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

/** Re-export openapi.json from the changed code, as a developer would (backend/scripts/export-openapi). */
function exportSpec(repo) {
  const bootstrap = join(root, "examples/crm/backend/scripts/bootstrap");
  execFileSync(bootstrap, { stdio: ["ignore", "ignore", "inherit"] });
  const python = join(root, "examples/crm/backend/.venv/bin/python");
  execFileSync(python, ["-m", "app", "export-openapi", join(repo, "openapi.json")], { cwd: join(repo, "backend"), stdio: ["ignore", "ignore", "inherit"] });
}

const success = { result: "success" };

/** A consumer workflow of the root action (scripts/act/workflows/check.yml) added to the pull request. */
const addCheckWorkflow = (repo) => {
  mkdirSync(join(repo, ".github/workflows"), { recursive: true });
  cpSync(join(root, "scripts/act/workflows/check.yml"), join(repo, ".github/workflows/check.yml"));
};

/** A .env file with a live-looking key, committed — built from parts so this file holds no secret-looking literal. */
const dotenvText = () => `DATABASE_URL=postgresql://crm:${"s3cr3t" + "Pa55"}@db:5432/crm\nSTRIPE_SECRET_KEY=${["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc" + "Xq9"].join("_")}\n`;

/** @type {Array<{name: string, title: string, workflows: string[], changes: Array<(repo: string) => void>, expect: Record<string, {result: string, annotations?: RegExp[], summary?: RegExp[]}>}>} */
export const SCENARIOS = [
  {
    name: "clean",
    title: "Clean PR: the example as it is on main",
    workflows: ["ci.yml", "contract.yml"],
    changes: [],
    expect: { backend: success, frontend: success, gate: success, contract: success },
  },
  {
    name: "lint-error",
    fault: true,
    title: "Lint error: a debugger statement left in the frontend",
    workflows: ["ci.yml"],
    changes: [(repo) => appendFileSync(join(repo, "frontend/src/format.ts"), "\nexport function lintProbe(): void {\n  debugger;\n}\n")],
    expect: {
      frontend: { result: "failure", annotations: [/^::error file=[^,]*frontend\/src\/format\.ts,line=\d+,col=\d+,title=eslint no-debugger::/] },
      backend: success,
    },
  },
  {
    name: "type-error",
    fault: true,
    title: "Type error: a backend function returns a str where it promises an int",
    workflows: ["ci.yml"],
    changes: [(repo) => appendFileSync(join(repo, "backend/app/payments/service.py"), '\n\ndef type_probe() -> int:\n    return "not an int"\n')],
    expect: {
      backend: { result: "failure", annotations: [/^::error file=[^,]*backend\/app\/payments\/service\.py,line=\d+,col=\d+,title=mypy::Incompatible return value type/] },
      frontend: success,
    },
  },
  {
    name: "ts-type-error",
    fault: true,
    title: "Type error in the frontend: a string where a number is declared",
    workflows: ["ci.yml"],
    changes: [(repo) => appendFileSync(join(repo, "frontend/src/format.ts"), '\nexport const typeProbe: number = "not a number";\n')],
    expect: {
      frontend: { result: "failure", annotations: [/^::error file=[^,]*frontend\/src\/format\.ts,line=\d+,col=\d+,title=tsc TS2322::/] },
      backend: success,
    },
  },
  {
    name: "failing-test",
    fault: true,
    title: "Failing test in the backend",
    workflows: ["ci.yml"],
    changes: [(repo) => writeFileSync(join(repo, "backend/tests/test_probe.py"), '"""A test that fails on purpose (act scenario)."""\n\n\ndef test_vat_is_twenty_percent() -> None:\n    assert round(100 * 1.2) == 121\n')],
    expect: {
      backend: { result: "failure", annotations: [/^::error file=[^,]*backend\/tests\/test_probe\.py,line=4,title=pytest tests\.test_probe\.test_vat_is_twenty_percent::/] },
      frontend: success,
    },
  },
  {
    name: "coverage-drop",
    fault: true,
    title: "Coverage drop in a critical module: the payments tests deleted",
    workflows: ["ci.yml"],
    changes: [(repo) => rmSync(join(repo, "backend/tests/test_payments.py"))],
    expect: {
      backend: success,
      frontend: success,
      gate: { result: "failure", summary: [/payments/] },
    },
  },
  {
    name: "dotenv",
    fault: true,
    title: "A committed .env file",
    workflows: ["ci.yml"],
    changes: [
      (repo) => {
        // Built from parts so this file holds no secret-looking literal.
        const key = ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc" + "Xq9"].join("_");
        writeFileSync(join(repo, "backend/.env"), `DATABASE_URL=postgresql://crm:${"s3cr3t" + "Pa55"}@db:5432/crm\nSTRIPE_SECRET_KEY=${key}\n`);
        execFileSync("git", ["add", "-f", "backend/.env"], { cwd: repo });
      },
    ],
    expect: {
      backend: success,
      frontend: success,
      gate: { result: "failure", annotations: [/^::error file=[^,]*backend\/\.env/], summary: [/backend\/\.env/] },
    },
  },
  {
    name: "breaking-api",
    fault: true,
    title: "Breaking API change: bathrooms removed from the property response",
    workflows: ["contract.yml"],
    changes: [
      (repo) => edit(repo, "backend/app/properties/schemas.py", (text) => text.replace(/\n {4}bathrooms: int\n/, "\n")),
      exportSpec,
    ],
    expect: {
      contract: { result: "failure", annotations: [/GET \/api\/properties/], summary: [/bathrooms/] },
    },
  },
  {
    name: "security",
    title: "Security workflow on a clean PR: the per-step secret-scan action over the PR's history",
    workflows: ["security.yml"],
    // A PR that adds lines (an empty one is "not checked": nothing was scanned).
    changes: [(repo) => appendFileSync(join(repo, "README.md"), "\nPreviews: see docs/preview.md in crm-devex.\n")],
    expect: { "secret-history": { result: "success", summary: [/no secrets — added lines in 1 commit since origin\/main/] } },
  },
  {
    name: "secret-history",
    fault: true,
    title: "A key committed and removed again in the same PR: the final tree is clean, the history is not",
    workflows: ["security.yml"],
    changes: [
      (repo) => {
        // Built from parts so this file holds no secret-looking literal.
        const key = ["AKIA", "Z7QXW4KJ", "3MNB5R2T"].join("");
        writeFileSync(join(repo, "backend/app/aws_probe.py"), `AWS_ACCESS_KEY_ID = "${key}"\n`);
        execFileSync("git", ["add", "backend/app/aws_probe.py"], { cwd: repo });
        execFileSync("git", ["commit", "-q", "-m", "add a key by mistake"], { cwd: repo });
        rmSync(join(repo, "backend/app/aws_probe.py"));
      },
    ],
    expect: {
      "secret-history": { result: "failure", annotations: [/^::error file=[^,]*backend\/app\/aws_probe\.py,line=1/], summary: [/aws_probe\.py/] },
    },
  },
  {
    name: "root-check",
    title: "The root check action (uses: crm-devex/crm-devex@v1) on a clean PR",
    workflows: ["check.yml"],
    changes: [addCheckWorkflow],
    expect: { check: { result: "success", summary: [/\| contract-diff \| passed \|/, /\| secret-scan \| passed \|/] } },
  },
  {
    name: "check-dotenv",
    fault: true,
    title: "The root check action on a PR that commits a .env file",
    workflows: ["check.yml"],
    changes: [
      addCheckWorkflow,
      (repo) => {
        writeFileSync(join(repo, "frontend/.env"), dotenvText());
        execFileSync("git", ["add", "-f", "frontend/.env"], { cwd: repo });
      },
    ],
    expect: {
      check: { result: "failure", annotations: [/^::error file=[^,]*frontend\/\.env/], summary: [/frontend\/\.env/] },
    },
  },
  {
    name: "preview",
    title: "Preview lifecycle: opened → deployed with one PR comment; closed → deployment and alias deleted, comment marked removed",
    workflows: [],
    changes: [],
    fakes: true,
    runs: [
      {
        workflow: "preview.yml", action: "opened",
        before: (ctx) => ctx.fakes.send({ pull: { repo: "acme/crm", number: 7, state: "open", headSha: ctx.headSha } }),
        expect: { build: success },
      },
      {
        workflow: "preview-deploy.yml", event: "workflow_run", displayTitle: "preview deploy #7",
        expect: { deploy: success },
        after: async (ctx) => {
          const state = await ctx.fakes.state();
          const problems = [];
          if (state.comments.length !== 1) problems.push(`${state.comments.length} PR comments, expected one`);
          else if (!/crm-frontend-pr-7/.test(state.comments[0].body)) problems.push(`the PR comment has no preview URL: ${state.comments[0].body.slice(0, 200)}`);
          if (!state.aliases.some((alias) => /crm-frontend-pr-7/.test(alias.alias ?? JSON.stringify(alias)))) problems.push(`no crm-frontend-pr-7 alias: ${JSON.stringify(state.aliases)}`);
          ctx.deployed = state;
          return problems;
        },
      },
      {
        workflow: "preview.yml", action: "closed",
        before: (ctx) => ctx.fakes.send({ pull: { repo: "acme/crm", number: 7, state: "closed", headSha: ctx.headSha } }),
        expect: { build: success },
      },
      {
        workflow: "preview-deploy.yml", event: "workflow_run", displayTitle: "preview cleanup #7",
        expect: { deploy: success },
        after: async (ctx) => {
          const state = await ctx.fakes.state();
          const problems = [];
          if (state.comments.length !== 1) problems.push(`${state.comments.length} PR comments after cleanup, expected the same one`);
          else if (!/removed/i.test(state.comments[0].body)) problems.push(`the PR comment is not marked removed: ${state.comments[0].body.slice(0, 200)}`);
          if (state.deployments.length) problems.push(`deployments still there after cleanup: ${state.deployments.map((d) => d.id).join(", ")}`);
          if (state.aliases.length) problems.push(`aliases still there after cleanup: ${JSON.stringify(state.aliases)}`);
          return problems;
        },
      },
    ],
  },
];

/** Every fault in one pull request: each job must still fail for its own faults. */
export function combined(faults) {
  const expect = {};
  for (const fault of faults) {
    for (const [job, want] of Object.entries(fault.expect)) {
      if (want.result !== "failure") continue;
      const merged = (expect[job] ??= { result: "failure", annotations: [], summary: [] });
      merged.annotations.push(...(want.annotations ?? []));
      merged.summary.push(...(want.summary ?? []));
    }
  }
  return {
    name: "all-faults",
    title: `Every fault at once: ${faults.map((fault) => fault.name).join(", ")}`,
    workflows: [...new Set(faults.flatMap((fault) => fault.workflows))],
    changes: faults.flatMap((fault) => fault.changes),
    expect,
  };
}
