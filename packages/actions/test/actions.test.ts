// The composite actions: run.sh shapes inputs into CLI arguments and writes step outputs safely;
// every action.yml passes its inputs through env: and documents itself; generated docs, published
// reusable workflows are current.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parse } from "yaml";

const actionsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dirname(actionsDir));
const runScript = join(actionsDir, "run.sh");

const EXAMPLE = [
  "# Where the CRM keeps its data.",
  "# @secret @type=url",
  "DATABASE_URL=",
  "# Log verbosity.",
  "# optional",
  "LOG_LEVEL=",
  "",
].join("\n");

interface StepRun {
  status: number;
  stdout: string;
  outputs: Record<string, string>;
  rawOutputs: string;
  summary: string;
}

/** Parse a GITHUB_OUTPUT file as the runner does: name=value lines and name<<DELIMITER blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const heredoc = /^([\w-]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      outputs[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return outputs;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "crm-devex-actions-"));
  writeFileSync(join(dir, ".env.example"), EXAMPLE);
  writeFileSync(join(dir, "ci.env"), "DATABASE_URL=postgresql://crm@db.internal:5432/crm\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function runStep(args: string[], env: Record<string, string> = {}): StepRun {
  const outputFile = join(dir, "github-output");
  const summaryFile = join(dir, "step-summary.md");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const result = spawnSync("bash", [runScript, ...args], {
    encoding: "utf8",
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: dir,
      CRM_DEVEX_WORKING_DIRECTORY: dir,
      ...env,
    },
  });
  const rawOutputs = readFileSync(outputFile, "utf8");
  return { status: result.status ?? -1, stdout: result.stdout + result.stderr, outputs: parseOutputs(rawOutputs), rawOutputs, summary: readFileSync(summaryFile, "utf8") };
}

describe("run.sh", () => {
  test("a failing gate: exit 1, annotations, job summary, outputs from the JSON report", () => {
    const run = runStep(["env-validate", "--example=.env.example", "--env-file=@lines:", "--code=@lines:", "--no-environment=@not:true"], {
      CRM_DEVEX_OUTPUT_FIELDS: "missing=missing",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=\.env\.example,line=3,title=env-validate%3A DATABASE_URL::DATABASE_URL is required/m);
    expect(run.summary).toMatch(/DATABASE\\?_URL is required/); // Markdown escapes the underscore
    expect(run.outputs).toMatchObject({ verdict: "failed", "exit-code": "1" });
    expect(JSON.parse(run.outputs.missing!)).toEqual(["DATABASE_URL"]);
    expect(run.outputs.summary).toMatch(/missing/);
    const report = JSON.parse(readFileSync(run.outputs.report!, "utf8")) as { schemaVersion: number; command: string };
    expect(report).toMatchObject({ schemaVersion: 1, command: "env-validate" });
  });

  test("list inputs become repeated flags; the gate passes with the env file", () => {
    const run = runStep(["env-validate", "--example=.env.example", `--env-file=@lines:\n  ci.env  \n\n`, "--no-environment=@not:false"]);
    expect(run.outputs).toMatchObject({ verdict: "passed", "exit-code": "0" });
    expect(run.status).toBe(0);
  });

  test("multi-line outputs use a fresh random heredoc delimiter each run", () => {
    const delimiters = [1, 2].map(() => /^summary<<(crm-devex-[0-9a-f]{32})$/m.exec(runStep(["env-validate", "--example=.env.example"]).rawOutputs)?.[1]);
    expect(delimiters[0]).toBeDefined();
    expect(delimiters[0]).not.toBe(delimiters[1]);
  });

  test("empty optional inputs are dropped rather than passed as empty flags", () => {
    const run = runStep(["env-validate", "--example=.env.example", "--code=", "--env-file=ci.env"]);
    expect(run.status).toBe(0);
  });

  test("a boolean input that is not true/false is a usage error (exit 2), not a pass", () => {
    const run = runStep(["env-validate", "--no-environment=@not:maybe"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain("::error title=crm-devex::--no-environment expects true or false, got 'maybe'");
  });

  test("bad input (missing example) is verdict error with exit code 2", () => {
    const run = runStep(["env-validate", "--example=missing.env.example"]);
    expect(run.status).toBe(2);
    expect(run.outputs).toMatchObject({ verdict: "error", "exit-code": "2" });
  });
});

const actionFiles = [
  join(root, "action.yml"),
  ...readdirSync(actionsDir).map((name) => join(actionsDir, name, "action.yml")).filter((file) => existsSync(file)),
];

interface ActionSpec {
  inputs?: Record<string, { description: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { steps: Array<{ env?: Record<string, string>; run?: string }> };
}

describe.each(actionFiles.map((file) => [file.slice(root.length + 1), file]))("%s", (_name, file) => {
  const action = parse(readFileSync(file, "utf8")) as ActionSpec;
  const step = action.runs.steps[0]!;

  test("every input reaches the script through env:, none through ${{ }} in run:", () => {
    const envValues = Object.values(step.env ?? {}).join("\n");
    for (const input of Object.keys(action.inputs ?? {})) expect(envValues).toContain(`\${{ inputs.${input} }}`);
    expect(step.run).not.toContain("${{");
    expect(step.run).toMatch(/run\.sh"? /);
  });

  test("every output is one run.sh or the CLI writes, and only one of them", () => {
    const fields = (step.env?.CRM_DEVEX_OUTPUT_FIELDS ?? "").split(/\s+/).filter(Boolean).map((pair) => pair.split("=")[0]!);
    const byCli = (step.env?.CRM_DEVEX_CLI_OUTPUTS ?? "").split(/\s+/).filter(Boolean);
    for (const [name, output] of Object.entries(action.outputs ?? {})) {
      expect(output.value).toBe(`\${{ steps.run.outputs.${name} }}`);
      expect(["verdict", "exit-code", "summary", "report", ...fields, ...byCli]).toContain(name);
    }
    for (const name of byCli) expect(fields).not.toContain(name);
  });
});

describe("generated and published files", () => {
  const node = (script: string, ...args: string[]) => execFileSync("node", [join(actionsDir, "scripts", script), ...args], { encoding: "utf8" });

  test("docs/actions.md tables match the action.yml files and reusable workflows", () => {
    expect(node("actions-docs.mjs", "--check")).toContain("matches");
  });

  test(".github/workflows/reusable-*.yml are the workflows-templates/ sources", () => {
    expect(node("sync-workflows.mjs", "--check")).toContain("match");
  });

  test("every action.yml passes shellcheck and the injection and documentation rules", () => {
    const files = [...actionFiles, ...readdirSync(join(root, "scripts/act/stand-ins")).filter((n) => !n.endsWith(".md")).map((n) => join(root, "scripts/act/stand-ins", n, "action.yml"))];
    expect(node("lint-actions.mjs", ...files)).toContain("0 problems");
  });

  test("lint-actions catches ${{ }} inside run: and a missing description", () => {
    const bad = join(dir, "action.yml");
    writeFileSync(bad, "name: bad\ndescription: bad\ninputs:\n  x:\n    default: a\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: echo ${{ inputs.x }}\n");
    const result = spawnSync("node", [join(actionsDir, "scripts", "lint-actions.mjs"), bad], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("${{ }} inside run:");
    expect(result.stderr).toContain("input x has no description");
    expect(result.stderr).toContain("no branding");
  });
});

describe("docs/actions.md adoption snippets", () => {
  const doc = readFileSync(join(root, "docs", "actions.md"), "utf8");
  const snippets = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const exampleDir = join(root, "examples", "crm", ".github", "workflows");
  const examples = readdirSync(exampleDir).map((name) => readFileSync(join(exampleDir, name), "utf8"));

  test("there are snippets", () => expect(snippets.length).toBeGreaterThanOrEqual(2));
  test.each(snippets.map((snippet) => [snippet.split("\n").find((line) => line.includes("uses: crm-devex"))?.trim() ?? snippet.slice(0, 40), snippet]))(
    "%s is what examples/crm uses, verbatim",
    (_title, snippet) => {
      expect(examples.some((text) => text.includes(snippet))).toBe(true);
    },
  );
});
