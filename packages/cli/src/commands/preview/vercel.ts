/**
 * Vercel's REST API, called directly (no `@vercel/client`: it installs ~150 packages and its file upload gives
 * up on the first 5xx without telling us the status). The deploy is the flow the Vercel CLI uses:
 * create with the files' SHA1s → `missing_files` → upload those (`x-vercel-digest`) → create again → poll
 * until READY. Every call goes through `requestJson`: 429/5xx retried with backoff, `Retry-After` honoured,
 * bounded by the retry policy; a failure names the step, the HTTP status and Vercel's request id.
 */
import { ApiError, requestJson, type RetryPolicy, DEFAULT_RETRY } from "../../io/http-retry.js";
import type { DeployFile } from "./static-output.js";

export interface CreatedDeployment {
  id: string;
  url: string;
  name: string;
  inspectorUrl?: string;
}

export type DeployStep = "upload" | "create" | "build" | "alias";

/** A deploy that did not reach READY: which step broke and what Vercel said. */
export class DeployFailure extends Error {
  constructor(
    readonly step: DeployStep,
    message: string,
    readonly deploymentId?: string,
    readonly status?: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "DeployFailure";
  }

  /** The failure of one API call, keeping its status and request id. */
  static fromApi(step: DeployStep, error: unknown, deploymentId?: string): DeployFailure {
    if (error instanceof ApiError) return new DeployFailure(step, error.message, deploymentId, error.status, error.requestId);
    return new DeployFailure(step, error instanceof Error ? error.message : String(error), deploymentId);
  }
}

interface DeploymentJson {
  id: string;
  url: string;
  name: string;
  readyState?: string;
  inspectorUrl?: string | null;
  errorCode?: string;
  errorMessage?: string | null;
}

export interface DeployRequest {
  name: string;
  project: string;
  env: Record<string, string>;
  meta: Record<string, string>;
  files: DeployFile[];
  /** Give up waiting for READY after this long (the build keeps going on Vercel's side). */
  timeoutMs: number;
}

/** Status polls: quick at first (static output is usually ready within seconds), then every 5 s. */
export const POLL_DELAYS_MS = [500, 1000, 2000, 3000, 5000];

/** Files uploaded at once. */
const UPLOAD_CONCURRENCY = 8;

export class VercelApi {
  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    /** `team_…` is sent as `teamId`, anything else as the team's `slug`: one team parameter per request. */
    private readonly team: string | undefined,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly now: () => number = Date.now,
  ) {}

  private url(path: string, query: Record<string, string> = {}): string {
    const url = new URL(`${this.apiUrl.replace(/\/$/, "")}${path}`);
    if (this.team) url.searchParams.set(this.team.startsWith("team_") ? "teamId" : "slug", this.team);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.href;
  }

  private request<T>(method: string, path: string, body?: unknown, query?: Record<string, string>, headers: Record<string, string> = {}) {
    return requestJson<T>(this.url(path, query), { method, body, headers: { authorization: `Bearer ${this.token}`, "user-agent": "crm-devex", ...headers } }, this.retry);
  }

  private sleep(ms: number): Promise<void> {
    return (this.retry.sleep ?? ((delay: number) => new Promise<void>((resolve) => setTimeout(resolve, delay))))(ms);
  }

  /** Upload what Vercel is missing and create a preview deployment, then wait until it is READY. */
  async deploy(request: DeployRequest): Promise<CreatedDeployment> {
    let created: DeploymentJson;
    try {
      created = await this.create(request);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "missing_files")) throw DeployFailure.fromApi("create", error);
      const missing = new Set(((error.body as { error?: { missing?: unknown } }).error?.missing as string[] | undefined) ?? []);
      await this.upload(request.files.filter((file) => missing.has(file.sha)));
      try {
        created = await this.create(request);
      } catch (again) {
        throw DeployFailure.fromApi("create", again);
      }
    }
    return this.waitUntilReady(created, request.timeoutMs);
  }

  private async create(request: DeployRequest): Promise<DeploymentJson> {
    const { body } = await this.request<DeploymentJson>(
      "POST",
      "/v13/deployments",
      {
        name: request.name,
        project: request.project,
        files: request.files.map(({ file, sha, size, mode }) => ({ file, sha, size, mode })),
        // Static output: nothing to build on Vercel's side.
        projectSettings: { framework: null, buildCommand: null, installCommand: null, outputDirectory: null, devCommand: null },
        env: request.env,
        build: { env: request.env },
        meta: request.meta,
      },
      { skipAutoDetectionConfirmation: "1" },
    );
    return body;
  }

  /** Each file once (identical files share a SHA1), a few at a time; the first that fails after retries ends the upload. */
  private async upload(files: DeployFile[]): Promise<void> {
    const queue = [...new Map(files.map((file) => [file.sha, file])).values()];
    let failure: DeployFailure | undefined;
    const worker = async () => {
      for (let file = queue.shift(); file && !failure; file = queue.shift()) {
        try {
          await this.request("POST", "/v2/files", file.data, undefined, {
            "content-type": "application/octet-stream",
            "x-vercel-digest": file.sha,
            "x-now-size": String(file.size),
          });
        } catch (error) {
          failure ??= DeployFailure.fromApi("upload", error instanceof ApiError ? error : new Error(`${file.file}: ${(error as Error).message}`));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, queue.length) }, worker));
    if (failure) throw failure;
  }

  private async waitUntilReady(created: DeploymentJson, timeoutMs: number): Promise<CreatedDeployment> {
    const deadline = this.now() + timeoutMs;
    let state = created;
    for (let poll = 0; ; poll++) {
      if (poll > 0 || !isSettled(state.readyState)) {
        try {
          state = (await this.request<DeploymentJson>("GET", `/v13/deployments/${encodeURIComponent(created.id)}`)).body;
        } catch (error) {
          throw DeployFailure.fromApi("build", error, created.id);
        }
      }
      if (state.readyState === "READY") {
        return { id: state.id, url: state.url, name: state.name ?? created.name, inspectorUrl: state.inspectorUrl ?? created.inspectorUrl ?? undefined };
      }
      if (state.readyState === "ERROR" || state.readyState === "CANCELED") {
        const reason = state.readyState === "CANCELED" ? "the deployment was canceled" : (state.errorMessage ?? "the build failed");
        throw new DeployFailure("build", state.errorCode ? `${state.errorCode}: ${reason}` : reason, created.id);
      }
      const delay = POLL_DELAYS_MS[Math.min(poll, POLL_DELAYS_MS.length - 1)]!;
      if (this.now() + delay > deadline) {
        throw new DeployFailure("build", `still ${state.readyState ?? "QUEUED"} after ${formatDuration(timeoutMs)} (--timeout): Vercel goes on building, this job stopped waiting`, created.id);
      }
      await this.sleep(delay);
    }
  }

  /** Point `hostname` at the deployment (moving it from the PR's previous deployment). */
  async assignAlias(deploymentId: string, hostname: string): Promise<void> {
    await this.request("POST", `/v2/deployments/${encodeURIComponent(deploymentId)}/aliases`, { alias: hostname });
  }

  /** The last `limit` build log lines of a deployment (empty when Vercel has none). */
  async logTail(deploymentId: string, limit = 40): Promise<string[]> {
    const { body } = await this.request<({ type?: string; text?: string; payload?: { text?: string } } | null)[]>(
      "GET",
      `/v3/deployments/${encodeURIComponent(deploymentId)}/events`,
      undefined,
      { builds: "1", direction: "backward", limit: String(limit) },
    );
    const lines = (Array.isArray(body) ? body : [])
      .filter((event): event is NonNullable<typeof event> => event !== null)
      .map((event) => event.payload?.text ?? event.text)
      .filter((text): text is string => typeof text === "string");
    return lines.slice(-limit);
  }

  async aliasesOf(deploymentId: string): Promise<{ uid: string; alias: string }[]> {
    const { body } = await this.request<{ aliases: { uid: string; alias: string }[] }>("GET", `/v2/deployments/${encodeURIComponent(deploymentId)}/aliases`);
    return body.aliases;
  }

  /** Delete an alias by id or hostname; false when it was already gone. */
  async deleteAlias(idOrHostname: string): Promise<boolean> {
    return this.deleteIgnoringMissing(`/v2/aliases/${encodeURIComponent(idOrHostname)}`);
  }

  /** Delete a deployment; false when it was already gone. */
  async deleteDeployment(deploymentId: string): Promise<boolean> {
    return this.deleteIgnoringMissing(`/v13/deployments/${encodeURIComponent(deploymentId)}`);
  }

  private async deleteIgnoringMissing(path: string): Promise<boolean> {
    try {
      await this.request("DELETE", path);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
  }
}

const isSettled = (state: string | undefined) => state === "READY" || state === "ERROR" || state === "CANCELED";

/** "90s", "5m", "1m30s" for messages. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes === 0 ? `${rest}s` : rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

/**
 * A duration flag: plain seconds or a number with s, m or h.
 *
 * @example
 * parseDuration("5m") // 300_000
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const factor = { s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? "s"]!;
  const ms = Number(match[1]) * factor;
  return ms > 0 ? ms : undefined;
}
