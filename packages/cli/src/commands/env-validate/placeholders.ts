/**
 * Values an example file may hold without leaking anything: empty, templated
 * (`${DB_PASSWORD}`, `<your-token>`, `{{ token }}`), or words that say "fill me
 * in". Kept apart so secret-scan-style detection and the honesty check agree.
 */
const PLACEHOLDER_WORDS =
  /^(?:changeme|change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|todo|tbd|xxx+|\*+|\.\.\.|dummy|example|placeholder|secret|password|test|none|null|your[-_ ].*|.*[-_]here|<.*>|\[.*\]|\{\{.*\}\}|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*)$/i;

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === "") return true;
  if (PLACEHOLDER_WORDS.test(trimmed)) return true;
  // "your-api-key-here", "my_secret_key", "replace-with-a-long-random-string"
  if (/\b(?:your|replace|changeme|placeholder|example)\b/i.test(trimmed.replace(/[-_]/g, " "))) return true;
  return false;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * A value that looks generated rather than typed: long, several character
 * classes, high entropy, and not a URL or path a person would write.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (isUrlWithoutPassword(value)) return false; // people type URLs; credentials in them are checked separately
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
  return classes >= 2 && shannonEntropy(value) >= 3.5;
}

/** `scheme://user:password@host` with a password that is not a placeholder. */
export function urlWithRealPassword(value: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i.exec(value);
  return Boolean(match && !isPlaceholder(decodeURIComponent(match[1]!)));
}

/** A URL that carries no password (safe to show in an example). */
export function isUrlWithoutPassword(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false;
  try {
    return new URL(value).password === "";
  } catch {
    return false;
  }
}
