import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createApiClient } from "../api/client";
import { CrmApiProvider } from "../api/context";
import { createCrmApi } from "../api/crm";
import type { Client, CurrentUser, Property, Viewing } from "../api/types";
import { AuthProvider } from "../auth/context";
import { createDraftStore } from "../auth/drafts";
import { createAuthSession } from "../auth/session";
import { Router } from "../router";

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type FakeHandler = (request: RecordedRequest) => { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A fetch that answers like the CRM API from a table of `"METHOD /path"` handlers and
 * records every request, so tests run the real api/client.ts over it.
 */
export function fakeFetch(routes: Record<string, FakeHandler>) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init.headers);
    const recorded: RecordedRequest = {
      method: init.method ?? "GET",
      url,
      headers,
      body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : undefined,
    };
    requests.push(recorded);
    const handler = routes[`${recorded.method} ${url.pathname}`];
    const answer = handler ? handler(recorded) : { status: 404, body: { detail: "Not Found" } };
    const responseHeaders = new Headers({ "Content-Type": "application/json", ...answer.headers });
    const echoed = headers.get("X-Request-ID");
    if (echoed && !responseHeaders.has("X-Request-ID")) responseHeaders.set("X-Request-ID", echoed);
    const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
    return Promise.resolve(new Response(answer.status === 204 ? null : text, { status: answer.status, headers: responseHeaders }));
  };
  return { fetch: fetchImpl, requests };
}

export const TEST_TOKEN = "test-token-of-the-signed-in-user";

/**
 * Render `ui` inside the app's providers at `path`, over a fake API, signed in as `user`
 * (`null`: signed out) with {@link TEST_TOKEN}, as main.tsx wires them.
 */
export function renderWithApi(ui: ReactElement, routes: Record<string, FakeHandler>, path = "/", { user = aUser() }: { user?: CurrentUser | null } = {}) {
  window.history.replaceState(null, "", path);
  const fake = fakeFetch(routes);
  const session = createAuthSession();
  const drafts = createDraftStore();
  if (user) {
    drafts.claim(user.id);
    session.signIn(TEST_TOKEN, user);
  }
  const api = createCrmApi(createApiClient({ baseUrl: "http://api.test", fetch: fake.fetch, auth: session }));
  const view = render(
    <CrmApiProvider api={api}>
      <AuthProvider session={session} drafts={drafts}>
        <Router>{ui}</Router>
      </AuthProvider>
    </CrmApiProvider>,
  );
  return { ...view, requests: fake.requests, session, drafts };
}

export function aUser(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return { id: 3, email: "nia.evans@example.com", full_name: "Nia Evans", role: "lettings_negotiator", ...overrides };
}

export const json = (body: unknown, status = 200) => () => ({ status, body });

export function aProperty(overrides: Partial<Property> = {}): Property {
  return {
    id: 1,
    address_line1: "14 Harbour Row",
    address_line2: null,
    city: "Bristol",
    postcode: "BS1 5TX",
    country: "GB",
    property_type: "flat",
    listing_type: "sale",
    status: "available",
    bedrooms: 2,
    bathrooms: 1,
    price_pence: 32_500_000,
    description: "Second-floor flat overlooking the harbour.",
    created_at: "2026-01-05T09:00:00Z",
    updated_at: "2026-01-05T09:00:00Z",
    ...overrides,
  };
}

export function aClient(overrides: Partial<Client> = {}): Client {
  return {
    id: 7,
    full_name: "Siobhán O'Brien",
    email: "siobhan.obrien@example.com",
    phone: "+44 20 7946 0958",
    notes: "",
    created_at: "2026-02-01T10:30:00Z",
    updated_at: "2026-02-01T10:30:00Z",
    ...overrides,
  };
}

export function aViewing(overrides: Partial<Viewing> = {}): Viewing {
  return {
    id: 3,
    property_id: 1,
    client_id: 7,
    scheduled_at: "2026-03-10T14:00:00Z",
    status: "scheduled",
    notes: "Bring the floor plan",
    created_at: "2026-02-02T10:00:00Z",
    ...overrides,
  };
}
