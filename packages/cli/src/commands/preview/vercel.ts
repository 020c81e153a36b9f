/**
 * Vercel: upload + create + poll through `@vercel/client` (it hashes files, uploads only the missing ones and
 * polls until READY), and the REST calls it does not make: alias, build events, alias and deployment deletion.
 */
import { createDeployment } from "@vercel/client";
import { ApiError, requestJson, type RetryPolicy, DEFAULT_RETRY } from "../../io/http-retry.js";

export interface CreatedDeployment {
  id: string;
  url: string;
  name: string;
  inspectorUrl?: string;
}

/** A deploy that did not reach READY: which step broke and what Vercel said. */
export class DeployFailure extends Error {
  constructor(
    readonly step: "upload" | "create" | "build" | "alias",
    message: string,
    readonly deploymentId?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "DeployFailure";
  }
}

interface ClientEvent {
  type: string;
  payload: Record<string, unknown> & { id?: string; url?: string; name?: string; status?: number; code?: string; message?: string };
}

export class VercelApi {
  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    private readonly teamId: string | undefined,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  private url(path: string, query: Record<string, string> = {}): string {
    const url = new URL(`${this.apiUrl.replace(/\/$/, "")}${path}`);
    if (this.teamId) url.searchParams.set("teamId", this.teamId);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.href;
  }

  private request<T>(method: string, path: string, body?: unknown, query?: Record<string, string>) {
    return requestJson<T>(this.url(path, query), { method, body, headers: { authorization: `Bearer ${this.token}`, "user-agent": "crm-devex" } }, this.retry);
  }

  /**
   * Upload the directory and create a preview deployment, waiting until it is READY. A 429/5xx on create is
   * retried with backoff (`@vercel/client` returns it as an event without headers, so no Retry-After here;
   * its own status polling already honours Retry-After).
   */
  async deploy(directory: string, deployment: { name: string; project: string; env: Record<string, string>; meta: Record<string, string> }, onEvent: (type: string) => void = () => {}): Promise<CreatedDeployment> {
    const sleep = this.retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.deployOnce(directory, deployment, onEvent);
      } catch (error) {
        const retryable = error instanceof DeployFailure && error.step !== "build" && error.status !== undefined && (error.status === 429 || error.status >= 500);
        if (!retryable || attempt >= this.retry.retries) throw error;
        await sleep(this.retry.baseDelayMs * 2 ** attempt);
      }
    }
  }

  private async deployOnce(directory: string, deployment: { name: string; project: string; env: Record<string, string>; meta: Record<string, string> }, onEvent: (type: string) => void): Promise<CreatedDeployment> {
    let created: ClientEvent["payload"] | undefined;
    let uploading = false;
    const events = createDeployment(
      { token: this.token, path: directory, apiUrl: this.apiUrl, teamId: this.teamId, isDirectory: true, skipAutoDetectionConfirmation: true, userAgent: "crm-devex" },
      {
        name: deployment.name,
        project: deployment.project,
        // Static output: nothing to build on Vercel's side.
        projectSettings: { framework: null, buildCommand: null, installCommand: null, outputDirectory: null, devCommand: null },
        env: deployment.env,
        build: { env: deployment.env },
        meta: deployment.meta,
      } as never,
    );
    for await (const event of events as AsyncIterable<ClientEvent>) {
      onEvent(event.type);
      if (event.type === "file-count") uploading = true;
      if (event.type === "created") created = event.payload;
      if (event.type === "error" || event.type === "canceled" || event.type === "checks-v2-failed") {
        const payload = event.payload ?? {};
        const id = (payload.id as string | undefined) ?? (created?.id as string | undefined);
        const message = String(payload.errorMessage ?? payload.message ?? (event.type === "canceled" ? "the deployment was canceled" : "deployment failed"));
        const step = created ? "build" : uploading ? "upload" : "create";
        const detail = payload.code && !created ? `${String(payload.code)}: ${message}` : message;
        throw new DeployFailure(step, detail, id, typeof payload.status === "number" ? payload.status : undefined);
      }
      if (event.type === "alias-assigned" || (event.type === "ready" && created)) {
        const ready = event.payload;
        return {
          id: String(ready.id ?? created?.id),
          url: String(ready.url ?? created?.url),
          name: String(ready.name ?? created?.name ?? deployment.name),
          inspectorUrl: (ready.inspectorUrl ?? created?.inspectorUrl) as string | undefined,
        };
      }
    }
    throw new DeployFailure(created ? "build" : "create", "Vercel ended the deployment without a READY state", created?.id as string | undefined);
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
