/**
 * Mask a secret for display: keep at most a short prefix so a person can tell
 * which credential it is, never enough to use it.
 *
 * @example
 * maskSecret("sk_live_51HxYz...") // "sk_l****"
 */
export function maskSecret(secret: string, keep = 4): string {
  if (secret.length <= keep * 2) return "*".repeat(Math.min(secret.length, 8)) || "****";
  return `${secret.slice(0, keep)}${"*".repeat(8)}`;
}
