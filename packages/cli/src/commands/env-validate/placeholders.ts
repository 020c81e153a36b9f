/**
 * Values an example file may hold without leaking anything: empty, templated
 * (`${DB_PASSWORD}`, `<your-token>`, `{{ token }}`), or words that say "fill me
 * in". Kept apart so secret-scan-style detection and the honesty check agree.
 */
const PLACEHOLDER_WORDS =
  /^(?:changeme|change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|todo|tbd|xxx+|\*+|\.\.\.|dummy|example|placeholder|secret|pass|passwd|password|pwd|test|none|null|your[-_ ].*|.*[-_]here|<.*>|\[.*\]|\{\{.*\}\}|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*)$/i;

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
 * What people type between words: kebab, snake and dotted names, paths, hosts,
 * emails, image references (`ghcr.io/org/app:nightly`), lists, `name=url` pairs
 * and semver build tags. Anything else (`*)&!$^`…) nobody types by hand.
 */
const WORD_SEPARATORS = /[-_.:/@,=+~]+/;
const TYPED_CHARACTERS = /^[A-Za-z0-9\-_.:/@,=+~]*$/;
/** A token this long made of generated segments is a credential, not a name. */
const MIN_GENERATED_LENGTH = 16;
/** A content digest (`image@sha256:…`) names public content: it is hex, but no secret. */
const CONTENT_DIGEST = /\bsha(?:1|224|256|384|512):[0-9a-f]{32,128}\b/gi;
/** A UUID is generated whatever its hex happens to spell; the nil UUID (all zeros) is a placeholder. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * A segment a person would write: a word in one case or CamelCase, optionally
 * with a number after it (`fra1`, `office365`, `Password123`), or a number with
 * a short unit (`30s`, `64bit`). Hex (`0cc0e6c3…`), base62 (`a8F3kQ9z…`) and
 * base64 runs interleave digits and letters or flip case every letter or two.
 */
export function isWordLike(segment: string): boolean {
  if (/^[0-9]+(?:[A-Za-z]{1,4})?$/.test(segment)) return true;
  const match = /^([A-Za-z]+)[0-9]*$/.exec(segment);
  if (!match) return false;
  const letters = match[1]!;
  // A run of letters in one case counts as words: entropy cannot tell a long compound word from
  // random letters, and credential generators emit digits or mixed case (hex, base62, base64).
  if (letters === letters.toLowerCase() || letters === letters.toUpperCase()) return true;
  return isCamelCase(letters);
}

/**
 * `NextAuthSecret`, `HTTPServer`, `iPhone`: words with vowels and at most one
 * abbreviation. Generated mixed case (`pQghogNccEhgRlwbvyBG`) has lone
 * lower-case letters, or many capital runs and "words" with no vowel.
 */
function isCamelCase(letters: string): boolean {
  if (/[A-Z][a-z][A-Z]/.test(letters)) return false;
  const words = letters.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  // One abbreviation happens (`EstateCrmApp`, `NextJsRouter`); generated text has them everywhere.
  const odd = words.filter((word) => (word.length > 1 && word === word.toUpperCase()) || !/[aeiouy]/i.test(word));
  return odd.length <= 1;
}

/**
 * A value that looks generated rather than typed. Shape first: split on the
 * separators people use, and it is generated only when the segments that are
 * not words add up to a token (a hex key, a JWT, a base64 secret, a UUID).
 * `full-stack-fastapi-project`, `smtp.office365.com`, `/var/run/docker.sock`
 * and `ghcr.io/getsentry/sentry:nightly` are all words. A value with symbols
 * nobody types (Django's `get_random_secret_key()`) falls back to entropy.
 */
export function looksRandom(written: string): boolean {
  if (written.length < MIN_GENERATED_LENGTH || /\s/.test(written)) return false;
  const value = written.replace(CONTENT_DIGEST, "digest");
  if (isUrlWithoutPassword(value)) return false; // people type URLs; credentials in them are checked separately
  if (!TYPED_CHARACTERS.test(value)) {
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
    return classes >= 2 && shannonEntropy(value) >= 3.5;
  }
  if (UUID.test(value) && /[1-9a-f]/i.test(UUID.exec(value)![0])) return true;
  const segments = value.split(WORD_SEPARATORS).filter((segment) => segment !== "");
  const total = segments.join("").length;
  const generated = segments.filter((segment) => !isWordLike(segment)).join("").length;
  // A base64url token split by its own - and _ leaves short pieces that read as words ("Ab"):
  // it is still generated when most of it is not words.
  return generated >= MIN_GENERATED_LENGTH || (total >= MIN_GENERATED_LENGTH && generated * 2 >= total);
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
