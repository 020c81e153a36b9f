// Shapes of examples/crm/openapi.json (components.schemas *Out / *Create) used by the UI.

export type PropertyType = "house" | "flat" | "bungalow" | "maisonette" | "studio" | "commercial";
export type ListingType = "sale" | "let";
export type PropertyStatus = "available" | "under_offer" | "sold" | "let_agreed" | "let" | "withdrawn";
export type ViewingStatus = "scheduled" | "completed" | "cancelled" | "no_show";

export interface Property {
  id: number;
  address_line1: string;
  address_line2: string | null;
  city: string;
  postcode: string;
  country: string;
  property_type: PropertyType;
  listing_type: ListingType;
  status: PropertyStatus;
  bedrooms: number;
  bathrooms: number;
  price_pence: number;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface Client {
  id: number;
  full_name: string;
  email: string;
  phone: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface ClientCreate {
  full_name: string;
  email: string;
  phone?: string | null;
  notes?: string;
}

export interface Viewing {
  id: number;
  property_id: number;
  client_id: number;
  scheduled_at: string;
  status: ViewingStatus;
  notes: string;
  created_at: string;
}

export interface ViewingCreate {
  property_id: number;
  client_id: number;
  /** ISO 8601 with a UTC offset: the API requires an aware datetime. */
  scheduled_at: string;
  notes?: string;
}

export interface PropertyFilters {
  search?: string;
  listing_type?: ListingType;
  min_bedrooms?: number;
}

/** Fields of PATCH /api/clients/{id}; only the ones present are changed. */
export type ClientUpdate = Partial<{ full_name: string; email: string; phone: string | null; notes: string }>;

export type Role = "property_manager" | "branch_manager" | "lettings_negotiator";

/** GET /api/auth/me: who the token belongs to. */
export interface CurrentUser {
  id: number;
  email: string;
  full_name: string;
  role: Role;
}

/** POST /api/auth/login → 200. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}
