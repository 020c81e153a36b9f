/** Tiny schema builders that keep the rules' examples readable. */

export function obj(properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> {
  return required.length ? { type: "object", properties, required } : { type: "object", properties };
}

export function str(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "string", ...extra };
}

export function int(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "integer", ...extra };
}

export function query(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, in: "query", schema: { type: "string" }, ...extra };
}

export const PROPERTY = obj({ id: int(), address: str(), price: int() }, ["id", "address"]);
