import { describe, expect, it } from "vitest";
import { fakeFetch } from "../test/fakeApi";
import { createApiClient } from "./client";
import { createCrmApi } from "./crm";

describe("createCrmApi", () => {
  it("maps each call to the documented endpoint, method, query and body", async () => {
    const fake = fakeFetch({
      "GET /api/properties": () => ({ status: 200, body: [] }),
      "GET /api/properties/4": () => ({ status: 200, body: {} }),
      "GET /api/clients": () => ({ status: 200, body: [] }),
      "GET /api/clients/7": () => ({ status: 200, body: {} }),
      "POST /api/clients": () => ({ status: 201, body: {} }),
      "GET /api/viewings": () => ({ status: 200, body: [] }),
      "POST /api/viewings": () => ({ status: 201, body: {} }),
    });
    const api = createCrmApi(createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch }));
    await api.listProperties({ search: "Harbour", listing_type: "let", min_bedrooms: 2 });
    await api.listProperties();
    await api.getProperty(4);
    await api.listClients("  O'Brien ");
    await api.listClients();
    await api.getClient(7);
    await api.createClient({ full_name: "Siobhán O'Brien", email: "s@example.com" });
    await api.listViewings({ property_id: 4 });
    await api.createViewing({ property_id: 4, client_id: 7, scheduled_at: "2026-03-10T14:00:00.000Z" });
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`)).toEqual([
      "GET /api/properties?search=Harbour&listing_type=let&min_bedrooms=2",
      "GET /api/properties",
      "GET /api/properties/4",
      "GET /api/clients?search=O%27Brien",
      "GET /api/clients",
      "GET /api/clients/7",
      "POST /api/clients",
      "GET /api/viewings?property_id=4",
      "POST /api/viewings",
    ]);
    expect(fake.requests[6]?.body).toEqual({ full_name: "Siobhán O'Brien", email: "s@example.com" });
    expect(fake.requests[8]?.body).toEqual({ property_id: 4, client_id: 7, scheduled_at: "2026-03-10T14:00:00.000Z" });
    expect(new Set(fake.requests.map((r) => r.headers.get("X-Request-ID"))).size).toBe(9);
  });

  it("logs in, asks who the token belongs to, and logs out at the auth endpoints", async () => {
    const fake = fakeFetch({
      "POST /api/auth/login": () => ({ status: 200, body: { access_token: "tok", token_type: "bearer", expires_in: 3600 } }),
      "GET /api/auth/me": () => ({ status: 200, body: { id: 1 } }),
      "POST /api/auth/logout": () => ({ status: 204 }),
    });
    const api = createCrmApi(createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch }));
    expect((await api.login("nia@example.com", "correct horse battery")).data.access_token).toBe("tok");
    await api.me("tok");
    await api.logout();
    expect(fake.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(["POST /api/auth/login", "GET /api/auth/me", "POST /api/auth/logout"]);
    expect(fake.requests[0]?.body).toEqual({ email: "nia@example.com", password: "correct horse battery" });
    expect(fake.requests[1]?.headers.get("Authorization")).toBe("Bearer tok");
  });

  it("sends the ETag a client was read with as If-Match on PATCH and DELETE", async () => {
    const fake = fakeFetch({
      "PATCH /api/clients/7": () => ({ status: 200, body: {} }),
      "DELETE /api/clients/7": () => ({ status: 204 }),
    });
    const api = createCrmApi(createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch }));
    await api.updateClient(7, { notes: "Prefers mornings" }, 'W/"7-2"');
    await api.deleteClient(7, 'W/"7-3"');
    await api.updateClient(7, { notes: "no tag" }, null);
    expect(fake.requests.map((r) => [r.method, r.headers.get("If-Match")])).toEqual([
      ["PATCH", 'W/"7-2"'],
      ["DELETE", 'W/"7-3"'],
      ["PATCH", null],
    ]);
    expect(fake.requests[0]?.body).toEqual({ notes: "Prefers mornings" });
  });
});
