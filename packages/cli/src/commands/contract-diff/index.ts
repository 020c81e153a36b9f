/** contract-diff: read both specs → diff → accepted breaks → call sites → lines → report. */
import { stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { InputError } from "../../kernel/errors.js";
import type { RunContext } from "../../cli/context.js";
import type { CommandResult } from "../../kernel/result.js";
import { displayPath, readTextFile, resolveFrom } from "../../io/fs.js";
import { fileExistsAtRevision } from "../../io/git-revision.js";
import { loadSpec } from "./load/spec.js";
import { parseSourceArgument } from "./load/source.js";
import { diffSpecs } from "./diff/operations.js";
import { applyIgnores, parseIgnoreFile, type IgnoreEntry } from "./report/ignore.js";
import { findCallSites, type CallSite } from "./report/consumers.js";
import { locateLines } from "./report/locate.js";
import { buildResult } from "./report/build.js";
import type { Change } from "./model.js";
import type { ContractDiffOptions } from "./options.js";

export async function run(options: ContractDiffOptions, ctx: RunContext, today: Date = new Date()): Promise<CommandResult> {
  const baseSource = parseSourceArgument(options.base, ctx.cwd);
  const headSource = parseSourceArgument(options.head, ctx.cwd);

  if (options.baseMayBeMissing && baseSource.kind === "git" && !(await fileExistsAtRevision(ctx.cwd, baseSource.ref, baseSource.path))) {
    const summary = `${baseSource.path} does not exist at ${baseSource.ref}: a new spec has no breaking changes`;
    return {
      command: "contract-diff",
      verdict: "passed",
      summary,
      blocks: [{ kind: "paragraph", text: `info: ${summary}; the next change is compared against it once it is merged.`, tone: "muted" }],
      findings: [],
      warnings: [],
      json: { base: baseSource.shownAs, head: headSource.shownAs, failOn: options.failOn, breaking: 0, counts: { breaking: 0, warning: 0, info: 0, accepted: 0 }, changes: [], accepted: [], newSpec: true },
    };
  }

  // Ignore file first: a typo in it should fail before a long diff.
  let entries: IgnoreEntry[] = [];
  let ignoreShown = "";
  if (options.ignore) {
    const path = resolveFrom(ctx.cwd, options.ignore);
    ignoreShown = displayPath(ctx.cwd, path);
    entries = parseIgnoreFile(await readTextFile(path, ignoreShown), ignoreShown);
  }

  const [base, head] = await Promise.all([loadSpec(baseSource, ctx.cwd), loadSpec(headSource, ctx.cwd)]);
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
  return buildResult({
    baseShown: baseSource.shownAs,
    headShown: headSource.shownAs,
    failOn: options.failOn,
    outcome,
    lines,
    annotateFile,
    callSites,
    consumersScanned: options.consumers.length > 0,
    warnings,
  });
}

async function readDirectoryOrFail(path: string, shown: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError("--consumers: not a directory", { file: shown });
}
