import { displayPath, readTextFile, resolveFrom } from "../../io/fs.js";
import { walkFiles } from "../../io/walk.js";
import { InputError } from "../../kernel/errors.js";
import type { CommandResult, Finding, ReportBlock } from "../../kernel/result.js";
import type { RunContext } from "../../cli/context.js";
import { dishonestValues, undeclaredReferences, undocumentedReads, unknownKeys, validateValues, type ResolvedValue, type SecretDetector } from "./analyse.js";
import { expandEntries, expandValue } from "./expand.js";
import { findVariableReads, languageOf, type VariableRead } from "./drift.js";
import type { EnvProblem, VariableSpec } from "./model.js";
import type { EnvValidateOptions } from "./options.js";
import { parseEnvFile } from "./parse.js";
import { CONFIG_WITHOUT_FILE, loadSchema } from "./schema.js";
import { detectSecretsInLine } from "./secret-detector.js";
import { stat } from "node:fs/promises";

/** Variables programs commonly read that belong to the platform, not the app's config. */
export const PLATFORM_VARIABLES = ["NODE_ENV", "CI", "HOME", "PATH", "PWD", "TZ", "LANG", "GITHUB_ACTIONS", "VITEST", "PYTEST_CURRENT_TEST"];

async function codeReads(cwd: string, dirs: string[]): Promise<VariableRead[]> {
  const reads: VariableRead[] = [];
  for (const dir of dirs) {
    const root = resolveFrom(cwd, dir);
    const info = await stat(root).catch(() => undefined);
    if (!info?.isDirectory()) throw new InputError("code directory not found", { file: dir });
    for (const file of await walkFiles(root)) {
      if (!languageOf(file) || /\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|(^|\/)tests?\//.test(file)) continue;
      const shown = displayPath(cwd, `${root}/${file}`);
      reads.push(...findVariableReads(await readTextFile(`${root}/${file}`, shown), shown));
    }
  }
  return reads;
}

/**
 * Validate every project: the example's own honesty, drift between code and
 * example, and (when asked) the environment plus env files against the schema.
 */
export async function run(options: EnvValidateOptions, ctx: RunContext, detectSecrets: SecretDetector = detectSecretsInLine): Promise<CommandResult> {
  const problems: EnvProblem[] = [];
  const allSpecs: VariableSpec[] = [];
  const ignored = new Set([...PLATFORM_VARIABLES, ...options.ignore]);

  for (const project of options.projects) {
    const { specs, exampleText } = await loadSchema(ctx.cwd, project.example, project.vars, ctx.configFile);
    allSpecs.push(...specs);
    // The example is judged on what each line writes: a reference is not a value (the variable it
    // names is judged on its own line), so `postgresql://postgres:${POSTGRES_PASSWORD}@db/app` is
    // `postgresql://postgres:@db/app` here, while a `${VAR:-default}` default is judged as written.
    const exampleEntries = exampleText !== undefined && project.example ? expandEntries(parseEnvFile(exampleText, project.example)) : [];
    const written = new Map(exampleEntries.map((entry) => [entry.name, entry.literal ? entry.raw : expandValue(entry.raw, () => undefined).value]));
    const exampleNames = new Set(exampleEntries.map((entry) => entry.name));
    problems.push(...dishonestValues(specs.map((spec) => (written.has(spec.name) && spec.source.file === project.example ? { ...spec, exampleValue: written.get(spec.name)! } : spec)), detectSecrets));
    if (project.example) problems.push(...undeclaredReferences(specs, exampleEntries, project.example, ignored, (name) => exampleNames.has(name)));
    for (const spec of specs) {
      if (!spec.description && spec.source.line !== undefined) {
        problems.push({ kind: "undescribed", severity: "warning", name: spec.name, message: `${spec.name} has no description comment above it`, file: spec.source.file, line: spec.source.line });
      }
    }
    if (project.code.length) problems.push(...undocumentedReads(specs, await codeReads(ctx.cwd, project.code), ignored));
    // Env files named explicitly are checked even without the environment (a CI job validating
    // .env.production holds none of its values); skipping them would pass without checking anything.
    if (options.checkEnvironment || project.envFiles.length > 0) {
      const values = new Map<string, ResolvedValue>();
      const environment = options.checkEnvironment ? ctx.env : {};
      for (const envFile of project.envFiles) {
        const parsed = parseEnvFile(await readTextFile(resolveFrom(ctx.cwd, envFile), envFile), envFile);
        // dotenv-expand semantics: entries above, earlier files, and the environment (which wins).
        const earlier = new Map([...values].map(([name, resolved]) => [name, resolved.value]));
        const entries = expandEntries(parsed, environment, earlier);
        for (const entry of entries) values.set(entry.name, { value: entry.value, from: envFile });
        problems.push(...unknownKeys(specs, entries, envFile));
        problems.push(...undeclaredReferences(specs, entries, envFile, ignored, (name) => values.has(name) || environment[name] !== undefined));
      }
      // As with dotenv, the real environment wins over env files.
      for (const spec of options.checkEnvironment ? specs : []) {
        const value = ctx.env[spec.name];
        if (value !== undefined) values.set(spec.name, { value, from: "environment" });
      }
      problems.push(...validateValues(specs, values));
    }
  }

  return buildResult(problems, allSpecs, options);
}

const PROBLEM_ORDER: EnvProblem["kind"][] = ["missing", "invalid", "leaked-value", "undocumented", "undeclared-reference", "unknown", "undescribed"];
const PROBLEM_HEADINGS: Record<EnvProblem["kind"], string> = {
  missing: "Missing",
  invalid: "Invalid",
  "leaked-value": "Real-looking values in the example",
  undocumented: "Read by code but not in the example",
  "undeclared-reference": "References to undeclared variables",
  unknown: "Set but not declared (warning)",
  undescribed: "No description (warning)",
};

function buildResult(problems: EnvProblem[], specs: VariableSpec[], options: EnvValidateOptions): CommandResult {
  const errors = problems.filter((problem) => problem.severity === "error");
  const missing = problems.filter((problem) => problem.kind === "missing").map((problem) => problem.name);
  const invalid = problems.filter((problem) => problem.kind === "invalid").map((problem) => ({ name: problem.name, reason: problem.message }));
  const secrets = specs.filter((spec) => spec.secret).length;
  const withFiles = options.projects.some((project) => project.envFiles.length > 0);
  const checked = options.checkEnvironment ? "schema and environment" : withFiles ? "schema and env files" : "schema";
  const summary = errors.length
    ? `${errors.length} problem${errors.length === 1 ? "" : "s"} in ${specs.length} variables (${missing.length} missing)`
    : `${specs.length} variables (${secrets} secret) ok — ${checked} checked`;
  const blocks: ReportBlock[] = [];
  for (const kind of PROBLEM_ORDER) {
    const ofKind = problems.filter((problem) => problem.kind === kind);
    if (!ofKind.length) continue;
    blocks.push({ kind: "heading", text: `${PROBLEM_HEADINGS[kind]} (${ofKind.length})` });
    blocks.push({
      kind: "list",
      tone: ofKind[0]!.severity === "error" ? "bad" : "warn",
      items: ofKind.map((problem) => (problem.file && problem.kind !== "undocumented" ? `${problem.message} (${problem.file}${problem.line ? `:${problem.line}` : ""})` : problem.message)),
    });
  }
  const findings: Finding[] = problems.map((problem) => ({
    ruleId: `env-${problem.kind}`,
    level: problem.severity,
    title: `env-validate: ${problem.name}`,
    message: problem.message,
    // Variables declared in config have no example line to point at, only the config file (if any).
    location: problem.file && problem.file !== CONFIG_WITHOUT_FILE ? { file: problem.file, line: problem.line } : undefined,
  }));
  return {
    command: "env-validate",
    verdict: errors.length ? "failed" : "passed",
    summary,
    blocks,
    findings,
    // An example that declares nothing checks nothing, whatever the environment holds.
    work: { count: specs.length, what: `variables checked (${checked})`, missing: specs.length ? undefined : "the schema declares no variable (an empty .env.example or env.vars)" },
    // Everything worth saying is a problem with a severity (shown in the report), not a loose warning.
    warnings: [],
    json: {
      variables: specs.map((spec) => ({ name: spec.name, required: spec.required, secret: spec.secret, type: spec.type ?? null, rotate: spec.rotate ?? null })),
      missing,
      invalid,
      problems: problems.map(({ kind, severity, name, message, file, line }) => ({ kind, severity, name, message, file: file ?? null, line: line ?? null })),
    },
  };
}
