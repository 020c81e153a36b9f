/**
 * Vercel's REST API, called directly (no `@vercel/client`: it installs ~150 packages and its file upload gives
 * up on the first 5xx without telling us the status). The deploy is the flow the Vercel CLI uses:
 * create with the files' SHA1s → `missing_files` → upload those (`x-vercel-digest`) → create again → poll
 * until READY. Every call goes through `requestJson`: 429/5xx retried with backoff, `Retry-After` honoured,
 * bounded by the retry policy; a failure names the step, the HTTP status and Vercel's request id.
 * Every answer is checked against the shape we rely on (zod schemas below) before it is used: a 200 with an
 * HTML page, `null` or a deployment without an id is a failed step, never a preview reported ready.
 */
import { z } from "zod";
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
    if (error instanceof ApiError || error instanceof UnexpectedResponse) return new DeployFailure(step, error.message, deploymentId, error.status, error.requestId);
    return new DeployFailure(step, error instanceof Error ? error.message : String(error), deploymentId);
  }
}

/** Vercel answered with a success status but not with what its API documents (an HTML page, `null`, no id…). */
export class UnexpectedResponse extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly requestId: string | undefined,
    readonly problem: string,
  ) {
    super(`unexpected response from Vercel: ${problem} (${method} ${path} answered HTTP ${status}${requestId ? `, request id ${requestId}` : ""})`);
    this.name = "UnexpectedResponse";
  }
}

/** `readyState` as Vercel documents it; anything else is not a state we can wait on. */
const READY_STATES = ["QUEUED", "INITIALIZING", "BUILDING", "READY", "ERROR", "CANCELED", "BLOCKED"] as const;
type ReadyState = (typeof READY_STATES)[number];

/** A hostname as Vercel gives it in `url` (no scheme): the preview link is built from it. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** What create and each status poll must carry: the id we poll and delete by, the URL we publish, the state. */
const deploymentSchema = z.object({
  id: z.string().min(1),
  url: z.string().regex(HOSTNAME, "is not a hostname"),
  name: z.string().min(1).optional(),
  readyState: z.enum(READY_STATES),
  inspectorUrl: z.string().nullish(),
  errorCode: z.string().nullish(),
  errorMessage: z.string().nullish(),
});
/** Create also names the deployment (the alias falls back to it). */
const createdSchema = deploymentSchema.extend({ name: z.string().min(1) });
type DeploymentJson = z.infer<typeof deploymentSchema>;
type CreatedJson = z.infer<typeof createdSchema>;

/** `{}` or `{ urls }`: a JSON object either way. */
const uploadSchema = z.object({}).passthrough();
const aliasAssignedSchema = z.object({ uid: z.string().min(1), alias: z.string().min(1) }).passthrough();
const aliasListSchema = z.object({ aliases: z.array(z.object({ uid: z.string().min(1), alias: z.string().min(1) }).passthrough()) });
/** Events are loosely typed (Vercel has sent `null` entries); only the list itself is required. */
const eventsSchema = z.array(z.union([z.null(), z.record(z.unknown())]));
const aliasDeletedSchema = z.object({ status: z.literal("SUCCESS") });
const deploymentDeletedSchema = z.object({ state: z.literal("DELETED") });
/** The `missing_files` error lists the SHA1s Vercel still needs. */
const missingFilesSchema = z.object({ error: z.object({ missing: z.array(z.string().regex(/^[0-9a-f]{40}$/)).min(1) }) });

/** One line on what was wrong with a body, for the failure message. */
export function describeUnexpected(body: unknown, error: z.ZodError): string {
  if (body === undefined) return "an empty body";
  if (body === null) return "a null body";
  if (typeof body === "string") return /^\s*</.test(body) ? "an HTML page instead of JSON" : "text instead of JSON";
  if (typeof body !== "object") return `a bare JSON ${typeof body} (${JSON.stringify(body)})`;
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const field = issue.path.join(".") || "body";
      if (issue.code === "invalid_type" && issue.received === "undefined") return `${field} is missing`;
      if (issue.code === "invalid_enum_value") return `${field} ${JSON.stringify(issue.received)} is not one of ${issue.options.join(", ")}`;
      return `${field} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
    })
    .join("; ");
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

  /** One call whose answer must match `schema`; anything else is an UnexpectedResponse naming the call, status and request id. */
  private async request<S extends z.ZodTypeAny>(schema: S, method: string, path: string, body?: unknown, query?: Record<string, string>, headers: Record<string, string> = {}): Promise<z.infer<S>> {
    const response = await requestJson<unknown>(this.url(path, query), { method, body, headers: { authorization: `Bearer ${this.token}`, "user-agent": "crm-devex", ...headers } }, this.retry);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw new UnexpectedResponse(method, path, response.status, response.headers.get("x-vercel-id") ?? undefined, describeUnexpected(response.body, parsed.error));
    return parsed.data as z.infer<S>;
  }

  private sleep(ms: number): Promise<void> {
    return (this.retry.sleep ?? ((delay: number) => new Promise<void>((resolve) => setTimeout(resolve, delay))))(ms);
  }

  /** Upload what Vercel is missing and create a preview deployment, then wait until it is READY. */
  async deploy(request: DeployRequest): Promise<CreatedDeployment> {
    let created: CreatedJson;
    try {
      created = await this.create(request);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "missing_files")) throw DeployFailure.fromApi("create", error);
      const listed = missingFilesSchema.safeParse(error.body);
      if (!listed.success) {
        const problem = new UnexpectedResponse(error.method, new URL(error.url).pathname, error.status, error.requestId, `missing_files ${describeUnexpected(error.body, listed.error)}`);
        throw DeployFailure.fromApi("create", problem);
      }
      const missing = new Set(listed.data.error.missing);
      await this.upload(request.files.filter((file) => missing.has(file.sha)));
      try {
        created = await this.create(request);
      } catch (again) {
        throw DeployFailure.fromApi("create", again);
      }
    }
    return this.waitUntilReady(created, request.timeoutMs);
  }

  private async create(request: DeployRequest): Promise<CreatedJson> {
    return this.request(
      createdSchema,
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
  }

  /** Each file once (identical files share a SHA1), a few at a time; the first that fails after retries ends the upload. */
  private async upload(files: DeployFile[]): Promise<void> {
    const queue = [...new Map(files.map((file) => [file.sha, file])).values()];
    let failure: DeployFailure | undefined;
    const worker = async () => {
      for (let file = queue.shift(); file && !failure; file = queue.shift()) {
        try {
          await this.request(uploadSchema, "POST", "/v2/files", file.data, undefined, {
            "content-type": "application/octet-stream",
            "x-vercel-digest": file.sha,
            "x-now-size": String(file.size),
          });
        } catch (error) {
          const known = error instanceof ApiError || error instanceof UnexpectedResponse;
          failure ??= DeployFailure.fromApi("upload", known ? error : new Error(`${file.file}: ${(error as Error).message}`));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, queue.length) }, worker));
    if (failure) throw failure;
  }

  private async waitUntilReady(created: CreatedJson, timeoutMs: number): Promise<CreatedDeployment> {
    const deadline = this.now() + timeoutMs;
    let state: DeploymentJson = created;
    for (let poll = 0; ; poll++) {
      if (poll > 0 || !isSettled(state.readyState)) {
        try {
          const path = `/v13/deployments/${encodeURIComponent(created.id)}`;
          state = await this.request(deploymentSchema.refine((polled) => polled.id === created.id, { message: `is not the deployment polled (${created.id})`, path: ["id"] }), "GET", path);
        } catch (error) {
          throw DeployFailure.fromApi("build", error, created.id);
        }
      }
      if (state.readyState === "READY") {
        return { id: state.id, url: state.url, name: state.name ?? created.name, inspectorUrl: state.inspectorUrl ?? created.inspectorUrl ?? undefined };
      }
      if (state.readyState === "ERROR" || state.readyState === "CANCELED" || state.readyState === "BLOCKED") {
        const reason = state.readyState === "CANCELED" ? "the deployment was canceled" : state.readyState === "BLOCKED" ? (state.errorMessage ?? "Vercel blocked the deployment") : (state.errorMessage ?? "the build failed");
        throw new DeployFailure("build", state.errorCode ? `${state.errorCode}: ${reason}` : reason, created.id);
      }
      const delay = POLL_DELAYS_MS[Math.min(poll, POLL_DELAYS_MS.length - 1)]!;
      if (this.now() + delay > deadline) {
        throw new DeployFailure("build", `still ${state.readyState} after ${formatDuration(timeoutMs)} (--timeout): Vercel goes on building, this job stopped waiting`, created.id);
      }
      await this.sleep(delay);
    }
  }

  /** Point `hostname` at the deployment (moving it from the PR's previous deployment). */
  async assignAlias(deploymentId: string, hostname: string): Promise<void> {
    await this.request(aliasAssignedSchema, "POST", `/v2/deployments/${encodeURIComponent(deploymentId)}/aliases`, { alias: hostname });
  }

  /** The last `limit` build log lines of a deployment (empty when Vercel has none). */
  async logTail(deploymentId: string, limit = 40): Promise<string[]> {
    const events = await this.request(eventsSchema, "GET", `/v3/deployments/${encodeURIComponent(deploymentId)}/events`, undefined, { builds: "1", direction: "backward", limit: String(limit) });
    const lines = events
      .filter((event): event is Record<string, unknown> => event !== null)
      .map((event) => (event.payload as { text?: unknown } | undefined)?.text ?? event.text)
      .filter((text): text is string => typeof text === "string");
    return lines.slice(-limit);
  }

  async aliasesOf(deploymentId: string): Promise<{ uid: string; alias: string }[]> {
    const { aliases } = await this.request(aliasListSchema, "GET", `/v2/deployments/${encodeURIComponent(deploymentId)}/aliases`);
    return aliases.map(({ uid, alias }) => ({ uid, alias }));
  }

  /** Delete an alias by id or hostname; false when it was already gone. */
  async deleteAlias(idOrHostname: string): Promise<boolean> {
    return this.deleteIgnoringMissing(aliasDeletedSchema, `/v2/aliases/${encodeURIComponent(idOrHostname)}`);
  }

  /** Delete a deployment; false when it was already gone. */
  async deleteDeployment(deploymentId: string): Promise<boolean> {
    return this.deleteIgnoringMissing(deploymentDeletedSchema, `/v13/deployments/${encodeURIComponent(deploymentId)}`);
  }

  private async deleteIgnoringMissing(schema: z.ZodTypeAny, path: string): Promise<boolean> {
    try {
      await this.request(schema, "DELETE", path);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
  }
}

const isSettled = (state: ReadyState) => state === "READY" || state === "ERROR" || state === "CANCELED" || state === "BLOCKED";

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
