import { ApiError, NETWORK_ERROR_STATUS, parseErrorBody } from "./errors";
import { isValidRequestId, newRequestId } from "./requestId";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
export type QueryValue = string | number | undefined;

export interface ApiClientOptions {
  /** API origin, e.g. https://api.crm.example.com (no trailing slash needed). */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Injected in tests; defaults to crypto.randomUUID. */
  requestId?: () => string;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  requestId: string;
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
      const headers: Record<string, string> = { Accept: "application/json", "X-Request-ID": requestId };
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
        throw new ApiError(message, response.status, usedId, fieldErrors);
      }
      return { data: body as T, status: response.status, requestId: usedId };
    },
  };
}
