/** Where the base spec comes from when no BASE argument is given: the same file at the base branch. */
import { relative, sep } from "node:path";
import type { RunContext } from "../../cli/context.js";
import { UsageError } from "../../kernel/errors.js";
import { pathExists, resolveFrom } from "../../io/fs.js";
import { gitTopLevel } from "../../io/git.js";
import { revisionExists, symbolicRefTarget } from "../../io/git-revision.js";

/** The ref the base was read at and what chose it (`--base`, `contractDiff.base`, `GITHUB_BASE_REF`, `origin/HEAD`, `default`). */
export interface BaseRef {
  ref: string;
  chosenBy: string;
}

/** The refs tried, in order, when neither `--base`, config nor GITHUB_BASE_REF names one. */
export const FALLBACK_BASE_REFS = ["origin/HEAD", "origin/main", "origin/master", "main", "master"] as const;

/**
 * True when a `base` value names a spec (file, URL, git:REF:PATH) rather than a git ref.
 * A ref never ends in .json/.yaml/.yml in practice, and an existing file wins over a ref name.
 */
export async function isSpecSource(cwd: string, base: string): Promise<boolean> {
  if (/^(?:https?:|git:)/i.test(base) || /\.(?:json|ya?ml)$/i.test(base)) return true;
  return pathExists(resolveFrom(cwd, base));
}

/**
 * The base ref, in order: an explicit one (`--base` / `contractDiff.base`), `origin/$GITHUB_BASE_REF`
 * (a pull request in Actions), then `origin/HEAD` (the remote's default branch, e.g. `master`),
 * `origin/main`, `origin/master`, `main`, `master`. An explicit or GITHUB_BASE_REF ref that is
 * missing is a usage error (exit 2): falling back to another branch would compare against the
 * wrong contract.
 */
export async function resolveBaseRef(ctx: RunContext, explicit?: BaseRef): Promise<BaseRef | { missing: string }> {
  if (explicit) {
    if (await revisionExists(ctx.cwd, explicit.ref)) return explicit;
    throw new UsageError(`${explicit.chosenBy} ${explicit.ref}: no such git revision in this clone (fetch it, e.g. git fetch origin, or fix the name)`);
  }
  const prBase = ctx.env.GITHUB_BASE_REF?.trim();
  if (prBase) {
    const ref = `origin/${prBase}`;
    if (await revisionExists(ctx.cwd, ref)) return { ref, chosenBy: "GITHUB_BASE_REF" };
    throw new UsageError(
      `GITHUB_BASE_REF is "${prBase}" but ${ref} is not in this clone, so there is no base spec to compare against. ` +
        `Fetch the base branch: use actions/checkout with fetch-depth: 0 (or run git fetch origin ${prBase} before crm-devex)`,
    );
  }
  const originHead = await symbolicRefTarget(ctx.cwd, "origin/HEAD");
  if (originHead && (await revisionExists(ctx.cwd, originHead))) return { ref: originHead, chosenBy: "origin/HEAD" };
  for (const ref of FALLBACK_BASE_REFS.slice(1)) {
    if (await revisionExists(ctx.cwd, ref)) return { ref, chosenBy: "default" };
  }
  return { missing: `no base branch found (tried ${FALLBACK_BASE_REFS.join(", ")}): fetch the base branch or set contractDiff.base` };
}

/** `git:REF:PATH` for `head` (a path relative to cwd) at `ref`, PATH from the repository root. */
export function gitSourceAt(top: string, ctx: RunContext, ref: string, head: string): string {
  const path = relative(top, resolveFrom(ctx.cwd, head)).split(sep).join("/");
  return `git:${ref}:${path}`;
}

/** The git top level, or why a derived base is impossible. */
export async function repositoryRoot(ctx: RunContext, head: string): Promise<{ top: string } | { missing: string }> {
  if (/^(?:https?:|git:)/i.test(head)) return { missing: `set contractDiff.base: the head ${head} is not a file, so there is no default base` };
  const top = await gitTopLevel(ctx.cwd);
  if (!top) return { missing: "not a git repository, so there is no base branch to compare with: set contractDiff.base" };
  return { top };
}

/** The head spec `check` uses: the configured one, else `openapi.json` in cwd when it exists. */
export async function defaultHead(ctx: RunContext, configured: string | undefined): Promise<string | undefined> {
  if (configured) return configured;
  return (await pathExists(resolveFrom(ctx.cwd, "openapi.json"))) ? "openapi.json" : undefined;
}
