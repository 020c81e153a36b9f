import { readdir, stat } from "node:fs/promises";
import { InputError, UsageError } from "../../kernel/errors.js";
import { defineCommand, type RawFlags } from "../../cli/define-command.js";
import type { RunContext } from "../../cli/context.js";
import { readTextFile, resolveFrom } from "../../io/fs.js";
import { DEFAULT_ALIAS_TEMPLATE } from "./alias.js";
import { viteEnvKey } from "./config.js";
import { previewOptions, type PreviewOptions } from "./options.js";
import { parseDuration } from "./vercel.js";

/** Long enough for a static upload on a slow day, short enough to fail well inside a 10-minute job. */
const DEFAULT_TIMEOUT = "5m";

const looksLikeId = (value: string) => /^prj_/.test(value);

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The PR number: --pr, else PR_NUMBER, else refs/pull/<N>/merge in GITHUB_REF. */
function prNumber(flags: RawFlags, env: NodeJS.ProcessEnv): number {
  const raw = (flags.pr as string | undefined) ?? env.PR_NUMBER ?? /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? "")?.[1];
  if (raw === undefined) throw new UsageError("no pull request number: pass --pr N (or set PR_NUMBER)");
  if (!/^[1-9]\d*$/.test(raw)) throw new UsageError(`--pr ${raw}: expected a pull request number`);
  return Number(raw);
}

/** Flags win over environment, environment over config. */
function common(flags: RawFlags, ctx: RunContext) {
  const config = ctx.config.preview ?? {};
  const env = ctx.env;
  const repository = (flags.repository as string | undefined) ?? env.GITHUB_REPOSITORY;
  if (!repository) throw new UsageError("no repository: pass --repository owner/repo (or set GITHUB_REPOSITORY)");
  const vercelToken = env.VERCEL_TOKEN;
  if (!vercelToken) throw new UsageError("VERCEL_TOKEN is not set (a Vercel access token with access to the project)");
  const project = (flags.project as string | undefined) ?? env.VERCEL_PROJECT_ID ?? config.project;
  if (!project) throw new UsageError("no Vercel project: pass --project, set VERCEL_PROJECT_ID, or set preview.project in crm-devex.config");
  const projectName = [flags.project as string | undefined, config.project, env.VERCEL_PROJECT_NAME].find((value) => value && !looksLikeId(value));
  // The first one set wins, and only it is sent (as teamId, or slug for a team's name): --team beats the environment.
  const teamCandidate = [flags.team as string | undefined, env.VERCEL_TEAM_ID, env.VERCEL_ORG_ID, config.team].find((value) => value);
  // VERCEL_ORG_ID of a personal account is a user id, which is no team.
  const team = teamCandidate && !teamCandidate.startsWith("user_") ? teamCandidate : undefined;
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    repository,
    pr: prNumber(flags, env),
    project,
    projectName,
    team,
    aliasTemplate: (flags.aliasTemplate as string | undefined) ?? config.aliasTemplate ?? DEFAULT_ALIAS_TEMPLATE,
    vercelToken,
    vercelApiUrl: (flags.vercelApiUrl as string | undefined) ?? env.VERCEL_API_URL ?? "https://api.vercel.com",
    githubToken: flags.comment === false ? undefined : env.GITHUB_TOKEN || undefined,
    githubApiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    commentAuthor: flags.commentAuthor as string | undefined,
    runUrl,
  };
}

function parsed(value: unknown): PreviewOptions {
  const result = previewOptions.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`${issue.path.join(".") || "options"}: ${issue.message}`);
  }
  return result.data;
}

async function deployOptions(args: string[], flags: RawFlags, ctx: RunContext): Promise<PreviewOptions> {
  const base = common(flags, ctx);
  if (args[0] && flags.dir && args[0] !== flags.dir) throw new UsageError(`two build outputs given: ${args[0]} and --dir ${String(flags.dir)}`);
  const shown = args[0] ?? (flags.dir as string | undefined) ?? ctx.config.preview?.directory;
  if (!shown) throw new UsageError("no build output: pass the directory (e.g. `preview deploy dist`) or set preview.directory");
  const directory = resolveFrom(ctx.cwd, shown);
  const info = await stat(directory).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError("build output directory not found", { file: shown }, { expected: "the directory your build wrote (e.g. dist/), built before deploying" });
  if ((await readdir(directory)).length === 0) throw new InputError("build output directory is empty", { file: shown });
  const sha = (flags.sha as string | undefined) ?? ctx.env.PR_HEAD_SHA ?? ctx.env.GITHUB_SHA;
  if (!sha) throw new UsageError("no commit: pass --sha (or set PR_HEAD_SHA / GITHUB_SHA)");
  const fromFiles: Record<string, string> = {};
  for (const file of (flags.envFile as string[] | undefined) ?? []) Object.assign(fromFiles, await readEnvFile(ctx, file));
  const fromFlags: Record<string, string> = {};
  for (const pair of (flags.env as string[] | undefined) ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env ${pair}: expected KEY=VALUE`);
    fromFlags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const env: Record<string, string> = {};
  // Config, then files, then flags: the most specific wins.
  for (const [key, value] of Object.entries({ ...ctx.config.preview?.env, ...fromFiles, ...fromFlags })) {
    const check = viteEnvKey.safeParse(key);
    if (!check.success) throw new UsageError(`--env ${key}: ${check.error.issues[0]!.message}`);
    env[key] = value.replace(/\{pr\}/g, String(base.pr)).replace(/\{sha\}/g, sha).replace(/\{project\}/g, base.projectName ?? base.project);
  }
  const verifyPr = flags.verifyPr === true;
  if (verifyPr && !base.githubToken) throw new UsageError("--verify-pr needs GITHUB_TOKEN (and cannot be combined with --no-comment)");
  const timeoutText = (flags.timeout as string | undefined) ?? DEFAULT_TIMEOUT;
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined) throw new UsageError(`--timeout ${timeoutText}: expected a duration such as 90s, 5m or 300`);
  return parsed({ action: "deploy", ...base, directory, directoryShown: shown, sha, env, verifyPr, timeoutMs: Math.round(timeoutMs) });
}

/** KEY=VALUE lines (blank lines and # comments skipped); an unreadable file or a bad line is an InputError. */
async function readEnvFile(ctx: RunContext, shown: string): Promise<Record<string, string>> {
  const text = await readTextFile(resolveFrom(ctx.cwd, shown), shown);
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new InputError("expected KEY=VALUE", { file: shown, line: index + 1 }, { excerpt: `${index + 1} | ${raw}`, expected: "VITE_API_URL=https://…" });
    const key = match[1]!;
    const check = viteEnvKey.safeParse(key);
    if (!check.success) throw new InputError(`${key}: ${check.error.issues[0]!.message}`, { file: shown, line: index + 1 });
    values[key] = match[2]!.replace(/^(["'])(.*)\1$/, "$2");
  });
  return values;
}

const shared = (command: import("commander").Command) =>
  command
    .option("--pr <number>", "pull request number (default: PR_NUMBER, or GITHUB_REF refs/pull/N/merge)")
    .option("--repository <owner/repo>", "repository of the pull request (default: GITHUB_REPOSITORY)")
    .option("--project <name-or-id>", "Vercel project (default: VERCEL_PROJECT_ID, then preview.project)")
    .option("--team <id-or-slug>", "Vercel team id (team_…) or slug; wins over VERCEL_TEAM_ID / VERCEL_ORG_ID, then preview.team")
    .option("--alias-template <host>", `alias hostname, {project} and {pr} replaced (default: ${DEFAULT_ALIAS_TEMPLATE})`)
    .option("--vercel-api-url <url>", "Vercel API base URL (default: VERCEL_API_URL or https://api.vercel.com)")
    .option("--no-comment", "do not touch the pull request comment (no GitHub token needed)")
    .option("--comment-author <login>", "whose comments count as ours (default: the token's user; github-actions[bot] for installation tokens)");

const deployCommand = defineCommand<PreviewOptions>({
  name: "deploy",
  description: "Deploy a static build to Vercel as <project>-pr-<N>.vercel.app and update the PR comment",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) =>
    void shared(command.argument("[directory]", "static build output (default: preview.directory)"))
      .option("--dir <directory>", "same as the directory argument")
      .option("--sha <sha>", "commit being deployed (default: PR_HEAD_SHA, then GITHUB_SHA)")
      .option("--env-file <file>", "a file of VITE_*=value lines for this preview (repeatable)", collect)
      .option("--env <KEY=VALUE>", "a VITE_* variable for this preview (repeatable; {pr}, {sha}, {project} replaced)", collect)
      .option("--verify-pr", "deploy only if the PR is open and its head commit is --sha, static files only (use in workflow_run deploys)")
      .option("--timeout <duration>", `give up waiting for the deployment to be ready after this long, showing the last build events (default: ${DEFAULT_TIMEOUT})`),
  options: deployOptions,
  load: () => import("./index.js"),
});

const cleanupCommand = defineCommand<PreviewOptions>({
  name: "cleanup",
  description: "Delete a closed PR's preview deployments and alias, and mark the PR comment removed",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) =>
    void shared(command)
      .option("--deployment-id <id>", "a deployment to delete besides the one the PR comment records")
      .option("--sha <sha>", "with --verify-pr: the head commit the closed PR must have")
      .option("--verify-pr", "clean up only if the PR is closed and its head is --sha (use in workflow_run cleanups)")
      // Accepted and ignored, so one argument list (as the composite action builds it) serves deploy and cleanup.
      .option("--dir <directory>", "ignored by cleanup")
      .option("--env-file <file>", "ignored by cleanup", collect)
      .option("--env <KEY=VALUE>", "ignored by cleanup", collect)
      .option("--timeout <duration>", "ignored by cleanup"),
  options: (_args, flags, ctx) => {
    const base = common(flags, ctx);
    const verifyPr = flags.verifyPr === true;
    const sha = (flags.sha as string | undefined) ?? ctx.env.PR_HEAD_SHA;
    if (verifyPr && !base.githubToken) throw new UsageError("--verify-pr needs GITHUB_TOKEN (and cannot be combined with --no-comment)");
    if (verifyPr && !sha) throw new UsageError("--verify-pr needs --sha, the head commit of the closed pull request");
    return parsed({ action: "cleanup", ...base, deploymentId: flags.deploymentId as string | undefined, sha, verifyPr });
  },
  load: () => import("./index.js"),
});

/** `preview` itself only routes to its subcommands. It is not part of `check`: it deploys, it does not gate. */
export const previewCommand = defineCommand<never>({
  name: "preview",
  description: "Vercel preview deployment per pull request, with one living PR comment",
  formats: ["text"],
  configure: () => undefined,
  options: () => {
    throw new UsageError("choose a subcommand: `preview deploy [directory]` or `preview cleanup`");
  },
  load: () => Promise.reject(new Error("preview has no action of its own")),
  subcommands: [deployCommand as never, cleanupCommand as never],
});
