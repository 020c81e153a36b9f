/**
 * False-positive filters, shared by every rule. The common complaints about
 * secret scanners (lockfile hashes, base64 images, `changeme`, `${VAR}`) are
 * each answered here by one small predicate with a test row.
 */
import { createHmac } from "node:crypto";

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const PLACEHOLDER_WORDS =
  /(?:example|placeholder|changeme|change[_-]?me|change[_-]?this|change[_-]?it\b|replace[_-]?(?:with|this)|set[_-]?me|\.\.\.|…|replace[_-]?me|your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password|pass)|xxxx|\*\*\*\*|dummy|redacted|insert[_-]|fill[_-]?in|todo|not[_-]?a[_-]?real|fake|sample|lorem|invalid|test[_-]?(?:key|token|secret|password))/i;
const TEMPLATED =
  /^(?:\$\{[^}]*\}?|\$\([^)]*\)?|\{\{.*\}\}|<[^>]*>|%\([^)]*\)s|%[A-Za-z_][A-Za-z0-9_]*%|\$[A-Za-z_][A-Za-z0-9_]*|#\{[^}]*\}|@[A-Za-z_]+@|__[A-Z0-9_]+__)$/;
const CODE_REFERENCE = /^(?:process\.env|os\.environ|os\.getenv|env\(|getenv|settings\.|config\.|import\.meta\.env|secrets\.|vars\.|ENV\[)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** md5, sha1 (git object ids), sha256, sha512 in hex. */
const HEX_HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
const SRI_HASH = /^sha(?:1|256|384|512)-[A-Za-z0-9+/]+={0,2}$/;
const REPEATED = /^(.)\1+$|^(?:0123456789|123456789|abcdefgh|abcdef|qwerty)/i;

/**
 * HMAC keys published with example tokens: jwt.io's two defaults and the FastAPI
 * tutorial's `SECRET_KEY` (docs/…/security/oauth2-jwt.md). A token they sign is
 * a public example — in docs and the tests that follow them — not a credential.
 */
const PUBLIC_EXAMPLE_JWT_KEYS = [
  "your-256-bit-secret",
  "a-string-secret-at-least-256-bits-long",
  "secret",
  "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7",
];

/** True when an HS256/384/512 token's signature verifies under a published example key. */
export function isPublicExampleJwt(token: string): boolean {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || !signature) return false;
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown } | null)?.alg;
  } catch {
    return false;
  }
  const hash = alg === "HS256" ? "sha256" : alg === "HS384" ? "sha384" : alg === "HS512" ? "sha512" : undefined;
  if (!hash) return false;
  return PUBLIC_EXAMPLE_JWT_KEYS.some((key) => createHmac(hash, key).update(`${header}.${payload}`).digest("base64url") === signature);
}

/** True for values that are obviously not a real credential: templates, words, references, empties. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim().replace(/^["'`]|["'`]$/g, "");
  if (trimmed.length === 0) return true;
  if (TEMPLATED.test(trimmed)) return true;
  if (/\$\{[^}]+\}|\{\{[^}]+\}\}/.test(trimmed)) return true;
  if (CODE_REFERENCE.test(trimmed)) return true;
  if (PLACEHOLDER_WORDS.test(trimmed)) return true;
  if (REPEATED.test(trimmed)) return true;
  // `sntryu_aaaa…`, `AKIA0000000000000000`: a long run of one character filling most of the value
  // was typed, not generated (Twitter's bearer tokens do start with 22 `A`s, then 90 random characters).
  const run = /(.)\1{9,}/.exec(trimmed);
  if (run && run[0].length * 2.5 >= trimmed.length) return true;
  // Format strings: f-strings and str.format (`{password}`, `{db.password!s}`), printf (`%s`, `%(pw)s`).
  if (/\{[A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:![rsa])?(?::[^}]*)?\}/.test(trimmed)) return true;
  if (/%(?:\([\w.]+\))?[sd]\b/.test(trimmed)) return true;
  if (isPasswordHash(trimmed)) return true;
  if (hasTypedSequence(trimmed)) return true;
  if (isAwsDocumentedExample(trimmed)) return true;
  if (trimmed.startsWith("eyJ") && isPublicExampleJwt(trimmed)) return true;
  return false;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "01234567890";

/**
 * A keyboard-typed run — `abcdefgh`, `12345678`, `a1b2c3d4` — is a hand-made
 * example: eight ascending characters in a row almost never occur in a generated key.
 */
export function hasTypedSequence(value: string): boolean {
  const lower = value.toLowerCase();
  for (let i = 0; i + 8 <= lower.length; i++) {
    const window = lower.slice(i, i + 8);
    if (ALPHABET.includes(window) || DIGITS.includes(window)) return true;
  }
  // Interleaved letter-digit counting: a1b2c3d4…
  return /a1b2c3d4|1a2b3c4d/i.test(value);
}

/**
 * A stored password hash (argon2, bcrypt, scrypt, PBKDF2, crypt(3) SHA/MD5, Django's
 * `algorithm$…`): what a user table or a fixture holds instead of the password.
 */
export function isPasswordHash(value: string): boolean {
  return (
    /^\$(?:argon2(?:id|i|d)|2[abxy]?|5|6|1|7|y|gy|scrypt|pbkdf2(?:-sha\d+)?|sha1|md5|apr1)\$/.test(value) ||
    /^(?:pbkdf2_sha(?:1|256|512)|bcrypt(?:_sha256)?|argon2|scrypt|sha1|md5|unsalted_md5|crypt)\$[^\s$]*\$/.test(value) ||
    /^\{(?:SSHA|SSHA256|SSHA512|SHA|SHA256|SHA512|BCRYPT|PBKDF2[\w-]*)\}/i.test(value)
  );
}

/** Identifiers, hashes and digests that look random but are not credentials. */
export function isKnownNonSecretShape(value: string): boolean {
  return UUID.test(value) || HEX_HASH.test(value) || SRI_HASH.test(value);
}

/**
 * Code and prose, not credentials: a call (`getpass.getpass()`), a dotted
 * reference, or words joined by separators (`crm-backend-secrets-production`).
 */
export function looksLikeCodeOrWords(value: string): boolean {
  if (/[()[\]{}<>]/.test(value)) return true;
  if (/^[A-Za-z]+(?:[-_.][A-Za-z]+)+$/.test(value)) return true;
  if (/^[A-Za-z][a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return true;
  // camelCase / PascalCase identifiers with digits (`parsePnpmV5Key`, `useSha256Hash`): every hump a word.
  if (/^(?:[a-z]{2,}|[A-Z][a-z]{2,})[0-9]{0,3}(?:[A-Z][a-z]{2,}[0-9]{0,3}|[A-Z][0-9]{1,3}){1,6}$/.test(value)) return true;
  // A member chain (`exports2.tokensToFunction`): identifier-like segments joined by dots.
  if (/^[A-Za-z_$][A-Za-z_$]*\d{0,2}(?:\.[A-Za-z_$][A-Za-z_$]*\d{0,2})+$/.test(value)) return true;
  // A file-system path (`/Users/me/project`, `./keys/dev.pem`, `tutorial/security/oauth2.md`).
  if (/^(?:~|\.{1,2})?\/[\w./-]*$/.test(value)) return true;
  if (/^[\w.-]+(?:\/[\w.-]+)+\.[a-z0-9]{1,5}$/i.test(value)) return true;
  // Words, numbers and short upper-case codes joined by separators, each part shaped like a word
  // (`SalesResults-1.2`, `DOC_Vector_5_32`, `id-Gost28147-89-None-KeyMeshing`, `X25519.KeyPair`,
  // `sm02915.int.contoso.com`): a name or a host. A generated value's parts mix case and digits at random.
  const parts = value.split(/[-_.]/);
  if (parts.length >= 2 && parts.every((part) => /^(?:\d{1,6}|[A-Z]{1,6}\d{0,6}|[A-Za-z][a-z]+\d{0,6}(?:[A-Z][a-z]+\d{0,6})*)$/.test(part)) && /[A-Za-z][a-z]{2,}/.test(value)) return true;
  // Lower-case words and short numbered parts joined by separators (`hidden_v1_to_v2`, `crm_v2_admin`).
  if (/^(?:[a-z]+\d{0,3}[-_.]){2,}[a-z]+\d{0,3}$/.test(value) && /[a-z]{4,}/.test(value)) return true;
  return false;
}

/** A value that names what it is (`seed-password-123`, `my-secret-token`) is a fixture, not a generated secret. */
export function isSelfDescribing(value: string): boolean {
  return /pass(?:wor)?d|secret|token|api[-_]?key|credential/i.test(value);
}

/**
 * AWS's documented example credentials (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`)
 * and the variants tools' docs derive from them by changing the ending.
 */
export function isAwsDocumentedExample(value: string): boolean {
  return /EXAMPLE(?:KEY)?$/.test(value) || /^(?:AKIAIOSFODNN7|wJalrXUtnFEMI\/K7MDENG\/bPxRfiCY)/.test(value);
}

const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lock",
  "poetry.lock",
  "pipfile.lock",
  "uv.lock",
  "pdm.lock",
  "cargo.lock",
  "composer.lock",
  "gemfile.lock",
  "go.sum",
  "packages.lock.json",
  "flake.lock",
  "mix.lock",
  "pubspec.lock",
  "podfile.lock",
]);

function baseName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? path : path.slice(slash + 1);
}

/** Lockfiles hold integrity hashes by the thousand; generic rules stay off there. */
export function isLockfile(path: string): boolean {
  return LOCKFILES.has(baseName(path).toLowerCase());
}

/**
 * Minified bundles: by name, or by shape (a line over 1,000 characters in a JS/CSS
 * file, or an average line over 300). Generic rules are off there; provider rules
 * still run, because a live key inside a bundle is still a leak.
 */
export function isMinified(path: string, text: string): boolean {
  const name = baseName(path).toLowerCase();
  if (/\.min\.(?:js|mjs|cjs|css)$/.test(name) || name.endsWith(".map")) return true;
  if (!/\.(?:js|mjs|cjs|css)$/.test(name)) return false;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = sample.indexOf("\n"); i !== -1; i = sample.indexOf("\n", i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, sample.length - start);
  return longest > 1000 || sample.length / lines > 300;
}

/** `.env` and `.env.*` files are committed secrets by name, except documented templates. */
export function isDotEnvFile(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (name === ".env") return true;
  if (!name.startsWith(".env.")) return false;
  return !/\.(?:example|sample|template|dist|defaults|schema)$/.test(name);
}

const PKCS7_DATA_OID = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);

/** One DER tag-length-value at `offset`: the tag, where its content starts, and where it ends. */
function derElement(bytes: Uint8Array, offset: number): { tag: number; start: number; end: number } | undefined {
  if (offset + 2 > bytes.length) return undefined;
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || start + octets > bytes.length) return undefined;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[start + i]!;
    start += octets;
  }
  return { tag, start, end: start + length };
}

/**
 * A usable PKCS#12 / PFX key store (`.p12`, `.pfx`, or any name): a DER SEQUENCE of
 * version 3, PKCS#7 data and a MAC with a sane iteration count, spanning the whole
 * file. Its key pair is protected only by a password, often a default (GCP's
 * `notasecret`). Truncated or MAC-less files are not key stores anyone can use.
 */
export function isPkcs12(bytes: Uint8Array): boolean {
  const pfx = derElement(bytes, 0);
  if (!pfx || pfx.tag !== 0x30 || pfx.end !== bytes.length) return false;
  const version = derElement(bytes, pfx.start);
  if (!version || version.tag !== 0x02 || version.end - version.start !== 1 || bytes[version.start] !== 3) return false;
  const authSafe = derElement(bytes, version.end);
  if (!authSafe || authSafe.tag !== 0x30) return false;
  if (Buffer.from(bytes.buffer, bytes.byteOffset + authSafe.start, Math.min(PKCS7_DATA_OID.length, bytes.length - authSafe.start)).compare(PKCS7_DATA_OID) !== 0) return false;
  const mac = derElement(bytes, authSafe.end);
  if (!mac || mac.tag !== 0x30 || mac.end !== pfx.end) return false;
  const digest = derElement(bytes, mac.start);
  const salt = digest && derElement(bytes, digest.end);
  if (!salt || salt.tag !== 0x04) return false;
  const iterations = derElement(bytes, salt.end);
  if (!iterations || iterations.end === iterations.start) return true; // default: 1 iteration
  let count = 0;
  for (let i = iterations.start; i < iterations.end; i++) count = count * 256 + bytes[i]!;
  return iterations.tag === 0x02 && count >= 1 && count <= 10_000_000;
}

/** NUL in the first 8 KiB: a binary file (the same sniff git and ripgrep use). */
export function looksBinary(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, 8192);
  for (let i = 0; i < limit; i++) if (bytes[i] === 0) return true;
  return false;
}

/** True when the match at `index` sits inside a `data:…;base64,` URI (inline images, fonts). */
export function insideDataUri(text: string, index: number): boolean {
  const from = Math.max(0, index - 4096);
  const before = text.slice(from, index);
  const start = before.lastIndexOf("data:");
  if (start === -1) return false;
  const between = before.slice(start);
  return /^data:[\w.+-]+\/[\w.+-]+(?:;[\w=.-]+)*;base64,[A-Za-z0-9+/=\s]*$/.test(between);
}

/** True when the match sits inside a PEM public key or certificate block. */
export function insidePublicKeyBlock(text: string, index: number): boolean {
  const from = Math.max(0, index - 16384);
  const before = text.slice(from, index);
  const begin = before.lastIndexOf("-----BEGIN ");
  if (begin === -1) return false;
  const header = before.slice(begin, begin + 80);
  if (!/^-----BEGIN (?:[A-Z]+ )*(?:PUBLIC KEY|CERTIFICATE(?: REQUEST)?)-----/.test(header)) return false;
  return before.indexOf("-----END ", begin) === -1;
}
