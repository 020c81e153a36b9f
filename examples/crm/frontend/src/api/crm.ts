import type { ApiClient, ApiResponse } from "./client";
import type { Client, ClientCreate, ClientUpdate, CurrentUser, Property, PropertyFilters, TokenResponse, Viewing, ViewingCreate } from "./types";

/** The CRM endpoints the UI uses, typed. Each call returns the request ID it was sent with. */
export interface CrmApi {
  /** POST /api/auth/login: e-mail and password for a bearer token (kept in memory by src/auth). */
  login(email: string, password: string): Promise<ApiResponse<TokenResponse>>;
  /** GET /api/auth/me with an explicit token: who just signed in, before the session holds it. */
  me(token: string): Promise<ApiResponse<CurrentUser>>;
  /** POST /api/auth/logout: the API revokes the current token. */
  logout(): Promise<ApiResponse<undefined>>;
  listProperties(filters?: PropertyFilters, signal?: AbortSignal): Promise<ApiResponse<Property[]>>;
  getProperty(id: number, signal?: AbortSignal): Promise<ApiResponse<Property>>;
  listClients(search?: string, signal?: AbortSignal): Promise<ApiResponse<Client[]>>;
  /** The client and its `etag`, to send back with {@link CrmApi.updateClient} / {@link CrmApi.deleteClient}. */
  getClient(id: number, signal?: AbortSignal): Promise<ApiResponse<Client>>;
  createClient(body: ClientCreate): Promise<ApiResponse<Client>>;
  /** PATCH with `If-Match: etag`: a 412 means someone else changed the client since it was read. */
  updateClient(id: number, body: ClientUpdate, etag: string | null): Promise<ApiResponse<Client>>;
  /** DELETE with `If-Match: etag`, like {@link CrmApi.updateClient}. */
  deleteClient(id: number, etag: string | null): Promise<ApiResponse<undefined>>;
  listViewings(filter: { property_id?: number; client_id?: number }, signal?: AbortSignal): Promise<ApiResponse<Viewing[]>>;
  createViewing(body: ViewingCreate): Promise<ApiResponse<Viewing>>;
}

function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

// Without an ETag (an API that sends none) the write goes unconditionally, as before; the API
// decides whether that is allowed.
function ifMatch(etag: string | null): { headers?: Record<string, string> } {
  return etag ? { headers: { "If-Match": etag } } : {};
}

export function createCrmApi(client: ApiClient): CrmApi {
  return {
    login: (email, password) => client.request<TokenResponse>("POST", "api/auth/login", { body: { email, password } }),
    me: (token) => client.request<CurrentUser>("GET", "api/auth/me", { headers: { Authorization: `Bearer ${token}` } }),
    logout: () => client.request<undefined>("POST", "api/auth/logout"),
    listProperties: (filters = {}, signal) =>
      client.request<Property[]>("GET", "api/properties", { query: { ...filters }, ...withSignal(signal) }),
    getProperty: (id, signal) => client.request<Property>("GET", `api/properties/${id}`, withSignal(signal)),
    listClients: (search, signal) =>
      client.request<Client[]>("GET", "api/clients", { query: { search: search?.trim() }, ...withSignal(signal) }),
    getClient: (id, signal) => client.request<Client>("GET", `api/clients/${id}`, withSignal(signal)),
    createClient: (body) => client.request<Client>("POST", "api/clients", { body }),
    updateClient: (id, body, etag) => client.request<Client>("PATCH", `api/clients/${id}`, { body, ...ifMatch(etag) }),
    deleteClient: (id, etag) => client.request<undefined>("DELETE", `api/clients/${id}`, ifMatch(etag)),
    listViewings: (filter, signal) =>
      client.request<Viewing[]>("GET", "api/viewings", { query: { ...filter }, ...withSignal(signal) }),
    createViewing: (body) => client.request<Viewing>("POST", "api/viewings", { body }),
  };
}
