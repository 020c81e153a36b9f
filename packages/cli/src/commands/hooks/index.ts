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
import { BLOCK_START, CHAINED_SUFFIX, appendBlock, plainHook, replaceBlock } from "./script.js";

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

async function writeExecutable(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text);
  await chmod(path, 0o755);
}

async function installLefthook(file: string, shown: string, runner: string | undefined): Promise<Installation> {
  const text = (await readOptional(file)) ?? "";
  const document = parseDocument(text);
  if (document.errors.length) {
    const error = document.errors[0]!;
    throw new InputError(`not valid YAML: ${error.message.split("\n")[0]}`, { file: shown, line: error.linePos?.[0]?.line });
  }
  if (document.contents !== null && !isMap(document.contents)) throw new InputError("expected a mapping at the top level", { file: shown });
  const run = `${runner ?? "npx --no-install crm-devex"} secret-scan --staged`;
  const existing = document.getIn(["pre-commit", "commands", LEFTHOOK_COMMAND, "run"]);
  document.setIn(["pre-commit", "commands", LEFTHOOK_COMMAND, "run"], run);
  await writeFileAtomic(file, document.toString());
  return { manager: "lefthook", file: shown, action: existing === undefined ? "appended" : "updated", next: "run `npx lefthook install` once if lefthook's hooks are not installed in this clone yet" };
}

async function installBlockFile(file: string, shown: string, manager: Manager, runner: string | undefined): Promise<Installation> {
  const existing = await readOptional(file);
  const text = existing === undefined ? appendBlock("", runner) : existing.includes(BLOCK_START) ? replaceBlock(existing, runner) : appendBlock(existing, runner);
  await writeExecutable(file, text);
  return { manager, file: shown, action: existing === undefined ? "created" : existing.includes(BLOCK_START) ? "updated" : "appended" };
}

async function installPlain(dir: string, cwd: string, manager: Manager, runner: string | undefined): Promise<Installation> {
  const file = join(dir, "pre-commit");
  const shown = display(cwd, file);
  const existing = await readOptional(file);
  if (existing !== undefined && existing.includes(BLOCK_START)) {
    // Ours already: refresh the block, keep whatever else the file says.
    await writeExecutable(file, replaceBlock(existing, runner));
    return { manager, file: shown, action: "updated" };
  }
  let chained: string | undefined;
  if (existing !== undefined) {
    const target = `${file}${CHAINED_SUFFIX}`;
    if (await pathExists(target)) throw new InputError(`both a foreign pre-commit hook and ${display(cwd, target)} exist; merge them by hand`, { file: shown });
    await rename(file, target);
    await chmod(target, 0o755);
    chained = display(cwd, target);
  }
  await writeExecutable(file, plainHook(runner));
  return { manager, file: shown, action: chained ? "chained" : "created", ...(chained ? { chained } : {}) };
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

/** Install into the setup the repository already uses. */
export async function install(options: HooksInstallOptions, ctx: RunContext): Promise<Installation> {
  const top = await gitTopLevel(ctx.cwd);
  if (!top) throw new InputError("not a git repository (run `git init` first)", { file: ctx.cwd });
  for (const name of LEFTHOOK_FILES) {
    if (await pathExists(join(top, name))) return installLefthook(join(top, name), display(ctx.cwd, join(top, name)), options.runner);
  }
  const hooksPath = await gitConfig(top, "core.hooksPath");
  if ((await pathExists(join(top, ".husky"))) || hooksPath?.replace(/^\.\//, "").startsWith(".husky")) {
    const file = join(top, ".husky", "pre-commit");
    return installBlockFile(file, display(ctx.cwd, file), "husky", options.runner);
  }
  if (hooksPath) return installPlain(resolve(top, hooksPath), ctx.cwd, "core.hooksPath", options.runner);
  const gitHooks = (await runGit(top, ["rev-parse", "--git-path", "hooks"], "git")).toString("utf8").trim();
  return installPlain(resolve(top, gitHooks), ctx.cwd, "git", options.runner);
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
