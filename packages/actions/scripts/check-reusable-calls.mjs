#!/usr/bin/env node
// The checks GitHub makes when it loads a caller of a reusable workflow, before any `if:` is looked at —
// and which actionlint does not make for workflows called by `owner/repo/…@ref`:
//   - the caller's `permissions` cover every permission any job of the called workflow asks for (GitHub
//     otherwise refuses the run: "The nested job 'deploy' is requesting 'pull-requests: write', but is only
//     allowed 'pull-requests: none'", a startup failure with no job run);
//   - `secrets:` names only secrets the called workflow declares, and passes every required one;
//   - `with:` names only declared inputs, passes every required one without a default, and literal values
//     have the declared type.
// A call to crm-devex/crm-devex/.github/workflows/X@ref is checked against this checkout's .github/workflows/X;
// ./.github/workflows/X against the caller's own repository; calls to other repositories are skipped.
//
// Usage: check-reusable-calls.mjs WORKFLOW.yml…   prints FILE:LINE: problem, exit 1 on any problem
//        (Markdown code blocks are checked by the docs-as-tests step through checkCalls()).
import console from "node:console";
import process from "node:process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument, isMap, isPair, isScalar } from "yaml";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const OWN_REPOSITORY = "crm-devex/crm-devex";
/** Paths inside this checkout relative to it, others as they are. */
const shown = (file) => (resolve(file).startsWith(root + sep) ? relative(root, resolve(file)) : file);

/** Every scope `permissions:` knows (read-all / write-all expand to these). */
export const SCOPES = [
  "actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues", "models",
  "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses",
];
const LEVEL = { none: 0, read: 1, write: 2 };
const levelName = (level) => Object.keys(LEVEL).find((name) => LEVEL[name] === level);
/**
 * A caller with no `permissions` anywhere gets the repository's default token. GitHub's default for new
 * repositories and organisations is the restricted one; assume it, so a check never passes on a grant
 * only a permissive repository setting would give.
 */
const RESTRICTED_DEFAULT = { contents: LEVEL.read, packages: LEVEL.read };

/** `permissions:` as a scope → level map; undefined when the key is absent. */
export function permissionMap(value) {
  if (value === undefined || value === null) return undefined;
  if (value === "read-all" || value === "write-all") return Object.fromEntries(SCOPES.map((scope) => [scope, value === "read-all" ? LEVEL.read : LEVEL.write]));
  if (typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).map(([scope, level]) => [scope, LEVEL[level] ?? 0]));
}

const describe = (map) => Object.entries(map).filter(([, level]) => level > 0).map(([scope, level]) => `${scope}: ${levelName(level)}`).join(", ") || "none";

/** A parsed workflow with a way to find the line of any key. */
export function loadWorkflow(text, file) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) throw new Error(`${file}: not valid YAML: ${doc.errors[0].message.split("\n")[0]}`);
  const data = doc.toJS() ?? {};
  /** Line of the key at `path` (or of the closest parent that exists). */
  const lineOf = (path) => {
    for (let length = path.length; length > 0; length--) {
      const parent = length === 1 ? doc.contents : doc.getIn(path.slice(0, length - 1), true);
      if (!isMap(parent)) continue;
      const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(path[length - 1]));
      if (pair?.key?.range) return lineCounter.linePos(pair.key.range[0]).line;
    }
    return 1;
  };
  return { data, lineOf, file };
}

/** The repository root of a workflow file: the folder holding its `.github/workflows`. */
function repositoryRootOf(file) {
  const marker = `${sep}.github${sep}workflows${sep}`;
  const at = resolve(file).lastIndexOf(marker);
  return at >= 0 ? resolve(file).slice(0, at) : root;
}

/** The local file a `uses:` of a reusable workflow names, or undefined when it lives elsewhere. */
export function resolveCallee(uses, callerFile) {
  const own = new RegExp(`^${OWN_REPOSITORY}/(\\.github/workflows/[^@]+)@.+$`).exec(uses);
  if (own) return join(root, own[1]);
  if (uses.startsWith("./")) return join(repositoryRootOf(callerFile), uses.slice(2));
  return undefined;
}

/** What a called workflow needs: its jobs' permissions (nested calls included) and its declared secrets and inputs. */
function calleeContract(file, seen = new Set()) {
  const workflow = loadWorkflow(readFileSync(file, "utf8"), file);
  const call = workflow.data.on?.workflow_call ?? {};
  const needs = {};
  const neededBy = {};
  const topLevel = permissionMap(workflow.data.permissions);
  for (const [jobId, job] of Object.entries(workflow.data.jobs ?? {})) {
    const here = (scope) => `${shown(file)}:${workflow.lineOf(["jobs", jobId, "permissions", scope])} (job ${jobId})`;
    const wanted = Object.entries(permissionMap(job?.permissions) ?? topLevel ?? {}).map(([scope, level]) => [scope, level, here(scope)]);
    // A job that itself calls a reusable workflow needs what that one needs.
    if (typeof job?.uses === "string" && !seen.has(file)) {
      const nested = resolveCallee(job.uses, file);
      if (nested && existsSync(nested)) {
        const inner = calleeContract(nested, new Set([...seen, file]));
        for (const [scope, level] of Object.entries(inner.needs)) wanted.push([scope, level, `${here(scope)} → ${inner.neededBy[scope]}`]);
      }
    }
    for (const [scope, level, source] of wanted) {
      if (level > (needs[scope] ?? 0)) {
        needs[scope] = level;
        neededBy[scope] = source;
      }
    }
  }
  return { needs, neededBy, secrets: call.secrets ?? {}, inputs: call.inputs ?? {} };
}

const isExpression = (value) => typeof value === "string" && value.includes("${{");

/** Problems of every reusable-workflow call in one workflow, as { line, message }. */
export function checkCalls(workflow) {
  const problems = [];
  const { data, lineOf, file } = workflow;
  const workflowGrant = permissionMap(data.permissions);
  for (const [jobId, job] of Object.entries(data.jobs ?? {})) {
    if (typeof job?.uses !== "string" || !job.uses.includes(".github/workflows/")) continue;
    const calleeFile = resolveCallee(job.uses, file);
    if (!calleeFile) continue; // another repository: its contract is not here to check
    const at = (...path) => lineOf(["jobs", jobId, ...path]);
    if (!existsSync(calleeFile)) {
      problems.push({ line: at("uses"), message: `job ${jobId}: ${job.uses} does not exist (${shown(calleeFile)})` });
      continue;
    }
    const callee = calleeContract(calleeFile);
    const calleeName = shown(calleeFile);

    const jobGrant = permissionMap(job.permissions);
    const grant = jobGrant ?? workflowGrant ?? RESTRICTED_DEFAULT;
    const where = jobGrant ? "" : workflowGrant ? " (the workflow's permissions)" : " (no permissions: block — the repository's default, read-only at best)";
    const short = Object.fromEntries(Object.entries(callee.needs).filter(([scope, level]) => (grant[scope] ?? 0) < level));
    if (Object.keys(short).length > 0) {
      const granted = Object.fromEntries(Object.keys(short).map((scope) => [scope, grant[scope] ?? 0]));
      const line = jobGrant ? at("permissions") : at("uses");
      for (const scope of Object.keys(short)) {
        problems.push({
          line,
          message: `job ${jobId} grants ${scope}: ${levelName(granted[scope])}${where} but ${callee.neededBy[scope]} needs ${scope}: ${levelName(short[scope])}; GitHub refuses the whole run before any if: — grant ${describe({ ...Object.fromEntries(Object.entries(grant).filter(([, l]) => l > 0)), ...callee.needs })}`,
        });
      }
    }

    if (job.secrets !== "inherit") {
      const passed = job.secrets ?? {};
      for (const name of Object.keys(passed)) {
        if (!(name in callee.secrets)) problems.push({ line: at("secrets", name), message: `job ${jobId}: secret ${name} is not declared by ${calleeName} (declared: ${Object.keys(callee.secrets).join(", ") || "none"})` });
      }
      for (const [name, spec] of Object.entries(callee.secrets)) {
        if (spec?.required && !(name in passed)) problems.push({ line: at("uses"), message: `job ${jobId}: required secret ${name} of ${calleeName} is not passed` });
      }
    }

    const given = job.with ?? {};
    for (const [name, value] of Object.entries(given)) {
      const spec = callee.inputs[name];
      if (!spec) {
        problems.push({ line: at("with", name), message: `job ${jobId}: input ${name} is not declared by ${calleeName} (declared: ${Object.keys(callee.inputs).join(", ") || "none"})` });
        continue;
      }
      if (isExpression(value)) continue;
      const type = spec.type ?? "string";
      const ok = type === "boolean" ? typeof value === "boolean" : type === "number" ? typeof value === "number" : typeof value !== "object";
      if (!ok) problems.push({ line: at("with", name), message: `job ${jobId}: input ${name} is a ${type} in ${calleeName}, got ${JSON.stringify(value)}` });
    }
    for (const [name, spec] of Object.entries(callee.inputs)) {
      if (spec?.required && spec.default === undefined && !(name in given)) problems.push({ line: at("uses"), message: `job ${jobId}: required input ${name} of ${calleeName} is not passed` });
    }
  }
  return problems;
}

/** FILE:LINE: message lines for the given workflow files. */
export function checkFiles(files) {
  const lines = [];
  for (const file of files) {
    let workflow;
    try {
      workflow = loadWorkflow(readFileSync(file, "utf8"), file);
    } catch (error) {
      lines.push(error.message);
      continue;
    }
    for (const problem of checkCalls(workflow)) lines.push(`${file}:${problem.line}: ${problem.message}`);
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  const lines = checkFiles(files);
  for (const line of lines) console.error(line);
  console.log(`check-reusable-calls: ${files.length} workflows, ${lines.length} problems`);
  process.exit(lines.length ? 1 : 0);
}
