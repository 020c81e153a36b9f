/** Log lines shaped like the example backend's (structlog JSON, one per request). */
export interface RequestLine {
  /** Minutes after BASE. */
  minute: number;
  second?: number;
  status?: number;
  latencyMs?: number;
  path?: string;
}

export const BASE_MS = Date.UTC(2026, 10, 1, 0, 0, 0);

export function requestLine({ minute, second = 0, status = 200, latencyMs = 42, path = "/api/v1/clients" }: RequestLine): string {
  return JSON.stringify({
    timestamp: new Date(BASE_MS + minute * 60_000 + second * 1000).toISOString(),
    level: status >= 500 ? "error" : "info",
    event: "request",
    method: "GET",
    path,
    status,
    latency_ms: latencyMs,
    request_id: `req-${minute}-${second}`,
    user_id: null,
  });
}

/** `perMinute` requests in each of `minutes` minutes; the minutes in `down` answer all with 503. */
export function trafficLog(minutes: number, perMinute: number, down: Set<number> = new Set()): string {
  const lines: string[] = [];
  for (let minute = 0; minute < minutes; minute++) {
    for (let i = 0; i < perMinute; i++) lines.push(requestLine({ minute, second: i, status: down.has(minute) ? 503 : 200 }));
  }
  return `${lines.join("\n")}\n`;
}
