import type { Role } from "../api/types";

const ROLE_LABELS: Record<Role, string> = {
  property_manager: "Property manager",
  branch_manager: "Branch manager",
  lettings_negotiator: "Lettings negotiator",
};

/** "Lettings negotiator"; an unknown role from a newer API shows as sent. */
export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string | undefined>)[role] ?? role;
}

/** The message for a 403: what the user tried, in words, and that their role is why. */
export function forbiddenMessage(role: string | undefined, action: string | undefined): string {
  const who = role ? `Your role (${roleLabel(role)})` : "Your role";
  return `${who} cannot ${action ?? "do this"}.`;
}
