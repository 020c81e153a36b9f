/** One field problem from the API's 400 body (`errors[].loc` is e.g. ["body", "email"]). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Any failed API call. `requestId` is the ID the browser sent (or the one the API echoed),
 * shown to the user so support can find the request in the logs and in `/trace`.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    message: string,
    readonly status: number,
    readonly requestId: string,
    readonly fieldErrors: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

/** Status 0: the request never got an HTTP answer (API down, CORS refused, offline). */
export const NETWORK_ERROR_STATUS = 0;
/** No valid bearer token: the session is over and the user must sign in again. */
export const UNAUTHORIZED = 401;
/** Signed in, but the user's role may not do this. */
export const FORBIDDEN = 403;
/** `If-Match` named an older version: someone else changed the record since it was read. */
export const PRECONDITION_FAILED = 412;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fieldName(loc: unknown): string {
  if (!Array.isArray(loc)) return "";
  const parts = loc.filter((part): part is string | number => typeof part === "string" || typeof part === "number");
  // FastAPI prefixes the location ("body", "query"); the form only knows field names.
  const withoutSource = parts[0] === "body" || parts[0] === "query" || parts[0] === "path" ? parts.slice(1) : parts;
  return withoutSource.join(".");
}

/** Read the API's error body (`{detail}` or `{detail, errors:[{loc,msg,type}]}`) defensively. */
export function parseErrorBody(body: unknown, status: number): { message: string; fieldErrors: FieldError[] } {
  const fallback = status >= 500 ? "The server had a problem" : `Request failed (HTTP ${status})`;
  if (!isRecord(body)) return { message: fallback, fieldErrors: [] };
  const message = typeof body.detail === "string" && body.detail.trim() !== "" ? body.detail : fallback;
  const fieldErrors: FieldError[] = [];
  if (Array.isArray(body.errors)) {
    for (const item of body.errors) {
      if (isRecord(item) && typeof item.msg === "string") {
        fieldErrors.push({ field: fieldName(item.loc), message: item.msg.replace(/^Value error, /, "") });
      }
    }
  }
  return { message, fieldErrors };
}
