import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { ApiError, requestJson, serverDelayMs } from "./http-retry.js";

describe("serverDelayMs", () => {
  const now = Date.parse("2026-01-05T10:00:00Z");
  test.each([
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": "Mon, 05 Jan 2026 10:00:10 GMT" }, 10_000],
    [{ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 20) }, 20_000],
    [{ "x-ratelimit-remaining": "10", "x-ratelimit-reset": String(now / 1000 + 20) }, undefined],
    [{}, undefined],
  ])("%j → %s", (headers, expected) => {
    expect(serverDelayMs(new Headers(headers), now)).toBe(expected);
  });
});

describe("requestJson", () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  async function serve(replies: { status: number; headers?: Record<string, string>; body: string }[]) {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      const reply = replies.shift() ?? { status: 500, body: "{}" };
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      response.end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => server.close();
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  test("waits what Retry-After says, then succeeds", async () => {
    const { url, seen } = await serve([
      { status: 429, headers: { "retry-after": "2" }, body: '{"message":"slow down"}' },
      { status: 502, body: "{}" },
      { status: 200, body: '{"ok":true}' },
    ]);
    const waits: number[] = [];
    const response = await requestJson<{ ok: boolean }>(`${url}/x`, {}, { retries: 3, baseDelayMs: 10, maxDelayMs: 5000, sleep: async (ms) => void waits.push(ms) });
    expect(response.body).toEqual({ ok: true });
    expect(waits).toEqual([2000, 20]);
    expect(seen).toHaveLength(3);
  });

  test("does not retry a 404, and a wait longer than the cap fails instead of stalling", async () => {
    const { url } = await serve([{ status: 404, body: '{"error":{"code":"not_found","message":"gone"}}' }]);
    await expect(requestJson(`${url}/x`)).rejects.toThrow("GET /x answered HTTP 404: not_found gone");
    const capped = await serve([{ status: 429, headers: { "retry-after": "3600" }, body: "{}" }]);
    const error = await requestJson(`${capped.url}/y`, {}, { retries: 3, baseDelayMs: 10, maxDelayMs: 60_000, sleep: async () => {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect(capped.seen).toHaveLength(1);
  });
});
