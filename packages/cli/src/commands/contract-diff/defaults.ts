/** Where the base spec comes from when nobody said: the same file on the PR's target branch. */
import { relative, sep } from "node:path";
import type { RunContext } from "../../cli/context.js";
import { pathExists, resolveFrom } from "../../io/fs.js";
import { gitTopLevel } from "../../io/git.js";
import { revisionExists } from "../../io/git-revision.js";

/** Candidate base revisions, in order: the PR's base branch in Actions, then origin/main, then main. */
export function baseRevisionCandidates(env: NodeJS.ProcessEnv): string[] {
  const candidates: string[] = [];
  if (env.GITHUB_BASE_REF) candidates.push(`origin/${env.GITHUB_BASE_REF}`);
  candidates.push("origin/main", "main");
  return [...new Set(candidates)];
}

/** `git:REF:PATH` for `head` (a path relative to cwd), or why there is none. */
export async function defaultBase(ctx: RunContext, head: string): Promise<{ base: string } | { reason: string }> {
  if (/^(?:https?:|git:)/i.test(head)) return { reason: `set contractDiff.base: the head ${head} is not a file, so there is no default base` };
  const top = await gitTopLevel(ctx.cwd);
  if (!top) return { reason: "not a git repository, so there is no main-branch baseline: set contractDiff.base" };
  const candidates = baseRevisionCandidates(ctx.env);
  for (const ref of candidates) {
    if (await revisionExists(ctx.cwd, ref)) {
      const path = relative(top, resolveFrom(ctx.cwd, head)).split(sep).join("/");
      return { base: `git:${ref}:${path}` };
    }
  }
  return { reason: `no base revision found (tried ${candidates.join(", ")}): fetch the base branch or set contractDiff.base` };
}

/** The head spec `check` uses: the configured one, else `openapi.json` in cwd when it exists. */
export async function defaultHead(ctx: RunContext, configured: string | undefined): Promise<string | undefined> {
  if (configured) return configured;
  return (await pathExists(resolveFrom(ctx.cwd, "openapi.json"))) ? "openapi.json" : undefined;
}
