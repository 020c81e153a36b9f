import { ApiError, NETWORK_ERROR_STATUS, UNAUTHORIZED, parseErrorBody } from "./errors";
import { isValidRequestId, newRequestId } from "./requestId";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
export type QueryValue = string | number | undefined;

export interface ApiClientOptions {
  /** API origin, e.g. https://api.crm.example.com (no trailing slash needed). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Injected in tests; defaults to crypto.randomUUID. */
  requestId?: () => string;
  /** Where the bearer token comes from, and who hears about a 401 (src/auth/session.ts). */
  auth?: TokenSource;
}

/**
 * The signed-in session as the HTTP layer sees it. `token()` is read on every call, so a new
 * login takes effect at once; `unauthorized(sentToken)` is told which token the API refused,
 * so a late 401 for a token already replaced by a fresh login is ignored.
 */
export interface TokenSource {
  token(): string | null;
  unauthorized(sentToken: string): void;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `If-Match` with the ETag a record was read with. */
  headers?: Record<string, string>;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  requestId: string;
  /** The `ETag` of a single record (GET one record), to send back as `If-Match`. */
  etag: string | null;
}

export interface ApiClient {
  request<T>(method: HttpMethod, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

/** Joins the base URL, path and query, leaving out undefined and empty query values. */
export function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): string {
  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "") continue;
    url.searchParams.set(key, String(value));
  }
  return url.toString();
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The one place the app talks HTTP. Every call gets its own `X-Request-ID`; every failure —
 * HTTP error or network error — becomes an {@link ApiError} carrying that ID.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const makeId = options.requestId ?? newRequestId;

  return {
    async request<T>(method: HttpMethod, path: string, request: RequestOptions = {}): Promise<ApiResponse<T>> {
      const requestId = makeId();
      const headers: Record<string, string> = { ...request.headers, Accept: "application/json", "X-Request-ID": requestId };
      // A caller that names its own Authorization (GET /api/auth/me right after login) keeps it.
      const sentToken = request.headers?.Authorization === undefined ? (options.auth?.token() ?? null) : null;
      if (sentToken !== null) headers.Authorization = `Bearer ${sentToken}`;
      const init: RequestInit = { method, headers };
      if (request.body !== undefined) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(request.body);
      }
      if (request.signal) init.signal = request.signal;

      let response: Response;
      try {
        response = await doFetch(buildUrl(options.baseUrl, path, request.query), init);
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") throw error;
        throw new ApiError("Could not reach the CRM API — check your connection and try again", NETWORK_ERROR_STATUS, requestId);
      }
      // The API echoes the ID it used; it only differs if it rejected ours as malformed.
      const echoed = response.headers.get("X-Request-ID");
      const usedId = isValidRequestId(echoed) ? echoed : requestId;
      const body = await readJson(response);
      if (!response.ok) {
        const { message, fieldErrors } = parseErrorBody(body, response.status);
        // A 401 on a call that carried a token: the session ended (expired, revoked, signed out
        // elsewhere). The auth layer sends the user to the login page; the error still reaches
        // the caller so it can stop waiting.
        if (response.status === UNAUTHORIZED && sentToken !== null) options.auth?.unauthorized(sentToken);
        throw new ApiError(message, response.status, usedId, fieldErrors);
      }
      return { data: body as T, status: response.status, requestId: usedId, etag: response.headers.get("ETag") };
    },
  };
}
