/**
 * The one living PR comment: a hidden marker that names the project and carries the preview's state
 * (so `cleanup` knows which deployment to delete), and the Markdown for each stage of its life.
 */

export type PreviewStage = "building" | "ready" | "error" | "removed";

export interface PreviewState {
  stage: PreviewStage;
  sha: string;
  /** The deployment the alias points at (the live preview). */
  deploymentId?: string;
  /** Other deployments of this PR not deleted yet (a failed build, one whose alias failed). */
  others?: string[];
  url?: string;
  /** ISO time of the stage. */
  at: string;
}

/** GitHub rejects comment bodies over 65,536 characters; stay clear of it. */
export const COMMENT_LIMIT = 65_536;

const MARKER_PREFIX = "<!-- crm-devex:preview";

/** The hidden first line of our comment for `project`. */
export function marker(project: string, state: PreviewState): string {
  return `${MARKER_PREFIX} ${JSON.stringify({ project, ...state }).replace(/--/g, "\\u002d\\u002d")} -->`;
}

/** The state recorded in a comment body for `project`, or undefined when the comment is not ours. */
export function readMarker(body: string, project: string): PreviewState | undefined {
  const start = body.indexOf(MARKER_PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf("-->", start);
  if (end < 0) return undefined;
  try {
    const parsed = JSON.parse(body.slice(start + MARKER_PREFIX.length, end).trim()) as Partial<PreviewState> & { project?: string };
    if (parsed.project !== project || typeof parsed.stage !== "string" || typeof parsed.sha !== "string") return undefined;
    const others = Array.isArray(parsed.others) ? parsed.others.filter((id): id is string => typeof id === "string") : undefined;
    return { stage: parsed.stage, sha: parsed.sha, deploymentId: parsed.deploymentId, others, url: parsed.url, at: String(parsed.at ?? "") };
  } catch {
    return undefined;
  }
}

export interface CommentDetails {
  project: string;
  pr: number;
  /** Failing step, for errors: upload, build, alias… */
  step?: string;
  message?: string;
  logTail?: string[];
  runUrl?: string;
  inspectorUrl?: string;
  deploymentUrl?: string;
  env?: Record<string, string>;
  /** What a fork-safe (`--verify-pr`) deploy left out: functions, middleware, vercel.json keys. */
  notDeployed?: string[];
}

const short = (sha: string) => sha.slice(0, 7);
const when = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");

/** A fenced block that no line of `text` can close early. */
function fence(text: string): string {
  let ticks = "```";
  while (text.includes(ticks)) ticks += "`";
  return `${ticks}text\n${text}\n${ticks}`;
}

/** A fork's preview is static only: say what did not reach Vercel, so nobody wonders why /api is missing. */
function notDeployedNote(dropped: string[] | undefined): string[] {
  if (!dropped || dropped.length === 0) return [];
  return ["", `🛡️ Static files only (the pull request's artifact is untrusted), not deployed: ${dropped.map((item) => `\`${item}\``).join(", ")}.`];
}

/** The whole comment body for a state, always under GitHub's limit (the log tail gives way first). */
export function renderComment(state: PreviewState, details: CommentDetails): string {
  const build = (logTail: string[] | undefined) => {
    const lines = [marker(details.project, state), `### Preview · ${details.project}`, ""];
    switch (state.stage) {
      case "building":
        lines.push(`⏳ **Building** the preview of \`${short(state.sha)}\` (started ${when(state.at)}).`);
        if (state.url) lines.push("", `The previous preview stays up at ${state.url} until this one is ready.`);
        break;
      case "ready":
        lines.push(`✅ **Ready:** ${state.url}`, "", "| commit | deployed | deployment |", "|---|---|---|");
        lines.push(`| \`${short(state.sha)}\` | ${when(state.at)} | ${details.inspectorUrl ? `[${state.deploymentId}](${details.inspectorUrl})` : `\`${state.deploymentId}\``} |`);
        if (details.env && Object.keys(details.env).length > 0) {
          lines.push("", `<details><summary>Preview variables (${Object.keys(details.env).length})</summary>`, "");
          for (const [key, value] of Object.entries(details.env)) lines.push(`- \`${key}\` = \`${value.replace(/`/g, "'")}\``);
          lines.push("", "</details>");
        }
        lines.push(...notDeployedNote(details.notDeployed));
        break;
      case "error":
        lines.push(`❌ **Failed** at step **${details.step ?? "deploy"}** for \`${short(state.sha)}\` (${when(state.at)}).`);
        if (details.message) lines.push("", `> ${details.message.split("\n").join("\n> ")}`);
        if (logTail && logTail.length > 0) lines.push("", `<details open><summary>Last ${logTail.length} log lines</summary>`, "", fence(logTail.join("\n")), "", "</details>");
        lines.push("", `**Retry:** ${details.runUrl ? `[re-run the failed job](${details.runUrl})` : "re-run the failed job"} or push a new commit.`);
        if (state.url) lines.push(`The last good preview is still up at ${state.url}.`);
        lines.push(...notDeployedNote(details.notDeployed));
        break;
      case "removed":
        lines.push(`🧹 **Removed** ${when(state.at)}: the pull request was closed, so its deployment${state.deploymentId ? ` \`${state.deploymentId}\`` : ""} and alias were deleted.`);
        break;
    }
    return lines.join("\n") + "\n";
  };
  let tail = details.logTail?.map((line) => (line.length > 500 ? `${line.slice(0, 500)}…` : line));
  let body = build(tail);
  while (body.length >= COMMENT_LIMIT && tail && tail.length > 0) {
    tail = tail.slice(Math.ceil(tail.length / 4));
    body = build(tail);
  }
  return body.length >= COMMENT_LIMIT ? body.slice(0, COMMENT_LIMIT - 1) : body;
}
