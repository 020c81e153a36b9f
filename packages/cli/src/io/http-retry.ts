/**
 * JSON over HTTP for vendor APIs (GitHub, Vercel): retries 429 and 5xx answers and network errors with
 * exponential backoff, honouring `Retry-After` (seconds or HTTP date) and `X-RateLimit-Reset` when the
 * server sends them, because both vendors tell clients exactly how long to wait.
 */

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** First backoff when the server gives no hint; doubled each attempt. */
  baseDelayMs: number;
  /** A server asking for a longer wait than this fails the call instead of stalling the job. */
  maxDelayMs: number;
  /** Injectable for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** A vendor API answered with an error status (after retries, for retryable ones). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly method: string,
    readonly url: string,
    /** The vendor's id for the request (`x-vercel-id`, `x-github-request-id`), for a support ticket. */
    readonly requestId?: string,
    /** Attempts made, retries included. */
    readonly attempts = 1,
  ) {
    const tried = attempts > 1 ? ` after ${attempts} attempts` : "";
    const id = requestId ? ` (request id ${requestId})` : "";
    super(`${method} ${new URL(url).pathname} answered HTTP ${status}${tried}${id}${describeBody(body)}`);
    this.name = "ApiError";
  }

  /** The vendor's error code (`missing_files`, `alias_in_use`…), when the body carries one. */
  get code(): string | undefined {
    const error = (this.body as { error?: { code?: unknown } } | null)?.error;
    return typeof error?.code === "string" ? error.code : undefined;
  }
}

/** Response headers in which GitHub and Vercel name the request. */
const REQUEST_ID_HEADERS = ["x-vercel-id", "x-github-request-id", "x-request-id"];

function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

function describeBody(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const record = body as { message?: unknown; error?: { code?: unknown; message?: unknown } };
  if (record.error && typeof record.error === "object") return `: ${String(record.error.code ?? "")} ${String(record.error.message ?? "")}`.trimEnd();
  if (typeof record.message === "string") return `: ${record.message.split("\n")[0]}`;
  return "";
}

function isRetryable(status: number, headers: Headers): boolean {
  // GitHub's secondary rate limit is a 403 that carries Retry-After.
  return status === 429 || status >= 500 || (status === 403 && headers.has("retry-after"));
}

/** How long the server asked us to wait, in ms, or undefined. */
export function serverDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("x-ratelimit-reset");
  if (reset && /^\d+$/.test(reset) && headers.get("x-ratelimit-remaining") === "0") return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}

export interface JsonResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Send a request and parse the JSON answer; throws ApiError for an error status that retries did not cure.
 *
 * @example
 * const { body } = await requestJson<{ login: string }>("https://api.github.com/user", { headers: { authorization: `Bearer ${token}` } });
 */
export async function requestJson<T>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<JsonResponse<T>> {
  const method = init.method ?? "GET";
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // A Buffer is sent as it is (a file upload: the caller sets its content type); anything else as JSON.
  const raw = init.body instanceof Uint8Array ? init.body : undefined;
  const headers: Record<string, string> = { accept: "application/json", ...(init.body !== undefined && !raw ? { "content-type": "application/json" } : {}), ...init.headers };
  const payload = raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  for (let attempt = 0; ; attempt++) {
    let response: Response | undefined;
    let networkError: unknown;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      networkError = error;
    }
    const backoff = policy.baseDelayMs * 2 ** attempt;
    if (!response) {
      if (attempt >= policy.retries) {
        const cause = (networkError as { cause?: { code?: string } }).cause?.code ?? (networkError as Error).message;
        throw new Error(`${method} ${url}: ${cause}`, { cause: networkError });
      }
      await sleep(backoff);
      continue;
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (response.ok) return { status: response.status, headers: response.headers, body: body as T };
    if (attempt < policy.retries && isRetryable(response.status, response.headers)) {
      const delay = serverDelayMs(response.headers) ?? backoff;
      if (delay <= policy.maxDelayMs) {
        await sleep(delay);
        continue;
      }
    }
    throw new ApiError(response.status, body, method, url, requestIdOf(response.headers), attempt + 1);
  }
}
