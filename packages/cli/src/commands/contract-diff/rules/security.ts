/** Security: what credentials an operation demands. */
import type { ContractRule } from "../model.js";

const schemes = {
  securitySchemes: {
    bearer: { type: "http", scheme: "bearer" },
    apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
    oauth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://auth.example.test/token", scopes: { "properties:read": "read", "properties:write": "write" } } } },
  },
};

export const securityRules: ContractRule[] = [
  {
    id: "security-requirement-added",
    description: "Clients that could call the operation with some credentials (or none) no longer can.",
    level: "breaking",
    direction: "request",
    area: "security",
    message: "the operation now requires {to}; clients using {from} are rejected",
    docs: "Calls with the old credentials get 401/403. Keep the old scheme as an alternative while clients migrate.",
    mirror: "security-requirement-removed",
    fires: [
      { title: "public → bearer", base: { components: schemes }, head: { components: schemes, operation: { security: [{ bearer: [] }] } } },
      { title: "apiKey replaced by bearer", base: { components: schemes, security: [{ apiKey: [] }] }, head: { components: schemes, security: [{ bearer: [] }] } },
    ],
    quiet: [{ title: "bearer offered as an alternative", base: { components: schemes, security: [{ apiKey: [] }] }, head: { components: schemes, security: [{ apiKey: [] }, { bearer: [] }] } }],
  },
  {
    id: "security-requirement-removed",
    description: "An operation accepts looser credentials (a new alternative, or none).",
    level: "info",
    direction: "request",
    area: "security",
    message: "the operation now also accepts {to}",
    docs: "Existing clients keep working; review that opening it up is intended.",
    mirror: "security-requirement-added",
    fires: [{ title: "bearer alternative added", base: { components: schemes, security: [{ apiKey: [] }] }, head: { components: schemes, security: [{ apiKey: [] }, { bearer: [] }] } }],
    quiet: [{ title: "same requirement", base: { components: schemes, security: [{ apiKey: [] }] }, head: { components: schemes, operation: { security: [{ apiKey: [] }] } } }],
  },
  {
    id: "security-scope-added",
    description: "An OAuth2/OpenID scope was added to a requirement.",
    level: "breaking",
    direction: "request",
    area: "security",
    message: "the operation now also needs the scope(s) {values} of `{name}`",
    docs: "Tokens issued with the old scopes are rejected until clients re-consent.",
    mirror: "security-scope-removed",
    fires: [{ title: "properties:write added", base: { components: schemes, security: [{ oauth: ["properties:read"] }] }, head: { components: schemes, security: [{ oauth: ["properties:read", "properties:write"] }] } }],
    quiet: [{ title: "scope removed", base: { components: schemes, security: [{ oauth: ["properties:read", "properties:write"] }] }, head: { components: schemes, security: [{ oauth: ["properties:read"] }] } }],
  },
  {
    id: "security-scope-removed",
    description: "An OAuth2/OpenID scope is no longer needed.",
    level: "info",
    direction: "request",
    area: "security",
    message: "the operation no longer needs the scope(s) {values} of `{name}`",
    docs: "Looser; existing tokens still work.",
    mirror: "security-scope-added",
    fires: [{ title: "properties:write removed", base: { components: schemes, security: [{ oauth: ["properties:read", "properties:write"] }] }, head: { components: schemes, security: [{ oauth: ["properties:read"] }] } }],
    quiet: [{ title: "reordered scopes", base: { components: schemes, security: [{ oauth: ["properties:read", "properties:write"] }] }, head: { components: schemes, security: [{ oauth: ["properties:write", "properties:read"] }] } }],
  },
];
