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
});
