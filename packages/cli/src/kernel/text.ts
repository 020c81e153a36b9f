/** Small text helpers shared by rule families; pure, no I/O. */

/**
 * Escapes every character that has a meaning in a regular expression, so `text` matches itself.
 *
 * @example
 * new RegExp(`^${escapeRegExp("/api/v1/items/{id}")}$`)
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
