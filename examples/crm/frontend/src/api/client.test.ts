import { describe, expect, it } from "vitest";
import { fakeFetch } from "../test/fakeApi";
import { buildUrl, createApiClient } from "./client";
import { ApiError, NETWORK_ERROR_STATUS } from "./errors";

describe("buildUrl", () => {
  it.each([
    ["http://api.test", "api/clients", {}, "http://api.test/api/clients"],
    ["http://api.test/", "api/clients", { search: "O'Brien" }, "http://api.test/api/clients?search=O%27Brien"],
    ["https://api.crm.example.com", "api/properties", { search: undefined, min_bedrooms: 2, listing_type: "" }, "https://api.crm.example.com/api/properties?min_bedrooms=2"],
  ])("%s + %s + %j → %s", (base, path, query, expected) => {
    expect(buildUrl(base, path, query)).toBe(expected);
  });
});

describe("createApiClient", () => {
  it("sends a fresh X-Request-ID with every call and returns the ID used", async () => {
    const fake = fakeFetch({ "GET /api/clients": () => ({ status: 200, body: [] }) });
    const client = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch });
    const first = await client.request("GET", "api/clients");
    const second = await client.request("GET", "api/clients");
    const sent = fake.requests.map((request) => request.headers.get("X-Request-ID"));
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]).not.toBe(sent[1]);
    expect([first.requestId, second.requestId]).toEqual(sent);
  });

  it("sends JSON bodies with a content type and parses the JSON answer", async () => {
    const fake = fakeFetch({ "POST /api/clients": (request) => ({ status: 201, body: { id: 9, ...(request.body as object) } }) });
    const client = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, requestId: () => "req-00000001" });
    const response = await client.request<{ id: number; full_name: string }>("POST", "api/clients", { body: { full_name: "Siobhán O'Brien" } });
    expect(response).toEqual({ status: 201, requestId: "req-00000001", etag: null, data: { id: 9, full_name: "Siobhán O'Brien" } });
    expect(fake.requests[0]?.headers.get("Content-Type")).toBe("application/json");
    expect(fake.requests[0]?.body).toEqual({ full_name: "Siobhán O'Brien" });
  });

  it("omits the content type when there is no body, and accepts an empty answer", async () => {
    const fake = fakeFetch({ "DELETE /api/clients/3": () => ({ status: 204 }) });
    const client = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch });
    const response = await client.request("DELETE", "api/clients/3");
    expect(response.data).toBeUndefined();
    expect(fake.requests[0]?.headers.has("Content-Type")).toBe(false);
  });

  it("turns a 400 into an ApiError with field errors and the request ID", async () => {
    const fake = fakeFetch({
      "POST /api/clients": () => ({
        status: 400,
        body: { detail: "Validation failed", errors: [{ loc: ["body", "email"], msg: "value is not a valid email address", type: "value_error" }] },
      }),
    });
    const client = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, requestId: () => "req-bad-email" });
    const error = await client.request("POST", "api/clients", { body: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      message: "Validation failed",
      requestId: "req-bad-email",
      fieldErrors: [{ field: "email", message: "value is not a valid email address" }],
    });
  });

  it("reports the ID the API echoed when it replaced ours", async () => {
    const fake = fakeFetch({ "GET /api/clients/1": () => ({ status: 404, body: { detail: "Client not found" }, headers: { "X-Request-ID": "server-chosen-id-123" } }) });
    const client = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, requestId: () => "ours-0001" });
    await expect(client.request("GET", "api/clients/1")).rejects.toMatchObject({ status: 404, message: "Client not found", requestId: "server-chosen-id-123" });
  });

  it("keeps its own ID when the echoed header is missing or malformed", async () => {
    const fake = fakeFetch({ "GET /api/x": () => ({ status: 500, body: "<html>oops</html>", headers: { "X-Request-ID": "bad id!" } }) });
    const client = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, requestId: () => "ours-0002" });
    await expect(client.request("GET", "api/x")).rejects.toMatchObject({ status: 500, message: "The server had a problem", requestId: "ours-0002" });
  });

  it("turns a network failure into an ApiError with status 0 and the request ID", async () => {
    const failing = () => Promise.reject(new TypeError("Failed to fetch"));
    const client = createApiClient({ baseUrl: "http://api.test", fetch: failing, requestId: () => "offline-0003" });
    await expect(client.request("GET", "api/clients")).rejects.toMatchObject({ status: NETWORK_ERROR_STATUS, requestId: "offline-0003" });
  });

  it("lets an abort through untouched", async () => {
    const aborting = () => Promise.reject(new DOMException("aborted", "AbortError"));
    const client = createApiClient({ baseUrl: "http://api.test", fetch: aborting });
    await expect(client.request("GET", "api/clients")).rejects.toMatchObject({ name: "AbortError" });
  });

  it("passes the abort signal to fetch", async () => {
    const fake = fakeFetch({ "GET /api/clients": () => ({ status: 200, body: [] }) });
    let seen: AbortSignal | null | undefined;
    const spy: typeof fetch = (input, init) => {
      seen = init?.signal;
      return fake.fetch(input, init);
    };
    const controller = new AbortController();
    await createApiClient({ baseUrl: "http://api.test", fetch: spy }).request("GET", "api/clients", { signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });

  it("returns the ETag of a record and sends extra headers such as If-Match", async () => {
    const fake = fakeFetch({
      "GET /api/clients/7": () => ({ status: 200, body: { id: 7 }, headers: { ETag: '"v3"' } }),
      "PATCH /api/clients/7": () => ({ status: 200, body: { id: 7 } }),
    });
    const client = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch });
    const read = await client.request("GET", "api/clients/7");
    expect(read.etag).toBe('"v3"');
    await client.request("PATCH", "api/clients/7", { body: { notes: "x" }, headers: { "If-Match": read.etag ?? "" } });
    expect(fake.requests[1]?.headers.get("If-Match")).toBe('"v3"');
  });
});

describe("createApiClient with a session", () => {
  function session(token: string | null) {
    const refused: string[] = [];
    return { refused, source: { token: () => token, unauthorized: (sent: string) => refused.push(sent) } };
  }

  it("sends the session's bearer token with every call", async () => {
    const fake = fakeFetch({ "GET /api/clients": () => ({ status: 200, body: [] }) });
    const { source } = session("tok-123");
    await createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, auth: source }).request("GET", "api/clients");
    expect(fake.requests[0]?.headers.get("Authorization")).toBe("Bearer tok-123");
  });

  it("sends no Authorization header without a token", async () => {
    const fake = fakeFetch({ "POST /api/auth/login": () => ({ status: 200, body: {} }) });
    const { source } = session(null);
    await createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, auth: source }).request("POST", "api/auth/login", { body: {} });
    expect(fake.requests[0]?.headers.has("Authorization")).toBe(false);
  });

  it("reports a 401 to the session with the token that was refused, and still throws", async () => {
    const fake = fakeFetch({ "GET /api/clients": () => ({ status: 401, body: { detail: "Invalid or expired token" }, headers: { "WWW-Authenticate": "Bearer" } }) });
    const { source, refused } = session("tok-old");
    const call = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, auth: source }).request("GET", "api/clients");
    await expect(call).rejects.toMatchObject({ status: 401, message: "Invalid or expired token" });
    expect(refused).toEqual(["tok-old"]);
  });

  it.each([
    ["a 401 on a call without a token (wrong password)", null, 401, undefined],
    ["a 403 (signed in, role may not)", "tok", 403, undefined],
    ["a 401 for a token the caller named itself (GET /me after login)", "tok", 401, "Bearer other"],
  ])("does not end the session for %s", async (_case, token, status, authorization) => {
    const fake = fakeFetch({ "GET /api/x": () => ({ status, body: { detail: "no" } }) });
    const { source, refused } = session(token);
    const headers = authorization ? { Authorization: authorization } : undefined;
    const call = createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, auth: source }).request("GET", "api/x", headers ? { headers } : {});
    await expect(call).rejects.toMatchObject({ status });
    expect(refused).toEqual([]);
    if (authorization) expect(fake.requests[0]?.headers.get("Authorization")).toBe(authorization);
  });
});
