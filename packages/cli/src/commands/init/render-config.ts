/**
 * `crm-devex.config.yaml` for what was detected, with a comment over each section
 * saying where its values came from. Only sections backed by something found are
 * written; the text is validated against the config schema before anyone sees it.
 */
import { parse } from "yaml";
import { validateConfig } from "../../config/load.js";
import type { Detection } from "./model.js";
import { ciProduces } from "./render-workflow.js";

/** A YAML scalar: plain when safe, else a JSON string (JSON strings are valid YAML). */
function scalar(value: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./*-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

function flowList(values: readonly string[]): string {
  return `[${values.map(scalar).join(", ")}]`;
}

function describeProjects(detection: Detection): string[] {
  return detection.projects.map((project) => {
    const where = project.dir === "." ? "./" : `${project.dir}/`;
    const what = [project.language === "python" ? "Python" : project.language === "typescript" ? "TypeScript" : "JavaScript", ...project.frameworks.map(frameworkName)];
    return `#   ${where} — ${what.join(", ")} (${project.tool})`;
  });
}

export function frameworkName(framework: string): string {
  return { fastapi: "FastAPI", django: "Django", flask: "Flask", express: "Express", next: "Next.js", vite: "Vite" }[framework] ?? framework;
}

/** The spec path contract-diff compares, and the command that writes it for a FastAPI app. */
export function contractSpec(detection: Detection): { head: string; export?: string } | undefined {
  if (detection.fastapi) return { head: detection.committedSpec ?? "openapi.json", export: exportCommand(detection) };
  if (detection.committedSpec) return { head: detection.committedSpec };
  return undefined;
}

const PYTHON_RUNNERS = { uv: "uv run python", poetry: "poetry run python", pipenv: "pipenv run python", pip: "python3" } as const;

/**
 * One shell line, run from the repository root, that writes the app's OpenAPI
 * document to the head path — for this checkout and for the base commit's.
 */
export function exportCommand(detection: Detection): string {
  const app = detection.fastapi!;
  const head = detection.committedSpec ?? "openapi.json";
  const dir = app.project.dir;
  const upward = dir === "." ? "" : dir.split("/").map(() => "..").join("/") + "/";
  const python = PYTHON_RUNNERS[app.project.tool as keyof typeof PYTHON_RUNNERS] ?? "python3";
  const code = `import json, ${app.module} as m; json.dump(m.${app.variable}.openapi(), open('${upward}${head}', 'w'), indent=2)`;
  return `${dir === "." ? "" : `cd ${dir} && `}${python} -c "${code}"`;
}

export function renderConfig(detection: Detection, files: ReadonlySet<string>): string {
  const out: string[] = [
    `# crm-devex gates for ${detection.name}, written by \`crm-devex init\` from what it found:`,
    ...describeProjects(detection),
    "# `npx crm-devex check` runs every gate below, on a laptop and in CI (.github/workflows/crm-devex.yml).",
    "# Paths are relative to this file. Reference: https://github.com/crm-devex/crm-devex#configuration",
  ];
  const spec = contractSpec(detection);
  const factory = detection.fastapiFactory;
  if (factory) {
    out.push(
      "",
      `# The FastAPI app is built inside a function (${factory.file}:${factory.line}), so init wrote no export`,
      `# command: ${spec ? `keep ${spec.head} committed and current` : "commit the app's OpenAPI document as openapi.json"}, or add`,
      "# `export:` with a shell command that writes it (see docs/contract-diff.md#generated-specs-contractdiffexport).",
    );
  }
  if (spec) {
    if (!factory) out.push("");
    if (spec.export) {
      out.push(
        `# API contract: the OpenAPI document of the FastAPI app in ${detection.fastapi!.file}, written by`,
        "# `export` for this checkout and for the base branch's, then compared: a breaking change fails.",
      );
    } else {
      out.push(`# API contract: ${spec.head} against the same file on the base branch; a breaking change fails.`);
    }
    out.push("contractDiff:", `  head: ${scalar(spec.head)}`);
    if (spec.export) out.push(`  export: ${JSON.stringify(spec.export)}`);
    if (detection.consumers.length) {
      out.push("  # Client code searched for the call sites of a broken operation.");
      out.push(`  consumers: ${flowList(detection.consumers)}`);
    }
  }
  if (detection.envExamples.length) {
    out.push(
      "",
      "# Required configuration and secrets, declared once in the annotated .env.example files. A variable",
      "# the code reads (os.environ, pydantic Settings, process.env, import.meta.env) that the example",
      "# lacks fails the gate, naming the variable and where it is read.",
      "env:",
      "  projects:",
    );
    for (const example of detection.envExamples) out.push(`    - example: ${scalar(example.example)}`, `      code: ${flowList(example.code)}`);
  }
  out.push(
    "",
    "# No secret and no .env file in the tracked files (the pre-commit hook scans each commit the same way).",
    "secretScan:",
    '  paths: ["."]',
  );
  if (detection.coverage.length) {
    // A report the CI workflow cannot produce would fail its first run ("not checked"): such reports are
    // written commented out, with the reason, for the user to enable once their CI runs those tests.
    const gated = detection.coverage.filter((report) => ciProduces(report, detection, files));
    const ungated = detection.coverage.filter((report) => !gated.includes(report));
    out.push("", "# Line coverage, gated at 80%. The reports are written by your tests (the CI workflow runs them first):");
    for (const report of gated) out.push(`#   ${report.path}: ${report.produce} — ${report.source}`);
    for (const report of ungated) {
      out.push(`#   ${report.path}: ${report.produce} — ${report.source}; not gated: the CI workflow init writes cannot run`);
      out.push(`#   these tests (${report.project?.tool === "pip" ? "pip without a requirements file" : (report.project?.tool ?? "unknown tool")}). Run them in CI, then list the path under coverage.reports.`);
    }
    out.push("# Name your critical modules to gate each on its own, e.g.", "#   modules:", '#     auth: { paths: ["backend/app/auth/**"] }');
    const reports = ["  reports:", ...gated.map((report) => `    - ${scalar(report.path)}`), "  threshold: 80"];
    if (gated.length) out.push("coverage:", ...reports);
    else out.push("# coverage:", "#   reports:", ...ungated.map((report) => `#     - ${scalar(report.path)}`), "#   threshold: 80");
  }
  const text = `${out.join("\n")}\n`;
  // A config init writes must load: check would otherwise stop at exit 2 on the first run.
  validateConfig(parse(text), text, "crm-devex.config.yaml", []);
  return text;
}
