/**
 * `init`: detect → plan → show or ask → apply. Detection and planning read only;
 * nothing is written before the user said --yes or picked the files on a terminal.
 */
import { delimiter, join } from "node:path";
import type { RawOutput, RunContext } from "../../cli/context.js";
import { canonicalPath, isExecutable } from "../../io/dir.js";
import { pathExists, readTextFile, resolveFrom, writeFileAtomic } from "../../io/fs.js";
import { gitTopLevel } from "../../io/git.js";
import { InputError, UsageError } from "../../kernel/errors.js";
import type { SecretDetector } from "../env-validate/analyse.js";
import { detectSecretsInLine } from "../env-validate/secret-detector.js";
import { applyInstall, planInstall, type HookPlan } from "../hooks/index.js";
import { unifiedDiff } from "./diff.js";
import type { Detection, FileChange } from "./model.js";
import type { InitOptions } from "./options.js";
import { CONFIG_FILE, WORKFLOW_FILE, pendingChanges, planChanges } from "./plan.js";
import { frameworkName } from "./render-config.js";
import { nodeTool, parsePackageJson } from "./projects.js";
import { scanRepository } from "./scan.js";

function describeStack(detection: Detection): string {
  if (detection.projects.length === 0) return "no application (no package.json or Python project with a known framework or its own source); writing the secret scan only";
  return detection.projects
    .map((project) => {
      const language = project.language === "python" ? "Python" : project.language === "typescript" ? "TypeScript" : "JavaScript";
      return `${project.dir === "." ? "./" : `${project.dir}/`} (${[language, ...project.frameworks.map(frameworkName)].join(", ")})`;
    })
    .join(", ");
}

/** Pick files on a terminal. Loaded only here: every other run stays free of the prompt library. */
async function askWhichFiles(pending: FileChange[], stack: string): Promise<FileChange[]> {
  const prompts = await import("@clack/prompts");
  prompts.intro("crm-devex init");
  prompts.note(stack, "Found");
  const chosen = await prompts.multiselect({
    message: "Write these files? (space toggles, enter confirms)",
    options: pending.map((change) => ({ value: change.path, label: change.path, hint: `${change.before === undefined ? "new" : "changed"} — ${change.purpose}` })),
    initialValues: pending.map((change) => change.path),
    required: false,
  });
  if (prompts.isCancel(chosen)) {
    prompts.cancel("Nothing written.");
    return [];
  }
  prompts.outro(`${chosen.length} file${chosen.length === 1 ? "" : "s"} to write`);
  return pending.filter((change) => chosen.includes(change.path));
}

/** Whether `program` is an executable file in one of PATH's folders (what `command -v` answers). */
async function onPath(program: string, path: string | undefined): Promise<boolean> {
  for (const dir of (path ?? "").split(delimiter).filter(Boolean)) if (await isExecutable(join(dir, program))) return true;
  return false;
}

/** Whether the root package.json already lists crm-devex, so the hook finds it after `npm install`. */
async function declaresCrmDevex(root: string): Promise<boolean> {
  const text = await readIfExists(root, "package.json");
  if (text === undefined) return false;
  const pkg = parsePackageJson(text, "package.json");
  return "crm-devex" in { ...pkg.dependencies, ...pkg.devDependencies };
}

async function readIfExists(root: string, path: string): Promise<string | undefined> {
  const absolute = resolveFrom(root, path);
  return (await pathExists(absolute)) ? readTextFile(absolute, path) : undefined;
}

export async function run(options: InitOptions, ctx: RunContext, detectSecrets: SecretDetector = detectSecretsInLine): Promise<RawOutput> {
  const top = await gitTopLevel(ctx.cwd);
  if (!top) throw new InputError("not a git repository (run `git init` first, or pass --cwd with the repository's folder)", { file: ctx.cwd });
  if ((await canonicalPath(top)) !== (await canonicalPath(ctx.cwd))) {
    throw new UsageError(`init writes the config and the CI workflow at the repository root: run it in ${top} (or pass --cwd ${top})`);
  }
  const root = ctx.cwd;
  const { detection, files } = await scanRepository(root, detectSecrets);
  let hook: HookPlan | undefined;
  if (options.hooks) hook = await planInstall({}, { cwd: root });
  const existingContract = ctx.config.contractDiff as { export?: unknown } | undefined;
  let changes = await planChanges({
    detection,
    files,
    existingConfig: ctx.configFile,
    existingConfigExports: typeof existingContract?.export === "string",
    read: (path) => readIfExists(root, path),
    hook,
    detectSecrets,
  });
  if (!options.workflow) changes = changes.filter((change) => change.path !== WORKFLOW_FILE);

  const stack = describeStack(detection);
  const pending = pendingChanges(changes);
  const lines = [`crm-devex init: found ${stack}`];
  const kept = changes.filter((change) => change.kept).map((change) => `kept    ${change.path} — ${change.kept}`);
  const unchanged = changes.filter((change) => !change.kept && change.before === change.after).map((change) => `ok      ${change.path} — up to date`);

  if (pending.length === 0) {
    lines.push(...kept, ...unchanged, "nothing to write: crm-devex is already set up here");
    return { kind: "raw", text: `${lines.join("\n")}\n` };
  }
  if (options.dryRun) {
    for (const change of pending) lines.push("", `# ${change.path} — ${change.before === undefined ? "new" : "changed"}: ${change.purpose}`, unifiedDiff(change.path, change.before, change.after).trimEnd());
    lines.push("", ...kept, ...unchanged, `dry run: ${pending.length} file${pending.length === 1 ? "" : "s"} would be written, nothing was (run with --yes to write)`);
    return { kind: "raw", text: `${lines.join("\n")}\n` };
  }

  const chosen = options.interactive ? await askWhichFiles(pending, stack) : pending;
  for (const change of chosen) {
    if (hook && change.path === hook.file) await applyInstall(hook);
    else await writeFileAtomic(resolveFrom(root, change.path), change.after);
    lines.push(`wrote   ${change.path} — ${change.purpose}`);
  }
  const skipped = pending.filter((change) => !chosen.includes(change)).map((change) => `skipped ${change.path} — not chosen`);
  lines.push(...skipped, ...kept, ...unchanged);
  if (chosen.length) {
    if (hook && chosen.some((change) => change.path === hook.file) && !(await declaresCrmDevex(root))) {
      // The hook never downloads anything: it needs the checkout's own install (or one on PATH).
      const add = { npm: "npm i -D", pnpm: "pnpm add -D", yarn: "yarn add -D", bun: "bun add -d" }[nodeTool(files, ".")];
      lines.push(`next: ${add} crm-devex   (the pre-commit hook runs ./node_modules/.bin/crm-devex; without it every commit is blocked with "crm-devex is not installed in this checkout")`);
    }
    // The export runs the project's own tool; say so now rather than let the first check exit 2 unexplained.
    const tool = detection.fastapi && chosen.some((change) => change.path === CONFIG_FILE) ? detection.fastapi.project.tool : undefined;
    const runner = tool === "uv" || tool === "poetry" || tool === "pipenv" ? tool : undefined;
    if (runner && !(await onPath(runner, ctx.env.PATH))) {
      lines.push(`note: ${runner} is not on PATH here, so contract-diff's export cannot run on this machine (check exits 2 naming it) until ${runner} is installed; the CI workflow installs it`);
    }
    lines.push("next: npx crm-devex check   (every gate the config enables; exit 1 means a gate found something to fix)");
  } else lines.push("nothing written");
  return { kind: "raw", text: `${lines.join("\n")}\n` };
}
