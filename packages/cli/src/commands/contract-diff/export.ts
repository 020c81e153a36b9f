/**
 * Generated specs (contractDiff.export): run the user's export command for the head in the work
 * tree and for the base in a temporary worktree of the base commit, then load both specs.
 */
import { stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { RunContext } from "../../cli/context.js";
import { UsageError } from "../../kernel/errors.js";
import { displayPath, resolveFrom } from "../../io/fs.js";
import { gitTopLevel } from "../../io/git.js";
import { withWorktree } from "../../io/git-worktree.js";
import { runShellCommand } from "../../io/shell.js";
import { loadSpec, type Spec } from "./load/spec.js";

export interface ExportedSpecs {
  base: Spec;
  head: Spec;
  baseShown: string;
  headShown: string;
}

async function fileStamp(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info ? `${info.mtimeMs}:${info.size}` : undefined;
}

/**
 * Run `command` in `dir` and check it wrote `specPath`. A failure is a usage error (exit 2) with
 * the end of the command's stderr: a broken export must never read as a contract verdict.
 */
async function runExport(command: string, dir: string, specPath: string, side: string, ctx: RunContext): Promise<void> {
  const before = await fileStamp(specPath);
  const outcome = await runShellCommand(command, dir, { ...ctx.env, CRM_DEVEX_EXPORT_SIDE: side });
  const shownSpec = displayPath(dir, specPath);
  if (outcome.exitCode !== 0) {
    const how = outcome.signal ? `was killed (${outcome.signal})` : `exited ${outcome.exitCode}`;
    throw new UsageError(`contractDiff.export ${how} for the ${side} (${command})`, {
      details: [...(outcome.tail ? outcome.tail.split("\n").map((line) => `  ${line}`) : ["  (no output)"]), `ran in ${dir}`],
    });
  }
  const after = await fileStamp(specPath);
  if (after === undefined || after === before) {
    throw new UsageError(`contractDiff.export succeeded for the ${side} but did not write ${shownSpec}: the command must write the spec to contractDiff.head`, {
      details: [`ran in ${dir}: ${command}`],
    });
  }
}

/** Export and load the head (work tree) and base (a temporary worktree of `baseRef`, always removed). */
export async function exportSpecs(command: string, head: string, baseRef: string, ctx: RunContext): Promise<ExportedSpecs> {
  const headPath = resolveFrom(ctx.cwd, head);
  await runExport(command, ctx.cwd, headPath, "head", ctx);
  const headShown = displayPath(ctx.cwd, headPath);
  const headSpec = await loadSpec({ kind: "file", path: headPath, shownAs: headShown }, ctx.cwd);

  const top = (await gitTopLevel(ctx.cwd)) ?? ctx.cwd;
  const inRepo = relative(top, ctx.cwd);
  const baseShown = `${headShown} exported at ${baseRef}`;
  const baseSpec = await withWorktree(ctx.cwd, baseRef, async (root) => {
    const dir = join(root, inRepo);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`contractDiff.export: ${inRepo || "."} does not exist at ${baseRef}, so the base spec cannot be exported`);
    const basePath = resolveFrom(dir, head);
    await runExport(command, dir, basePath, `base (${baseRef})`, ctx);
    return loadSpec({ kind: "file", path: basePath, shownAs: baseShown }, dir);
  });
  return { base: baseSpec, head: headSpec, baseShown, headShown };
}
