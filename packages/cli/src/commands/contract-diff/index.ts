/** contract-diff: read both specs → diff → accepted breaks → call sites → lines → report. */
import { stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { InputError } from "../../kernel/errors.js";
import type { RunContext } from "../../cli/context.js";
import type { CommandResult } from "../../kernel/result.js";
import { displayPath, readTextFile, resolveFrom } from "../../io/fs.js";
import { fileExistsAtRevision, ignoredBy, isTracked, renameSourceAtRevision, type RenameSource } from "../../io/git-revision.js";
import { exportSpecs } from "./export.js";
import { loadSpec, type Spec } from "./load/spec.js";
import { parseSourceArgument, type SpecSource } from "./load/source.js";
import { diffSpecs } from "./diff/operations.js";
import { applyIgnores, parseIgnoreFile, type IgnoreEntry } from "./report/ignore.js";
import { findCallSites, type CallSite } from "./report/consumers.js";
import { locateLines } from "./report/locate.js";
import { buildResult } from "./report/build.js";
import type { Change } from "./model.js";
import type { ContractDiffOptions } from "./options.js";

export async function run(options: ContractDiffOptions, ctx: RunContext, today: Date = new Date()): Promise<CommandResult> {
  let baseSource = parseSourceArgument(options.base, ctx.cwd);
  const headSource = parseSourceArgument(options.head, ctx.cwd);
  const ref = options.baseRef;

  // A head spec git does not track (e.g. gitignored) is never on the base branch: without an
  // export command the gate would "pass" on every change without comparing anything.
  if (options.requireTracked && !options.export && headSource.kind === "file" && !(await isTracked(ctx.cwd, headSource.path))) {
    return untrackedHead(headSource.shownAs, ref?.ref ?? "the base branch", await ignoredBy(ctx.cwd, headSource.path));
  }

  let loaded: { base: Spec; head: Spec; baseShown: string; headShown: string } | undefined;
  let moved: RenameSource | undefined;
  if (options.export && ref) {
    loaded = await exportSpecs(options.export, options.head, ref.ref, ctx);
  } else if (options.baseMayBeMissing && baseSource.kind === "git" && !(await fileExistsAtRevision(ctx.cwd, baseSource.ref, baseSource.path))) {
    // A moved (or copied) spec is not new: its clients use the old path's spec today, so that is
    // the base. Without this a move plus a removed operation passed as a "first introduction".
    moved = await renameSourceAtRevision(ctx.cwd, baseSource.ref, baseSource.path);
    if (moved) {
      baseSource = { kind: "git", ref: baseSource.ref, path: moved.from, shownAs: `git:${baseSource.ref}:${moved.from}` };
    } else {
      // First introduction: nothing to compare with, but the head is read and validated (a broken
      // spec fails here), which is the work this run does.
      const head = await loadSpec(headSource, ctx.cwd);
      return firstIntroduction(baseSource, headSource.shownAs, head, options);
    }
  }

  // Ignore file first: a typo in it should fail before a long diff.
  let entries: IgnoreEntry[] = [];
  let ignoreShown = "";
  if (options.ignore) {
    const path = resolveFrom(ctx.cwd, options.ignore);
    ignoreShown = displayPath(ctx.cwd, path);
    entries = parseIgnoreFile(await readTextFile(path, ignoreShown), ignoreShown);
  }

  const [base, head] = loaded ? [loaded.base, loaded.head] : await Promise.all([loadSpec(baseSource, ctx.cwd), loadSpec(headSource, ctx.cwd)]);
  const changes = diffSpecs(base, head, today);
  const outcome = applyIgnores(changes, entries, ignoreShown, today);

  let callSites = new Map<string, CallSite[]>();
  if (options.consumers.length) {
    const operations = [...new Set(outcome.kept.filter((change) => change.level !== "info").map((change) => change.operation))];
    const dirs = options.consumers.map((dir) => ({ absolute: resolveFrom(ctx.cwd, dir), shown: displayPath(ctx.cwd, resolveFrom(ctx.cwd, dir)) }));
    for (const dir of dirs) await readDirectoryOrFail(dir.absolute, dir.shown);
    callSites = await findCallSites(dirs, operations);
  }

  // Annotations point into the head file when it is a file inside the working directory.
  const lines = new Map<Change, number>();
  let annotateFile: string | undefined;
  if (headSource.kind === "file" && !isAbsolute(headSource.shownAs) && !headSource.shownAs.startsWith("..")) {
    annotateFile = headSource.shownAs;
    const inRoot = outcome.kept.filter((change) => change.pointer && change.pointer.document === head.root.uri);
    const located = locateLines(head.root.text, inRoot.map((change) => change.pointer!.segments));
    for (const change of inRoot) lines.set(change, located.get(change.pointer!.segments.join("\u0000")) ?? 1);
  }

  const warnings = [...outcome.warnings];
  if (base.version !== head.version) warnings.push(`compared OpenAPI ${base.version} (base) with ${head.version} (head); equivalent spellings (nullable, type arrays, anyOf null) are normalised`);
  const result = buildResult({
    baseShown: loaded?.baseShown ?? baseSource.shownAs,
    headShown: loaded?.headShown ?? headSource.shownAs,
    failOn: options.failOn,
    outcome,
    lines,
    annotateFile,
    callSites,
    consumersScanned: options.consumers.length > 0,
    warnings,
  });
  const compared = new Set([...operationKeys(base), ...operationKeys(head)]).size;
  return withBaseRef(
    withRenamedBase(
      {
        ...result,
        work: { count: compared, what: "operations compared", missing: compared ? undefined : "neither spec has an operation (no paths or webhooks)" },
      },
      moved,
      baseSource,
    ),
    options,
  );
}

/** Say which base path a moved spec was compared with, in the summary, the report and the JSON (`baseRenamedFrom`). */
function withRenamedBase(result: CommandResult, moved: RenameSource | undefined, baseSource: SpecSource): CommandResult {
  if (!moved || baseSource.kind !== "git") return result;
  const note = `compared with ${moved.from} at ${baseSource.ref} (${moved.how}, ${moved.similarity}% similar)`;
  return {
    ...result,
    summary: `${result.summary} — ${note}`,
    blocks: [{ kind: "paragraph", text: `${note}: the spec does not exist at its new path on ${baseSource.ref}`, tone: "muted" }, ...result.blocks],
    json: { ...result.json, baseRenamedFrom: moved.from, baseRename: moved.how, renameSimilarity: moved.similarity },
  };
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * `METHOD /path` of every operation under `paths`, and `METHOD (webhook name)` under 3.1 `webhooks`
 * (path items behind a $ref included; a webhooks-only description, like GitHub's, is compared too).
 */
function operationKeys(spec: Spec): Set<string> {
  const keys = new Set<string>();
  for (const section of ["paths", "webhooks"] as const) {
    const container = spec.value[section];
    if (!container || typeof container !== "object") continue;
    for (const [name, item] of Object.entries(container as Record<string, unknown>)) {
      const resolved = spec.resolve<Record<string, unknown>>({ node: item, doc: spec.root.uri, pointer: [section, name] }).node;
      if (!resolved || typeof resolved !== "object") continue;
      for (const method of Object.keys(resolved)) if (METHODS.has(method)) keys.add(`${method.toUpperCase()} ${section === "webhooks" ? `(webhook ${name})` : name}`);
    }
  }
  return keys;
}

const CHOSEN_BY: Record<string, string> = {
  "--base": "--base",
  "contractDiff.base": "contractDiff.base",
  GITHUB_BASE_REF: "the pull request's base branch (GITHUB_BASE_REF)",
  "origin/HEAD": "the remote's default branch (origin/HEAD)",
  default: "the first of origin/main, origin/master, main, master that exists",
};

/** Name the base ref in the summary, the report and the JSON (`baseRef`, `baseChosenBy`, `exported`). */
function withBaseRef(result: CommandResult, options: ContractDiffOptions): CommandResult {
  const ref = options.baseRef;
  if (!ref) return result;
  const how = options.export ? `; both specs generated by contractDiff.export (${options.export})` : "";
  return {
    ...result,
    summary: `${result.summary} — base ${ref.ref}`,
    blocks: [{ kind: "paragraph", text: `base: ${ref.ref}, chosen by ${CHOSEN_BY[ref.chosenBy] ?? ref.chosenBy}${how}`, tone: "muted" }, ...result.blocks],
    json: { ...result.json, baseRef: ref.ref, baseChosenBy: ref.chosenBy, exported: Boolean(options.export) },
  };
}

/** A spec new on this branch: read and validated, nothing to compare it with yet. */
function firstIntroduction(baseSource: SpecSource & { kind: "git" }, headShown: string, head: Spec, options: ContractDiffOptions): CommandResult {
  const operations = operationKeys(head).size;
  const summary = `${baseSource.path} does not exist at ${baseSource.ref}: a new spec (${operations} operation${operations === 1 ? "" : "s"}, valid), nothing to compare yet`;
  return withBaseRef(
    {
      command: "contract-diff",
      verdict: "passed",
      summary,
      blocks: [{ kind: "paragraph", text: `notice: ${summary}; the next change is compared against it once it is merged.`, tone: "muted" }],
      findings: [],
      warnings: [],
      // Reading and validating the new spec is the work; a spec with no operation validated nothing.
      work: { count: operations, what: "operations read in the new spec", missing: operations ? undefined : `${headShown} declares no operation` },
      json: {
        base: baseSource.shownAs,
        head: headShown,
        failOn: options.failOn,
        breaking: 0,
        counts: { breaking: 0, warning: 0, info: 0, accepted: 0 },
        changes: [],
        accepted: [],
        newSpec: true,
        operations,
      },
    },
    options,
  );
}

/** The gate fails: a head spec git does not track can never be compared with the base branch. */
function untrackedHead(shown: string, ref: string, ignoreRule: string | undefined): CommandResult {
  const why = ignoreRule ? `it is ignored by ${ignoreRule}` : "it is not committed";
  const summary = `${shown} is not tracked by git (${why}), so ${ref} can never have it: nothing would ever be compared`;
  return {
    command: "contract-diff",
    verdict: "failed",
    summary,
    blocks: [
      { kind: "paragraph", text: summary, tone: "bad" },
      { kind: "heading", text: "How to fix" },
      {
        kind: "list",
        items: [
          `commit the spec: git add${ignoreRule ? " -f" : ""} ${shown} (and keep it fresh in CI), or`,
          "set contractDiff.export to the command that writes it, e.g. for FastAPI: export: python -c \"import json; from app.main import app; print(json.dumps(app.openapi()))\" > " +
            shown +
            " (docs/contract-diff.md, Generated specs)",
        ],
      },
    ],
    findings: [{ ruleId: "spec-not-tracked", level: "error", title: "contract-diff: spec not tracked", message: summary }],
    rules: [{ id: "spec-not-tracked", shortDescription: "The head spec is not tracked by git and no contractDiff.export generates it", level: "error" }],
    warnings: [],
    work: { count: 0, what: "operations compared", missing: `${shown} is not tracked by git` },
    json: { head: shown, notTracked: true, ignoredBy: ignoreRule ?? null, breaking: 0, changes: [] },
  };
}

async function readDirectoryOrFail(path: string, shown: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError("--consumers: not a directory", { file: shown });
}
