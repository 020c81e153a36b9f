/**
 * `hooks install`: put `crm-devex secret-scan --staged` in front of every commit,
 * through whatever hook setup the repo already has — lefthook config, husky
 * directory, core.hooksPath, or plain .git/hooks — and never overwrite a hook:
 * an existing plain hook is moved aside and chained, husky files get a block appended.
 */
import { chmod, readFile, rename } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { parseDocument, isMap } from "yaml";
import type { RunContext } from "../../cli/context.js";
import { InputError } from "../../kernel/errors.js";
import type { CommandResult } from "../../kernel/result.js";
import { pathExists, writeFileAtomic } from "../../io/fs.js";
import { gitTopLevel } from "../../io/git.js";
import { runGit } from "../../io/git-stream.js";
import type { HooksInstallOptions } from "./options.js";
import { BLOCK_START, CHAINED_SUFFIX, appendBlock, lefthookRun, plainHook, replaceBlock } from "./script.js";

type Manager = "lefthook" | "husky" | "core.hooksPath" | "git";

interface Installation {
  manager: Manager;
  /** The file written, relative to cwd. */
  file: string;
  action: "created" | "updated" | "appended" | "chained";
  /** Where the previous hook went, when one was chained. */
  chained?: string;
  next?: string;
}

/**
 * What installing would change, computed without writing: `init` shows it as a
 * diff (--dry-run) and skips it when `after` equals `before` (already installed).
 */
export interface HookPlan extends Installation {
  /** Absolute path of the file to write. */
  path: string;
  before: string | undefined;
  after: string;
  executable: boolean;
  /** A foreign hook moved aside (absolute paths) so ours can run it first. */
  move?: { from: string; to: string };
}

const LEFTHOOK_FILES = ["lefthook.yml", "lefthook.yaml", ".lefthook.yml", ".lefthook.yaml"];
const LEFTHOOK_COMMAND = "crm-devex-secret-scan";

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(`cannot read: ${(error as Error).message}`, { file: path }, { cause: error });
  }
}

async function planLefthook(file: string, shown: string, runner: string | undefined): Promise<HookPlan> {
  const before = await readOptional(file);
  const document = parseDocument(before ?? "");
  if (document.errors.length) {
    const error = document.errors[0]!;
    throw new InputError(`not valid YAML: ${error.message.split("\n")[0]}`, { file: shown, line: error.linePos?.[0]?.line });
  }
  if (document.contents !== null && !isMap(document.contents)) throw new InputError("expected a mapping at the top level", { file: shown });
  const run = lefthookRun(runner);
  const existing = document.getIn(["pre-commit", "commands", LEFTHOOK_COMMAND, "run"]);
  document.setIn(["pre-commit", "commands", LEFTHOOK_COMMAND, "run"], run);
  return {
    manager: "lefthook",
    file: shown,
    path: file,
    before,
    after: document.toString(),
    executable: false,
    action: existing === undefined ? "appended" : "updated",
    next: "run `npx lefthook install` once if lefthook's hooks are not installed in this clone yet",
  };
}

async function planBlockFile(file: string, shown: string, manager: Manager, runner: string | undefined): Promise<HookPlan> {
  const before = await readOptional(file);
  const after = before === undefined ? appendBlock("", runner) : before.includes(BLOCK_START) ? replaceBlock(before, runner) : appendBlock(before, runner);
  return { manager, file: shown, path: file, before, after, executable: true, action: before === undefined ? "created" : before.includes(BLOCK_START) ? "updated" : "appended" };
}

async function planPlain(dir: string, cwd: string, manager: Manager, runner: string | undefined): Promise<HookPlan> {
  const file = join(dir, "pre-commit");
  const shown = display(cwd, file);
  const before = await readOptional(file);
  if (before !== undefined && before.includes(BLOCK_START)) {
    // Ours already: refresh the block, keep whatever else the file says.
    return { manager, file: shown, path: file, before, after: replaceBlock(before, runner), executable: true, action: "updated" };
  }
  if (before === undefined) return { manager, file: shown, path: file, before, after: plainHook(runner), executable: true, action: "created" };
  const target = `${file}${CHAINED_SUFFIX}`;
  if (await pathExists(target)) throw new InputError(`both a foreign pre-commit hook and ${display(cwd, target)} exist; merge them by hand`, { file: shown });
  // The foreign hook moves aside and our new file replaces it (so the diff starts from nothing).
  return { manager, file: shown, path: file, before: undefined, after: plainHook(runner), executable: true, action: "chained", chained: display(cwd, target), move: { from: file, to: target } };
}

function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel.startsWith("..") ? path : rel).split(sep).join("/");
}

async function gitConfig(cwd: string, key: string): Promise<string | undefined> {
  try {
    return (await runGit(cwd, ["config", "--get", key], "git config")).toString("utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Where and what installing into the setup the repository already uses would write. Reads only. */
export async function planInstall(options: HooksInstallOptions, ctx: Pick<RunContext, "cwd">): Promise<HookPlan> {
  const top = await gitTopLevel(ctx.cwd);
  if (!top) throw new InputError("not a git repository (run `git init` first)", { file: ctx.cwd });
  for (const name of LEFTHOOK_FILES) {
    if (await pathExists(join(top, name))) return planLefthook(join(top, name), display(ctx.cwd, join(top, name)), options.runner);
  }
  const hooksPath = await gitConfig(top, "core.hooksPath");
  if ((await pathExists(join(top, ".husky"))) || hooksPath?.replace(/^\.\//, "").startsWith(".husky")) {
    const file = join(top, ".husky", "pre-commit");
    return planBlockFile(file, display(ctx.cwd, file), "husky", options.runner);
  }
  if (hooksPath) return planPlain(resolve(top, hooksPath), ctx.cwd, "core.hooksPath", options.runner);
  const gitHooks = (await runGit(top, ["rev-parse", "--git-path", "hooks"], "git")).toString("utf8").trim();
  return planPlain(resolve(top, gitHooks), ctx.cwd, "git", options.runner);
}

/**
 * Carry out a plan: move a foreign hook aside, write ours. Shell hooks are made executable —
 * also a husky file tracked as 100644, which git would otherwise skip, scan and all.
 */
export async function applyInstall(plan: HookPlan): Promise<void> {
  if (plan.move) {
    await rename(plan.move.from, plan.move.to);
    await chmod(plan.move.to, 0o755);
  }
  await writeFileAtomic(plan.path, plan.after);
  if (plan.executable) await chmod(plan.path, 0o755);
}

/** Install into the setup the repository already uses. */
export async function install(options: HooksInstallOptions, ctx: RunContext): Promise<Installation> {
  const plan = await planInstall(options, ctx);
  await applyInstall(plan);
  return plan;
}

const MANAGER_WORDS: Record<Manager, string> = {
  lefthook: "lefthook config",
  husky: "husky hook",
  "core.hooksPath": "core.hooksPath hook",
  git: "git hook",
};

export async function run(options: HooksInstallOptions, ctx: RunContext): Promise<CommandResult> {
  const done = await install(options, ctx);
  const verb = { created: "installed", updated: "updated", appended: "added to", chained: "installed (previous hook chained)" }[done.action];
  const summary = `pre-commit secret scan ${verb} — ${MANAGER_WORDS[done.manager]} ${done.file}`;
  const items = [`every \`git commit\` now runs \`crm-devex secret-scan --staged\` on the staged blobs`];
  if (done.chained) items.push(`the hook that was there runs first, from ${done.chained}`);
  if (done.next) items.push(done.next);
  // The hook never downloads crm-devex: say up front what a new clone or worktree needs.
  if (!options.runner && done.manager !== "lefthook") items.push("it runs this checkout's ./node_modules/.bin/crm-devex (or crm-devex on PATH): in a new clone or git worktree, run npm install first, or the hook blocks with \"crm-devex is not installed in this checkout\"");
  items.push("CI should run `crm-devex secret-scan` too: `git commit --no-verify` skips hooks");
  return {
    command: "hooks install",
    verdict: "passed",
    summary,
    blocks: [{ kind: "list", items }],
    findings: [],
    warnings: [],
    json: { manager: done.manager, file: done.file, action: done.action, ...(done.chained ? { chained: done.chained } : {}) },
  };
}
