/**
 * `preview deploy`: comment "building" → upload and create through Vercel's REST API → alias `<project>-pr-<N>` →
 * comment "ready" (or "error" with the failing step and log tail) → step outputs.
 * `preview cleanup`: delete the PR's deployments and alias, then mark the comment "removed".
 */
import type { RunContext } from "../../cli/context.js";
import { CrmDevexError, InputError } from "../../kernel/errors.js";
import { ExitCode } from "../../kernel/exit-codes.js";
import { maskSecret } from "../../kernel/redact.js";
import type { CommandResult, ReportBlock } from "../../kernel/result.js";
import { ApiError } from "../../io/http-retry.js";
import { setOutputs } from "../../io/github-output.js";
import { aliasHostname } from "./alias.js";
import { renderComment, type CommentDetails, type PreviewState } from "./comment.js";
import { PullRequestComments, type OwnComment } from "./github.js";
import type { PreviewCleanupOptions, PreviewDeployOptions, PreviewOptions } from "./options.js";
import { prepareStaticOutput, type StaticOutput } from "./static-output.js";
import { DeployFailure, VercelApi, type CreatedDeployment } from "./vercel.js";

/** GitHub could not be reached or refused us: the command could not do its job at all (exit 2). */
class GitHubUnavailable extends CrmDevexError {
  readonly exitCode = ExitCode.Error;
}

export async function run(options: PreviewOptions, ctx: RunContext): Promise<CommandResult> {
  const secrets = [options.vercelToken, options.githubToken].filter((value): value is string => Boolean(value));
  const mask = (text: string) => secrets.reduce((masked, secret) => masked.split(secret).join(maskSecret(secret)), text);
  try {
    return options.action === "deploy" ? await deploy(options, ctx, mask) : await cleanup(options, ctx, mask);
  } catch (error) {
    if (error instanceof ApiError && new URL(error.url).origin === new URL(options.githubApiUrl).origin) {
      throw new GitHubUnavailable(`GitHub API: ${mask(error.message)}`, { cause: error, details: ["check GITHUB_TOKEN (it needs pull-requests: write) and GITHUB_REPOSITORY"] });
    }
    throw error;
  }
}

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
const repoName = (repository: string) => repository.split("/")[1]!;

function commentsFor(options: PreviewOptions, project: string): PullRequestComments | undefined {
  if (!options.githubToken) return undefined;
  return new PullRequestComments(options.githubApiUrl, options.githubToken, options.repository, options.pr, project, undefined, options.commentAuthor);
}

async function deploy(options: PreviewDeployOptions, ctx: RunContext, mask: (text: string) => string): Promise<CommandResult> {
  // Before any comment is written: a broken vercel.json is an input error, not a failed preview.
  const output = await prepareStaticOutput(options.directory, options.directoryShown, { staticOnly: options.verifyPr });
  if (output.files.length === 0) {
    throw new InputError(options.verifyPr ? "nothing static to deploy: every file is server-side code or config (--verify-pr deploys static files only)" : "nothing to deploy", { file: options.directoryShown });
  }
  const result = await deployOutput(options, output, ctx, mask);
  if (output.droppedBuildKeys.length > 0) result.warnings.push(`deployed without the build settings of ${options.directoryShown}/vercel.json (${output.droppedBuildKeys.join(", ")}): the output is already built`);
  if (output.droppedForFork.length > 0) result.warnings.push(`--verify-pr deploys static files only; not deployed: ${output.droppedForFork.join(", ")}`);
  // The one place the step outputs are written (the composite action's run.sh leaves them alone).
  const json = result.json as { previewUrl?: string | null; deploymentId?: string | null; skipped?: string };
  if (!json.skipped) await setOutputs(ctx.env, { "preview-url": json.previewUrl ?? "", "deployment-id": json.deploymentId ?? "" });
  return result;
}

async function deployOutput(options: PreviewDeployOptions, output: StaticOutput, ctx: RunContext, mask: (text: string) => string): Promise<CommandResult> {
  const name = options.projectName ?? repoName(options.repository);
  const project = options.projectName ?? options.project;
  const comments = commentsFor(options, project);
  const vercel = new VercelApi(options.vercelApiUrl, options.vercelToken, options.team);
  const warnings: string[] = [];

  const skip = await verifyPullRequest(options, comments, "open");
  if (skip) return skip;

  let own: OwnComment[] = comments ? await comments.findOwn() : [];
  const previous = own[0]?.state;
  const details: CommentDetails = { project, pr: options.pr, runUrl: options.runUrl, env: options.env, notDeployed: output.droppedForFork };
  const write = async (state: PreviewState, extra: Partial<CommentDetails> = {}) => {
    if (!comments) return undefined;
    const outcome = await comments.upsert(renderComment(state, { ...details, ...extra }), own);
    own = [{ id: outcome.id, state, createdAt: own[0]?.createdAt ?? "" }];
    return outcome;
  };
  const live = previous?.stage === "removed" ? undefined : previous;
  const firstWrite = await write({ stage: "building", sha: options.sha, at: nowIso(), deploymentId: live?.deploymentId, others: live?.others, url: live?.url });
  ctx.log(`preview: building ${options.sha.slice(0, 7)} of ${options.repository}#${options.pr}`);

  const meta = { githubRepo: options.repository, githubPrId: String(options.pr), githubCommitSha: options.sha, createdBy: "crm-devex" };
  let hostname: string | undefined;
  let deployment: CreatedDeployment | undefined;
  try {
    deployment = await vercel.deploy({ name, project: options.project, env: options.env, meta, files: output.files, timeoutMs: options.timeoutMs });
    hostname = aliasHostname(options.aliasTemplate, options.projectName ?? deployment.name, options.pr);
    try {
      await vercel.assignAlias(deployment.id, hostname);
    } catch (error) {
      throw DeployFailure.fromApi("alias", error, deployment.id);
    }
  } catch (error) {
    if (!(error instanceof DeployFailure) && !(error instanceof ApiError)) throw error;
    const failure = error instanceof DeployFailure ? error : DeployFailure.fromApi("create", error);
    let logTail: string[] = [];
    if (failure.step === "build" && failure.deploymentId) {
      logTail = await vercel.logTail(failure.deploymentId).catch((tailError: Error) => {
        warnings.push(`could not read the build log: ${tailError.message}`);
        return [];
      });
    }
    logTail = logTail.map(mask);
    const others = [...new Set([...(live?.others ?? []), ...(failure.deploymentId ? [failure.deploymentId] : [])])];
    // The deployment's own URL when it was built but not aliased, else the last good preview.
    const deploymentUrl = deployment ? `https://${deployment.url}` : undefined;
    const fallbackUrl = deploymentUrl ?? live?.url;
    await write({ stage: "error", sha: options.sha, at: nowIso(), deploymentId: live?.deploymentId, others, url: live?.url }, { step: failure.step, message: mask(failure.message), logTail });
    const blocks: ReportBlock[] = [
      { kind: "paragraph", text: `Preview of ${options.repository}#${options.pr} failed at step "${failure.step}": ${mask(failure.message)}`, tone: "bad" },
    ];
    if (logTail.length > 0) blocks.push({ kind: "details", summary: `last ${logTail.length} log lines`, blocks: [{ kind: "code", text: logTail.join("\n") }] });
    return {
      command: "preview deploy",
      verdict: "failed",
      summary: `preview failed at ${failure.step}: ${mask(failure.message).split("\n")[0]}`,
      blocks,
      findings: [{ ruleId: `preview-${failure.step}-failed`, level: "error", message: `Preview ${failure.step} failed: ${mask(failure.message)}`, title: "preview deploy" }],
      warnings,
      json: {
        action: "deploy",
        pr: options.pr,
        sha: options.sha,
        step: failure.step,
        error: mask(failure.message),
        httpStatus: failure.status ?? null,
        requestId: failure.requestId ?? null,
        previewUrl: fallbackUrl ?? null,
        deploymentId: failure.deploymentId ?? null,
        deploymentUrl: deploymentUrl ?? null,
        notDeployed: output.droppedForFork,
        logTail,
      },
    };
  }

  const previewUrl = `https://${hostname}`;
  // The alias has moved: the PR's older deployments serve nothing any more.
  const superseded = [...new Set([live?.deploymentId, ...(live?.others ?? [])])].filter((id): id is string => Boolean(id) && id !== deployment.id);
  const kept: string[] = [];
  for (const id of superseded) {
    try {
      await vercel.deleteDeployment(id);
    } catch (error) {
      kept.push(id);
      warnings.push(`could not delete the superseded deployment ${id}: ${(error as Error).message}`);
    }
  }
  const readyAt = nowIso();
  const finalWrite = await write(
    { stage: "ready", sha: options.sha, at: readyAt, deploymentId: deployment.id, others: kept.length ? kept : undefined, url: previewUrl },
    { inspectorUrl: deployment.inspectorUrl, deploymentUrl: `https://${deployment.url}` },
  );
  const rows: string[][] = [
    ["preview", previewUrl],
    ["deployment", `${deployment.id} (https://${deployment.url})`],
    ["variables", Object.keys(options.env).join(", ") || "none"],
    ["superseded deployments deleted", String(superseded.length - kept.length)],
    ["comment", finalWrite ? `#${finalWrite.id}${firstWrite?.created ? " (new)" : " (updated)"}` : "none (no GITHUB_TOKEN)"],
  ];
  if (output.droppedForFork.length > 0) rows.push(["not deployed (static files only)", output.droppedForFork.join(", ")]);
  return {
    command: "preview deploy",
    verdict: "passed",
    summary: `preview ready at ${previewUrl}`,
    blocks: [
      { kind: "paragraph", text: `Preview of ${options.repository}#${options.pr} (${options.sha.slice(0, 7)}) is ready.`, tone: "good" },
      { kind: "table", columns: ["", "value"], rows },
    ],
    findings: [],
    warnings,
    json: {
      action: "deploy",
      pr: options.pr,
      sha: options.sha,
      previewUrl,
      alias: hostname,
      deploymentId: deployment.id,
      deploymentUrl: `https://${deployment.url}`,
      deletedDeployments: superseded.filter((id) => !kept.includes(id)),
      commentId: finalWrite?.id ?? null,
      removedDuplicateComments: (firstWrite?.removedDuplicates ?? 0) + (finalWrite?.removedDuplicates ?? 0),
      env: Object.keys(options.env),
      notDeployed: output.droppedForFork,
    },
  };
}

/**
 * With --verify-pr, the PR number and commit come from an artifact untrusted code wrote: act only when the PR
 * is in the expected state and its head is that commit. Otherwise a result that skips (nothing is wrong
 * with the gate: a newer run, or none, owns this PR's preview).
 */
async function verifyPullRequest(options: PreviewOptions, comments: PullRequestComments | undefined, expected: "open" | "closed"): Promise<CommandResult | undefined> {
  if (!options.verifyPr || !comments || !options.sha) return undefined;
  const pull = await comments.pull();
  const sha = options.sha.toLowerCase();
  const reason =
    pull.state !== expected
      ? `pull request #${options.pr} is ${pull.state}, not ${expected}`
      : !pull.headSha.toLowerCase().startsWith(sha)
        ? `pull request #${options.pr} head is ${pull.headSha.slice(0, 7)} (${pull.headRepo}), not ${sha.slice(0, 7)}`
        : undefined;
  if (!reason) return undefined;
  const command = `preview ${options.action}`;
  return {
    command,
    verdict: "passed",
    summary: `skipped: ${reason}`,
    blocks: [{ kind: "paragraph", text: `Not running ${options.action}: ${reason}.`, tone: "warn" }],
    findings: [],
    warnings: [`${options.action} skipped: ${reason}`],
    json: { action: options.action, pr: options.pr, sha: options.sha, skipped: reason },
  };
}

async function cleanup(options: PreviewCleanupOptions, ctx: RunContext, mask: (text: string) => string): Promise<CommandResult> {
  const project = options.projectName ?? options.project;
  const comments = commentsFor(options, project);
  const skip = await verifyPullRequest(options, comments, "closed");
  if (skip) return skip;
  const vercel = new VercelApi(options.vercelApiUrl, options.vercelToken, options.team);
  const own = comments ? await comments.findOwn() : [];
  const state = own[0]?.state;
  const ids = [...new Set([options.deploymentId, state?.deploymentId, ...(state?.others ?? [])])].filter((id): id is string => Boolean(id));
  const hostname = state?.url ? new URL(state.url).hostname : aliasHostname(options.aliasTemplate, options.projectName ?? repoName(options.repository), options.pr);
  const deletedDeployments: string[] = [];
  const deletedAliases: string[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    try {
      const aliases = await vercel.aliasesOf(id).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return [];
        throw error;
      });
      for (const alias of aliases) if (await vercel.deleteAlias(alias.uid)) deletedAliases.push(alias.alias);
      if (await vercel.deleteDeployment(id)) deletedDeployments.push(id);
    } catch (error) {
      problems.push(`${id}: ${mask((error as Error).message)}`);
    }
  }
  // The alias may point at a deployment nobody recorded (a run that died before commenting).
  if (!deletedAliases.includes(hostname)) {
    try {
      if (await vercel.deleteAlias(hostname)) deletedAliases.push(hostname);
    } catch (error) {
      problems.push(`${hostname}: ${mask((error as Error).message)}`);
    }
  }
  ctx.log(`preview: deleted ${deletedDeployments.length} deployment(s) and ${deletedAliases.length} alias(es) of ${options.repository}#${options.pr}`);
  let commentId: number | undefined;
  if (comments && (own.length > 0 || deletedDeployments.length > 0 || deletedAliases.length > 0)) {
    const removedState: PreviewState = { stage: "removed", sha: state?.sha ?? "", at: nowIso(), deploymentId: state?.deploymentId ?? ids[0], others: problems.length ? ids.filter((id) => !deletedDeployments.includes(id)) : undefined };
    commentId = (await comments.upsert(renderComment(removedState, { project, pr: options.pr, runUrl: options.runUrl }), own)).id;
  }
  const failed = problems.length > 0;
  return {
    command: "preview cleanup",
    verdict: failed ? "failed" : "passed",
    summary: failed
      ? `cleanup incomplete: ${problems.length} problem(s)`
      : deletedDeployments.length + deletedAliases.length === 0
        ? `nothing to clean up for ${options.repository}#${options.pr}`
        : `deleted ${deletedDeployments.length} deployment(s) and ${deletedAliases.length} alias(es)`,
    blocks: [
      {
        kind: "table",
        columns: ["", "value"],
        rows: [
          ["deployments deleted", deletedDeployments.join(", ") || "none"],
          ["aliases deleted", deletedAliases.join(", ") || "none"],
          ["comment", commentId ? `#${commentId} marked removed` : "none"],
        ],
      },
      ...(failed ? [{ kind: "list" as const, items: problems, tone: "bad" as const }] : []),
    ],
    findings: problems.map((problem) => ({ ruleId: "preview-cleanup-failed", level: "error" as const, message: problem, title: "preview cleanup" })),
    warnings: [],
    json: { action: "cleanup", pr: options.pr, deletedDeployments, deletedAliases, commentId: commentId ?? null, problems },
  };
}
