import type { ApiClient, ApiResponse } from "./client";
import type { Client, ClientCreate, Property, PropertyFilters, Viewing, ViewingCreate } from "./types";

/** The CRM endpoints the UI uses, typed. Each call returns the request ID it was sent with. */
export interface CrmApi {
  listProperties(filters?: PropertyFilters, signal?: AbortSignal): Promise<ApiResponse<Property[]>>;
  getProperty(id: number, signal?: AbortSignal): Promise<ApiResponse<Property>>;
  listClients(search?: string, signal?: AbortSignal): Promise<ApiResponse<Client[]>>;
  getClient(id: number, signal?: AbortSignal): Promise<ApiResponse<Client>>;
  createClient(body: ClientCreate): Promise<ApiResponse<Client>>;
  listViewings(filter: { property_id?: number; client_id?: number }, signal?: AbortSignal): Promise<ApiResponse<Viewing[]>>;
  createViewing(body: ViewingCreate): Promise<ApiResponse<Viewing>>;
}

function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

export function createCrmApi(client: ApiClient): CrmApi {
  return {
    listProperties: (filters = {}, signal) =>
      client.request<Property[]>("GET", "api/properties", { query: { ...filters }, ...withSignal(signal) }),
    getProperty: (id, signal) => client.request<Property>("GET", `api/properties/${id}`, withSignal(signal)),
    listClients: (search, signal) =>
      client.request<Client[]>("GET", "api/clients", { query: { search: search?.trim() }, ...withSignal(signal) }),
    getClient: (id, signal) => client.request<Client>("GET", `api/clients/${id}`, withSignal(signal)),
    createClient: (body) => client.request<Client>("POST", "api/clients", { body }),
    listViewings: (filter, signal) =>
      client.request<Viewing[]>("GET", "api/viewings", { query: { ...filter }, ...withSignal(signal) }),
    createViewing: (body) => client.request<Viewing>("POST", "api/viewings", { body }),
  };
}
