/**
 * A fresh ID per API call, sent as `X-Request-ID`. The API accepts `[A-Za-z0-9_-]{8,64}`,
 * logs it, echoes it, and records it in `/trace`, so one ID follows a click from the
 * browser through the API log to the SQL statement (SC-009).
 */
export function newRequestId(): string {
  return crypto.randomUUID();
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** True when the API would accept `value` as a client-supplied request ID. */
export function isValidRequestId(value: string | null | undefined): value is string {
  return typeof value === "string" && REQUEST_ID_PATTERN.test(value);
}
